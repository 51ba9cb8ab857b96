import { WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import proto from '@temporalio/proto';
import type { Middleware } from 'koa';
import { AppError } from './errors';
import { isAbortedAcceptedUpdate } from './workflow-refusal';
import { UNCODED_CONNECTION_FAILURE, isDatabaseUnavailable, sqlState } from '../db/pg-errors';

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

/**
 * How long a request waits on a Temporal answer it can do without (a schedule's live state,
 * a readiness check): well inside the request's deadline, so the fallback is shown rather
 * than the deadline's 503.
 */
export function optionalWaitMs(config: { temporal: { requestDeadlineMs: number } }): number {
  return Math.floor((config.temporal.requestDeadlineMs * 2) / 3);
}

// gRPC status codes: the server cannot be reached, or did not answer before the deadline.
const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;
// ... or answered "not now": too busy (a rate or concurrency limit), or a workflow not ready.
const GRPC_RESOURCE_EXHAUSTED = 8;
const GRPC_FAILED_PRECONDITION = 9;
// The detail that makes a FAILED_PRECONDITION transient: the workflow's task failed and the
// worker will run it again (an Update sent meanwhile is refused). Other preconditions are not
// outages and stay 500s.
const WORKFLOW_NOT_READY = 'temporal.api.errordetails.v1.WorkflowNotReadyFailure';
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);

type Cause = 'database' | 'temporal' | 'temporal-busy';

/** The type names in a gRPC error's status details (Temporal's typed reasons). */
function statusDetailTypes(e: { metadata?: unknown }): string[] {
  const metadata = e.metadata as { get?: (key: string) => unknown[] } | undefined;
  const encoded = typeof metadata?.get === 'function' ? metadata.get('grpc-status-details-bin')[0] : undefined;
  if (!(encoded instanceof Uint8Array)) return [];
  try {
    return proto.google.rpc.Status.decode(encoded).details.map((d) => (d.type_url ?? '').replace(/^type\.googleapis\.com\//, ''));
  } catch {
    return [];
  }
}

function grpcCause(e: { code?: unknown; metadata?: unknown }): Cause | undefined {
  if (e.code === GRPC_UNAVAILABLE || e.code === GRPC_DEADLINE_EXCEEDED) return 'temporal';
  if (e.code === GRPC_RESOURCE_EXHAUSTED) return 'temporal-busy';
  if (e.code === GRPC_FAILED_PRECONDITION && statusDetailTypes(e).includes(WORKFLOW_NOT_READY)) return 'temporal-busy';
  return undefined;
}

function unavailableCause(err: unknown): Cause | undefined {
  let e = err as { code?: unknown; message?: unknown; cause?: unknown; driverError?: unknown; metadata?: unknown } | undefined;
  for (let depth = 0; e && depth < 6; depth++) {
    if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return 'temporal';
    if (isAbortedAcceptedUpdate(e)) return 'temporal-busy';
    const grpc = typeof e.code === 'number' ? grpcCause(e) : undefined;
    if (grpc) return grpc;
    if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return 'database';
    const code = sqlState(e);
    if (code && isDatabaseUnavailable(code)) return 'database';
    const message = typeof e.message === 'string' ? e.message : '';
    if (UNCODED_CONNECTION_FAILURE.test(message)) return 'database';
    e = (e.driverError ?? e.cause) as typeof e;
  }
  return undefined;
}

const MESSAGES: Record<Cause, string> = {
  database: 'CareCircle cannot reach its database right now. Try again in a moment.',
  temporal: 'CareCircle could not reach its scheduler in time. Try again in a moment; repeating a request with the same Idempotency-Key is safe.',
  'temporal-busy': 'CareCircle\'s scheduler could not take this just now. Try again in a moment; repeating a request with the same Idempotency-Key is safe.',
};

/** A dependency outage, in the API's words: 503 with Retry-After, so clients (and the SPA) try again. */
export function asUnavailable(err: unknown): AppError | undefined {
  const cause = unavailableCause(err);
  if (!cause) return undefined;
  return new AppError(503, 'unavailable', MESSAGES[cause], { retryAfterSeconds: 5, dependency: cause === 'database' ? 'database' : 'temporal' });
}
