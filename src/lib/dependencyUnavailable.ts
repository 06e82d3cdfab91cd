import { AppError } from '../errors';

/** The services a request can wait on; the names `/readyz` reports. */
export type Dependency = 'database' | 'temporal';

// gRPC status codes that mean "Temporal did not answer" (not "Temporal said no"). CANCELLED is in the
// list because a loaded server ends a call whose deadline it is about to miss with CANCELLED ("Call
// cancelled") rather than DEADLINE_EXCEEDED (seen in CI on a query to an unpolled workflow); either
// way the caller got no answer in time.
const GRPC_NO_ANSWER = new Set([1 /* CANCELLED */, 4 /* DEADLINE_EXCEEDED */, 14 /* UNAVAILABLE */]);
// Prisma codes for an unreachable, timed-out or vanished database server / pool.
const PRISMA_UNREACHABLE = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
// What the pg driver adapter reports when the socket cannot be opened or dies.
const DRIVER_UNREACHABLE = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout']);
// PostgreSQL SQLSTATEs: query canceled (statement_timeout), shutting down, starting up.
const PG_UNAVAILABLE = new Set(['57014', '57P01', '57P02', '57P03']);
const PG_MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|Query read timeout|ECONNREFUSED|Can't reach database server/i;

type ErrorLike = {
  name?: unknown;
  code?: unknown;
  details?: unknown;
  metadata?: unknown;
  kind?: unknown;
  message?: unknown;
  cause?: unknown;
};

function dependencyOf(e: ErrorLike): Dependency | undefined {
  if (e.name === 'WorkflowUpdateRPCTimeoutOrCancelledError') return 'temporal';
  // A raw gRPC error (ServiceError and friends keep it as `cause`).
  if (typeof e.code === 'number' && typeof e.details === 'string' && typeof e.metadata === 'object')
    return GRPC_NO_ANSWER.has(e.code) ? 'temporal' : undefined;
  if (e.name === 'PrismaClientInitializationError') return 'database';
  if (typeof e.code === 'string' && (PRISMA_UNREACHABLE.has(e.code) || PG_UNAVAILABLE.has(e.code)))
    return 'database';
  if (typeof e.kind === 'string' && DRIVER_UNREACHABLE.has(e.kind)) return 'database';
  if (typeof e.code === 'string' && /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT)$/.test(e.code)) return 'database';
  if (typeof e.message === 'string' && PG_MESSAGES.test(e.message)) return 'database';
  return undefined;
}

/**
 * Which dependency an error says is down or too slow, if any: Temporal gRPC deadline/unavailable,
 * or PostgreSQL unreachable / connect or statement timeout (looked up through the `cause` chain).
 */
export function unavailableDependency(err: unknown): Dependency | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 8 && e && typeof e === 'object'; depth++) {
    const found = dependencyOf(e as ErrorLike);
    if (found) return found;
    e = (e as ErrorLike).cause;
  }
  return undefined;
}

/** The one API error for "a dependency did not answer in time": 503 `unavailable`, retry later. */
export function dependencyUnavailableError(err: unknown): AppError | undefined {
  const dependency = unavailableDependency(err);
  if (!dependency) return undefined;
  return new AppError('unavailable', `${dependency} is unavailable; retry later`, { dependency });
}
