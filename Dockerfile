# booking-orchestrator: one image for the api (default command), the worker, and the one-shot
# migrate / temporal:setup jobs (see docker-compose.yml and docs/deploy.md).
# TypeScript runs through tsx at runtime: there is no build step.

# --- production dependencies -------------------------------------------------------------------
FROM node:20.19.5-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# --- Prisma client (generated into src/generated/prisma; no native engine needed) -------------
FROM deps AS prisma-client
COPY prisma.config.ts ./
COPY prisma ./prisma
COPY src/db ./src/db
RUN npm run db:generate

# --- runtime -----------------------------------------------------------------------------------
FROM node:20.19.5-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json prisma.config.ts ./
COPY prisma ./prisma
COPY src ./src
COPY workflows ./workflows
COPY activities ./activities
COPY --from=prisma-client /app/src/generated ./src/generated
# Files stay root-owned and read-only for the service user.
USER node
EXPOSE 3000
# `node --import tsx` is `npx tsx` without the npm wrapper process, so SIGTERM from `docker stop`
# reaches the service directly and it shuts down gracefully.
# Worker: `node --import tsx src/main/worker.ts`. Jobs: `npm run db:migrate`, `npm run temporal:setup`.
CMD ["node", "--import", "tsx", "src/main/api.ts"]
