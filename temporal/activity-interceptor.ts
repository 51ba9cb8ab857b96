import { Context, log } from '@temporalio/activity';
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, ActivityInterceptorsFactory, Next } from '@temporalio/worker';
import { deterministicDatabaseFailure } from '../activities/database-failures';

/**
 * Every activity the worker runs passes through here, so two rules hold for all of them
 * without each adapter remembering:
 *  - an error PostgreSQL will give again forever (invalid input, a violated constraint)
 *    becomes a non-retryable InvalidData failure, logged for ops, so no activity retries
 *    forever on bad data; the workflow decides how to go on (workflows/failures.ts);
 *  - an activity called with a heartbeat timeout (a send) heartbeats while it runs, so a
 *    worker that dies mid-call is noticed within that timeout, not the start-to-close.
 */
class ActivityRules implements ActivityInboundCallsInterceptor {
  constructor(private readonly context: Context) {}

  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    const { context } = this;
    const beatMs = context.info.heartbeatTimeoutMs;
    const beating = beatMs ? setInterval(() => context.heartbeat(), Math.max(200, Math.floor(beatMs / 3))) : undefined;
    try {
      return await next(input);
    } catch (err) {
      const refused = deterministicDatabaseFailure(err);
      if (!refused) throw err;
      const { activityType, workflowExecution, attempt } = context.info;
      log.error(`ops alert: ${activityType} refused by PostgreSQL for good (${refused.message}); not retried`, {
        workflowId: workflowExecution?.workflowId,
        attempt,
      });
      throw refused;
    } finally {
      clearInterval(beating);
    }
  }
}

export const activityRules: ActivityInterceptorsFactory = (context) => ({ inbound: new ActivityRules(context) });
