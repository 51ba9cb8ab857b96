import { ActivityFailure, condition, isCancellation } from '@temporalio/workflow';
import type { ContactPlan } from '../activities/escalation/types';
import type { Channel } from '../api/contracts/notifications';
import { msUntil } from './clock';
import { id8 } from './escalation/notify-person';

export interface EachOptions {
  /** Routine notices wait out quiet hours (and are dropped if those last past `dropAfter`); urgent ones break through. */
  urgency: 'routine' | 'urgent';
  dropAfter?: string;
  /** The notice no longer applies (moved, cancelled): a person still waiting is not sent it. */
  stale: () => boolean;
  /** One send on one channel (an activity with an idempotency key from business identity). */
  sendOn: (plan: ContactPlan, channel: Channel) => Promise<unknown>;
}

/**
 * Tells each planned person once, on the first of their channels that works. A channel
 * that failed for good gives way to the next one; a database outage is retried inside
 * the call. Shared by the appointment and shift workflows (the escalation chain has its own
 * per-step record keeping in notify-person.ts).
 */
export async function notifyEach(plans: ContactPlan[], o: EachOptions): Promise<void> {
  await Promise.all(
    plans.map(async (plan) => {
      if (o.urgency === 'routine' && plan.quietUntil && msUntil(plan.quietUntil) > 0) {
        if (o.dropAfter && plan.quietUntil > o.dropAfter) return;
        await condition(o.stale, msUntil(plan.quietUntil), { summary: `quiet hours of member ${id8(plan.userId)} until ${plan.quietUntil}` });
      }
      if (o.stale()) return;
      for (const channel of plan.channels) {
        try {
          await o.sendOn(plan, channel);
          return;
        } catch (err) {
          if (isCancellation(err) || !(err instanceof ActivityFailure)) throw err;
        }
      }
    }),
  );
}
