import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client';

export type Db = PrismaClient;

/** How long the database may take before a caller gets an error instead of waiting for the outage. */
export interface DbTimeouts {
  /** Opening a pool connection (pg `connectionTimeoutMillis`); a stopped server fails sooner. */
  connectTimeoutMs: number;
  /**
   * One statement: PostgreSQL cancels it server-side (`statement_timeout`), and the client gives up
   * a little later on its own (`query_timeout`) when the server stopped answering altogether.
   */
  statementTimeoutMs: number;
}

/** Prisma 7 on the WASM query compiler with the pg driver adapter (no native engine needed). */
export function createDb(databaseUrl: string, timeouts?: DbTimeouts): Db {
  const pool = timeouts
    ? {
        connectionString: databaseUrl,
        connectionTimeoutMillis: timeouts.connectTimeoutMs,
        statement_timeout: timeouts.statementTimeoutMs,
        query_timeout: timeouts.statementTimeoutMs + 1_000,
      }
    : { connectionString: databaseUrl };
  return new PrismaClient({ adapter: new PrismaPg(pool) });
}

export { Prisma } from '../generated/prisma/client';
