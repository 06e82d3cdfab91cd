// `npm run db:generate`: generates the Prisma client into src/generated/prisma.
// The prisma CLI insists on locating a native schema engine even though `generate` never runs it,
// and cannot download one offline; pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file
// satisfies that check (see ../shared/ENVIRONMENT.md).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from './schemaEngine.mjs';

const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
env.PRISMA_HIDE_UPDATE_MESSAGE = '1';
const bin = path.join(projectRoot, 'node_modules/.bin/prisma');
const r = spawnSync(bin, ['generate'], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'inherit'] });
if (r.status !== 0) {
  process.stdout.write(r.stdout ?? '');
  process.exit(r.status ?? 1);
}
