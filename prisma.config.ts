// Prisma 7 reads the connection URL from here (not from schema.prisma). Only the CLI uses it
// (`prisma migrate deploy` where the native engine exists); the service builds its own adapter.
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres:postgres@127.0.0.1:5433/booking' },
});
