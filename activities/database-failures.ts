import { ApplicationFailure } from '@temporalio/activity';

/** The ApplicationFailure type of a write or read PostgreSQL refused for good. */
export const INVALID_DATA = 'InvalidData';

/*
 * Which PostgreSQL errors can never succeed on a retry. SQLSTATE classes (PostgreSQL
 * docs, Appendix A): 22 "data exception" (22021 a NUL byte, 22P02 invalid text
 * representation, 22001 value too long) and 23 "integrity constraint violation" (a
 * check, a foreign key to a deleted row) are about the data itself: the same statement
 * with the same data fails the same way forever. Everything else may pass later and
 * stays retryable: 08 connection exceptions, 57P01 admin shutdown (a restart), 53
 * insufficient resources, 40001/40P01 serialisation failures and deadlocks, and plain
 * transport errors (ECONNREFUSED, ECONNRESET, timeouts), which carry no SQLSTATE.
 */
const DETERMINISTIC_CLASSES = new Set(['22', '23']);

/** The SQLSTATE of a pg error (or TypeORM's QueryFailedError, which copies it), if any. */
function sqlState(err: unknown): string | null {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : null;
}

/**
 * A non-retryable InvalidData failure for an error PostgreSQL will give again whatever
 * we do, or null when retrying may help. The message names the SQLSTATE and the
 * constraint only: PostgreSQL's own text can quote the refused value (health data).
 */
export function deterministicDatabaseFailure(err: unknown): ApplicationFailure | null {
  if (err instanceof ApplicationFailure) return null;
  const code = sqlState(err);
  if (!code || !DETERMINISTIC_CLASSES.has(code.slice(0, 2))) return null;
  const constraint = (err as { constraint?: unknown }).constraint;
  const on = typeof constraint === 'string' ? `, constraint ${constraint}` : '';
  return ApplicationFailure.create({
    message: `PostgreSQL refused the data for good (SQLSTATE ${code}${on})`,
    type: INVALID_DATA,
    nonRetryable: true,
    details: [{ sqlState: code }],
  });
}
