# booking-orchestrator: one image for the api (default command), the worker, and the one-shot
# migrate / temporal:setup jobs (see docker-compose.yml and docs/deploy.md).
# The image runs the compiled build (`npm run build` → dist/, plain `node`); tsx is for development.

# --- production dependencies -------------------------------------------------------------------
FROM node:20.19.5-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# --- build: Prisma client (no native engine needed), tsc to dist/, the workflow bundle ----------
FROM node:20.19.5-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json prisma.config.ts ./
COPY prisma ./prisma
COPY src ./src
COPY workflows ./workflows
COPY activities ./activities
RUN npm run db:generate
# `--ignore-scripts` skips `prebuild`, the db:generate that just ran.
RUN npm run --ignore-scripts build

# --- runtime: production node_modules + dist/ (compiled code, Prisma client, workflow bundle,
# migration scripts and prisma/migrations) -------------------------------------------------------
FROM node:20.19.5-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json ./
COPY --from=build /app/dist ./dist
# Files stay root-owned and read-only for the service user.
USER node
EXPOSE 3000
# node itself (no npm wrapper) so SIGTERM from `docker stop` reaches the service and it shuts down
# gracefully. Worker: `node dist/src/main/worker.js`. Jobs: `npm run db:migrate:prod`,
# `npm run temporal:setup:prod` (see docker-compose.yml).
CMD ["node", "dist/src/main/api.js"]
