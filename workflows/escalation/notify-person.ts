import { ActivityFailure, ApplicationFailure, isCancellation, proxyActivities, sleep } from '@temporalio/workflow';
import type { Channel } from '../../api/contracts/notifications';
import type { ContactPlan, DeliveryRequest, DeliveryResult, PlanContactsInput } from '../../activities/escalation/types';
import { DB_CALL, SEND_CALL } from '../activity-options';
import { msUntil } from '../clock';

/** The activities this helper needs, as the delivery engineer registers them in activities/index.ts. */
export interface DeliveryActivities {
  planContacts(input: PlanContactsInput): Promise<ContactPlan[]>;
  deliver(request: DeliveryRequest): Promise<DeliveryResult>;
}

// Reads preferences from PostgreSQL: retried until the database is back.
export const { planContacts } = proxyActivities<DeliveryActivities>(DB_CALL);

const CHANNEL_NAME: Readonly<Record<Channel, string>> = Object.freeze({ push: 'Push', sms: 'SMS', email: 'Email' });

/** Ids in summaries are shortened: enough for ops to tell people apart, nothing personal. */
export const id8 = (id: string) => id.slice(0, 8);

export interface ChannelResult {
  channel: Channel;
  ok: boolean;
  /** The failure type when not ok, e.g. PermanentDeliveryFailure. */
  error?: string;
}

export interface NotifyOptions {
  /** Everything the send needs except who, which channel and the key. */
  request: Omit<DeliveryRequest, 'idempotencyKey' | 'userId' | 'channel'>;
  /** Business identity of this page, e.g. `esc/<id>/r1/s2`; the person and channel are appended. */
  keyPrefix: string;
  /** For summaries in Temporal UI, e.g. "step 2". */
  label: string;
  /** Emergencies go out on every channel; everything else stops at the first that works. */
  everyChannel: boolean;
  onResult?: (result: ChannelResult) => Promise<void>;
}

export const deliveryKey = (keyPrefix: string, userId: string, channel: Channel) => `${keyPrefix}/${userId}/${channel}`;

/**
 * Reaches one person. A routine reminder waits out their quiet hours first; urgent
 * escalations and emergencies break through (planContacts gives them no quietUntil, and
 * we ignore one anyway). Channels are tried in the person's order; a permanent failure
 * (bad number, expired subscription, no address) or a channel that kept failing falls
 * back to the next one. The idempotency key names the page, never the run, so a retried
 * activity or a replay after a crash cannot send twice.
 */
export async function notifyPerson(plan: ContactPlan, opts: NotifyOptions): Promise<ChannelResult[]> {
  if (opts.request.urgency === 'routine' && plan.quietUntil) {
    const ms = msUntil(plan.quietUntil);
    if (ms > 0) await sleep(ms, { summary: `quiet hours of member ${id8(plan.userId)} until ${plan.quietUntil}` });
  }
  const results: ChannelResult[] = [];
  for (const channel of plan.channels) {
    const { deliver } = proxyActivities<DeliveryActivities>({
      // Transient failures retry until they pass; a provider down for minutes gives up the channel (ChannelUnavailable).
      ...SEND_CALL,
      summary: `${CHANNEL_NAME[channel]} to member ${id8(plan.userId)}, ${opts.label}`,
    });
    let result: ChannelResult;
    try {
      await deliver({ ...opts.request, userId: plan.userId, channel, idempotencyKey: deliveryKey(opts.keyPrefix, plan.userId, channel) });
      result = { channel, ok: true };
    } catch (err) {
      if (isCancellation(err) || !(err instanceof ActivityFailure)) throw err;
      result = { channel, ok: false, error: err.cause instanceof ApplicationFailure ? (err.cause.type ?? 'Error') : err.cause?.name ?? 'Error' };
    }
    results.push(result);
    await opts.onResult?.(result);
    if (result.ok && !opts.everyChannel) break;
  }
  return results;
}
