// Prisma's schema engine compiled to WASM, driven through the pg driver adapter. This is how the
// project creates and applies migrations offline (the native engine the `prisma` CLI downloads is
// not reachable on our machines). Loaded with `node --experimental-wasm-modules` because the
// package imports its .wasm file as an ES module.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { SchemaEngine } from '@prisma/schema-engine-wasm';

export const projectRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
export const schemaPath = path.join(projectRoot, 'prisma/schema.prisma');
export const migrationsDir = path.join(projectRoot, 'prisma/migrations');
export const noFilters = { externalTables: [], externalEnums: [] };

export async function openEngine(connectionString) {
  const schema = await readFile(schemaPath, 'utf8');
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString }));
  const log = (line) => {
    if (process.env.SCHEMA_ENGINE_DEBUG) process.stderr.write(`${line}\n`);
  };
  const engine = await SchemaEngine.new({ datamodels: [[schemaPath, schema]] }, log, adapter);
  return { engine, schema };
}

export async function readMigrations() {
  const lockPath = path.join(migrationsDir, 'migration_lock.toml');
  const lockContent = await readFile(lockPath, 'utf8').catch(() => null);
  const entries = (await readdir(migrationsDir, { withFileTypes: true }).catch(() => []))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const migrationDirectories = [];
  for (const dir of entries) {
    const sql = await readFile(path.join(migrationsDir, dir, 'migration.sql'), 'utf8');
    migrationDirectories.push({
      path: dir,
      migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: sql } },
    });
  }
  return {
    baseDir: migrationsDir,
    lockfile: { path: 'migration_lock.toml', content: lockContent },
    shadowDbInitScript: '',
    migrationDirectories,
  };
}
