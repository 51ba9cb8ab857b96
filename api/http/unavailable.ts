import { WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import type { Middleware } from 'koa';
import { AppError } from './errors';

interface DeadlineConnection {
  withDeadline<T>(deadline: number | Date, fn: () => Promise<T>): Promise<T>;
}

/**
 * Every Temporal call made while handling an API request inherits one deadline (the SDK
 * keeps it in async context), retries included. The SDK otherwise retries an unreachable
 * server for about 19 s, and a caregiver tapping "Taken" needs to know within seconds that
 * it did not go through (a retry with the same Idempotency-Key is safe once Temporal is back).
 * `ms` is config.temporal.requestDeadlineMs (TEMPORAL_REQUEST_DEADLINE_MS, 3 s by default).
 */
export function temporalDeadline(connection: DeadlineConnection, ms: number): Middleware {
  return (ctx, next) => (ctx.path.startsWith('/api/') ? connection.withDeadline(Date.now() + ms, next) : next());
}

// gRPC status codes: the server cannot be reached, or did not answer before the deadline.
const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

/** PostgreSQL SQLSTATE: 08xxx connection exceptions, 57P01-57P03 the server is shutting down or starting. */
function pgUnavailable(code: string): boolean {
  return code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03';
}

function unavailableCause(err: unknown): 'database' | 'temporal' | undefined {
  let e = err as { code?: unknown; message?: unknown; cause?: unknown; driverError?: unknown } | undefined;
  for (let depth = 0; e && depth < 6; depth++) {
    if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return 'temporal';
    if (typeof e.code === 'number' && (e.code === GRPC_UNAVAILABLE || e.code === GRPC_DEADLINE_EXCEEDED)) return 'temporal';
    if (typeof e.code === 'string' && (NETWORK_CODES.has(e.code) || pgUnavailable(e.code))) return 'database';
    const message = typeof e.message === 'string' ? e.message : '';
    // node-postgres words these without a code.
    if (/Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(message)) return 'database';
    e = (e.driverError ?? e.cause) as typeof e;
  }
  return undefined;
}

/** A dependency outage, in the API's words: 503 with Retry-After, so clients (and the SPA) try again. */
export function asUnavailable(err: unknown): AppError | undefined {
  const cause = unavailableCause(err);
  if (!cause) return undefined;
  const message =
    cause === 'database'
      ? 'CareCircle cannot reach its database right now. Try again in a moment.'
      : 'CareCircle could not reach its scheduler in time. Try again in a moment; repeating a request with the same Idempotency-Key is safe.';
  return new AppError(503, 'unavailable', message, { retryAfterSeconds: 5, dependency: cause });
}
