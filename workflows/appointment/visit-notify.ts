import type { AppointmentMessageKind, AudienceInput } from '../../activities/appointments/types';
import { id8 } from '../escalation/notify-person';
import { survivable } from '../failures';
import { notifyEach } from '../notify-each';
import { db, send } from './appointment-activities';
import type { VisitRun } from './visit-run';
import { ALL_CHANNELS } from '../channels';

export interface Notice {
  kind: AppointmentMessageKind;
  /** Names the message in its idempotency key, e.g. `reminder/120/<startUtc>`; person and channel are appended. */
  step: string;
  /** Routine notices wait out quiet hours (and are dropped if those last past `dropAfter`); urgent ones break through. */
  urgency: 'routine' | 'urgent';
  /** When the notice was meant to go out (the reminder lateness metric measures from it). */
  dueAt: string;
  /** A routine notice still held by quiet hours at this instant is no longer worth sending. */
  dropAfter?: string;
}

/** The family members a notice goes to; an empty list when they cannot be read for good. */
export async function audience(run: VisitRun, purpose: AudienceInput['purpose']): Promise<string[]> {
  try {
    return await db(`who hears ${purpose}`).appointmentAudience({ familyId: run.input.familyId, purpose });
  } catch (err) {
    if (!survivable(err, `audience for ${purpose}`)) throw err;
    return [];
  }
}

/**
 * Tells each person once, on the first of their channels that works, with an
 * idempotency key from business identity (series, occurrence, step, person, channel), so
 * a retried activity or a replay after a crash never sends twice. A notice for instants
 * that have since moved, or for a visit since cancelled, is not sent.
 */
export async function notify(run: VisitRun, userIds: string[], notice: Notice): Promise<void> {
  if (userIds.length === 0) return;
  let plans;
  try {
    plans = await db('channels and quiet hours').planContacts({ userIds, channels: ALL_CHANNELS, urgency: notice.urgency });
  } catch (err) {
    if (!survivable(err, `contact plans for ${notice.kind}`)) throw err;
    return;
  }
  const startUtc = run.state.startUtc;
  const stale = () => run.state.startUtc !== startUtc || (run.cancelled && notice.kind !== 'cancelled' && notice.kind !== 'moved');
  await notifyEach(plans, {
    urgency: notice.urgency,
    dropAfter: notice.dropAfter,
    stale,
    sendOn: (plan, channel) =>
      send(`${notice.kind} ${channel} to member ${id8(plan.userId)}`).sendAppointmentMessage({
        seriesId: run.input.seriesId,
        occurrenceKey: run.input.occurrenceKey,
        familyId: run.input.familyId,
        userId: plan.userId,
        channel,
        kind: notice.kind,
        startUtc,
        dueAt: notice.dueAt,
        idempotencyKey: `appt/${run.input.seriesId}/${run.input.occurrenceKey}/${notice.step}/${plan.userId}/${channel}`,
      }),
  });
}
