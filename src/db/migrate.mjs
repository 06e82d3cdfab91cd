// `npm run db:migrate`: applies pending migrations from prisma/migrations to DATABASE_URL and records
// them in _prisma_migrations exactly as `prisma migrate deploy` does (a second run applies nothing).
import { noFilters, openEngine, readMigrations } from './schemaEngine.mjs';

export async function migrate(connectionString) {
  const { engine } = await openEngine(connectionString);
  try {
    const migrationsList = await readMigrations();
    const out = await engine.applyMigrations({ migrationsList, filters: noFilters });
    return out.appliedMigrationNames;
  } finally {
    engine.free?.();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is required');
    process.exit(2);
  }
  migrate(url)
    .then((applied) => {
      console.log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database is up to date');
      process.exit(0);
    })
    .catch((err) => {
      console.error(`migration failed: ${err?.message ?? err}`);
      process.exit(1);
    });
}
