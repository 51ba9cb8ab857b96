import { ApplicationFailure } from '@temporalio/activity';
import { isDataRefusal, sqlState } from '../api/db/pg-errors';

/** The ApplicationFailure type of a write or read PostgreSQL refused for good. */
export const INVALID_DATA = 'InvalidData';

/**
 * A non-retryable InvalidData failure for an error PostgreSQL will give again whatever
 * we do, or null when retrying may help. The message names the SQLSTATE and the
 * constraint only: PostgreSQL's own text can quote the refused value (health data).
 * Only data exceptions and integrity violations (api/db/pg-errors.ts) are for good; connection
 * exceptions, a restart, deadlocks and transport errors may pass later and stay retryable.
 */
export function deterministicDatabaseFailure(err: unknown): ApplicationFailure | null {
  if (err instanceof ApplicationFailure) return null;
  const code = sqlState(err);
  if (!code || !isDataRefusal(code)) return null;
  const constraint = (err as { constraint?: unknown }).constraint;
  const on = typeof constraint === 'string' ? `, constraint ${constraint}` : '';
  return ApplicationFailure.create({
    message: `PostgreSQL refused the data for good (SQLSTATE ${code}${on})`,
    type: INVALID_DATA,
    nonRetryable: true,
    details: [{ sqlState: code }],
  });
}
