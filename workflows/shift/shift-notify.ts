import type { AudienceInput, ShiftMessageKind } from '../../activities/shifts/types';
import { id8 } from '../escalation/notify-person';
import { survivable } from '../failures';
import { notifyEach } from '../notify-each';
import { db, send } from './shift-activities';
import type { ShiftRun } from './shift-run';
import { ALL_CHANNELS } from '../channels';

export interface ShiftNotice {
  kind: ShiftMessageKind;
  /** Names the message in its idempotency key, e.g. `reminder/120/<startUtc>`; person and channel are appended. */
  step: string;
  urgency: 'routine' | 'urgent';
  dueAt: string;
  dropAfter?: string;
  leadMinutes?: number;
}

/** Caregivers and admins, or admins only; an empty list when they cannot be read for good. */
export async function audience(run: ShiftRun, purpose: AudienceInput['purpose']): Promise<string[]> {
  try {
    return await db(`who hears ${purpose}`).shiftAudience({ familyId: run.input.familyId, purpose });
  } catch (err) {
    if (!survivable(err, `audience for ${purpose}`)) throw err;
    return [];
  }
}

/**
 * Tells each person once, on the first of their channels that works, with an idempotency
 * key from business identity (shift, step, person, channel): a retried activity or a
 * replay never sends twice. A notice for instants since moved, or a shift since
 * cancelled, is not sent.
 */
export async function notify(run: ShiftRun, userIds: string[], notice: ShiftNotice): Promise<void> {
  const people = [...new Set(userIds)];
  if (people.length === 0) return;
  let plans;
  try {
    plans = await db('channels and quiet hours').planContacts({ userIds: people, channels: ALL_CHANNELS, urgency: notice.urgency });
  } catch (err) {
    if (!survivable(err, `contact plans for ${notice.kind}`)) throw err;
    return;
  }
  const startUtc = run.state.startUtc;
  await notifyEach(plans, {
    urgency: notice.urgency,
    dropAfter: notice.dropAfter,
    stale: () => run.state.startUtc !== startUtc || (run.cancelled && notice.kind !== 'cancelled'),
    sendOn: (plan, channel) =>
      send(`${notice.kind} ${channel} to member ${id8(plan.userId)}`).sendShiftMessage({
        ...run.key,
        userId: plan.userId,
        channel,
        kind: notice.kind,
        startUtc,
        dueAt: notice.dueAt,
        ...(notice.leadMinutes !== undefined ? { leadMinutes: notice.leadMinutes } : {}),
        idempotencyKey: `shift/${run.input.shiftId}/${notice.step}/${plan.userId}/${channel}`,
      }),
  });
}
