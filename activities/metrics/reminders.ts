import { ApplicationFailure, Context, type Info } from '@temporalio/activity';
import { CHANNEL_UNAVAILABLE, NO_ADDRESS, PERMANENT_DELIVERY_FAILURE, type DeliveryResult } from '../escalation/types';
import { deliveryFailures, reminderLateness, remindersDue, remindersSent } from './registry';

/** The activity being run, or undefined when a test calls the function directly. */
function currentActivity(): Info | undefined {
  try {
    return Context.current().info;
  } catch {
    return undefined;
  }
}

/**
 * A failure's reason as a small fixed set (label values must stay few): from the failure
 * type where there is one, else from the wording failures.ts gives every provider error.
 */
export function failureReason(err: unknown): string {
  const type = err instanceof ApplicationFailure ? err.type : undefined;
  const message = (err as Error)?.message ?? '';
  if (type === NO_ADDRESS) return 'no_address';
  if (type === PERMANENT_DELIVERY_FAILURE) return 'refused';
  // The provider failed transiently once too often in a row: this attempt gave the channel up.
  if (type === CHANNEL_UNAVAILABLE) return 'gave_up';
  if (type === 'TransientDeliveryFailure' || message.includes('rate limited')) return 'rate_limited';
  if (message.includes('network error')) return 'network';
  if (message.includes('provider error') || message.includes('unavailable')) return 'provider_error';
  return 'other';
}

export interface SendMeta {
  kind: string;
  channel: string;
  provider: string;
  /**
   * When the reminder was due (epoch ms), if it has a wall-clock due time; otherwise the
   * moment the workflow asked for the send (its first attempt) stands in for it.
   */
  dueAtMs?: () => Promise<number | null>;
}

/**
 * Counts one send around `sendOnce`: due when `sendOnce` first claims its key (once per
 * key, even when a local try failed and an activity took over, both on their attempt 1),
 * sent (with its lateness) when the provider accepted it, and each failed attempt by
 * provider and reason.
 */
export async function observeSend(meta: SendMeta, send: (firstClaim: () => void) => Promise<DeliveryResult>): Promise<DeliveryResult> {
  const info = currentActivity();
  const labels = { kind: meta.kind, channel: meta.channel };
  let result: DeliveryResult;
  try {
    result = await send(() => remindersDue.inc(labels));
  } catch (err) {
    deliveryFailures.inc({ provider: meta.provider, reason: failureReason(err) });
    throw err;
  }
  if (result.status !== 'sent') return result;
  remindersSent.inc(labels);
  const due = (await meta.dueAtMs?.().catch(() => null)) ?? info?.scheduledTimestampMs;
  if (due !== undefined) reminderLateness.observe(labels, Math.max(0, (Date.now() - due) / 1000));
  return result;
}
