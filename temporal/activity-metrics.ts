import type { Context } from '@temporalio/activity';
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, ActivityInterceptorsFactory, Next } from '@temporalio/worker';
import { activitiesRetrying, activityRetries } from '../activities/metrics/registry';

/**
 * Counts retries of every activity without each adapter remembering to: an attempt after
 * the first means the one before failed (a provider down, PostgreSQL away), which is what
 * ops want to see rising before reminders turn late.
 */
export class ActivityRetryMetrics implements ActivityInboundCallsInterceptor {
  constructor(private readonly info: Pick<Context['info'], 'attempt' | 'activityType'>) {}

  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    if (this.info.attempt <= 1) return next(input);
    const labels = { activity: this.info.activityType };
    activityRetries.inc(labels);
    activitiesRetrying.inc(labels);
    try {
      return await next(input);
    } finally {
      activitiesRetrying.dec(labels);
    }
  }
}

export const activityRetryMetrics: ActivityInterceptorsFactory = (context) => ({ inbound: new ActivityRetryMetrics(context.info) });
