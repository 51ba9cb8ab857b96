import { ActivityFailure, CancellationScope, isCancellation, sleep } from '@temporalio/workflow';
import { survivable } from '../failures';
import type { Channel } from '../../api/contracts/notifications';
import type { DoseReminderInput, DoseReminderResult, MedicationMessageKind, ScheduledDose } from '../../activities/medication/types';
import { msUntil } from '../clock';
import { id8 } from '../escalation/notify-person';
import type { DueDose } from './due-dose';
import { db, localSend, send } from './medication-activities';
import type { MedicationRun } from './medication-run';
import { ALL_CHANNELS } from '../channels';

/**
 * A reminder is one activity (the person's channels, the sends in their order, and the
 * dose's live status, see activities/delivery/medication-reminder.ts) where it was three
 * and a workflow task after each. Runs that reminded before it replay the old calls.
 */
export const REMIND_IN_ONE_SEND = 'remind-in-one-send';

export interface RemindOptions {
  /** Drops a reminder still waiting out quiet hours (the dose was answered first). */
  quiet?: CancellationScope;
  /** The open dose whose live status ("due") the reminder publishes once it is recorded. */
  live?: DueDose;
}

function message(run: MedicationRun, doseKey: string, kind: MedicationMessageKind, userId: string, channel: Channel) {
  return { scheduleId: run.input.scheduleId, familyId: run.input.familyId, userId, channel, kind, doseKey };
}

/**
 * Reminds the assigned caregiver on the first of their channels that works. A routine
 * reminder waits out their quiet hours (the answer window runs meanwhile: the chain is
 * how a sleeping caregiver gets covered); a heads-up in quiet hours is simply dropped.
 * `step` names the reminder in its idempotency key (due, heads_up, snooze0, …).
 */
export async function remind(run: MedicationRun, dose: ScheduledDose, kind: MedicationMessageKind, step: string, routine: boolean, opts: RemindOptions = {}): Promise<void> {
  if (run.has(REMIND_IN_ONE_SEND)) return remindInOneSend(run, dose, kind, step, routine, opts);
  const { quiet } = opts;
  const userId = (run.pendingSettings ?? run.settings).assignedCaregiverId;
  let plan;
  try {
    [plan] = await db('channels and quiet hours').planContacts({ userIds: [userId], channels: ALL_CHANNELS, urgency: routine ? 'routine' : 'urgent' });
  } catch (err) {
    // Their preferences cannot be read for good: no reminder, and the chain covers the dose as for an unreachable caregiver.
    if (!survivable(err, `contact plan of member ${id8(userId)}`)) throw err;
    return;
  }
  if (!plan || quiet?.consideredCancelled) return;
  if (plan.quietUntil && msUntil(plan.quietUntil) > 0) {
    if (kind === 'heads_up') return;
    const until = plan.quietUntil;
    try {
      await (quiet ?? CancellationScope.current()).run(() => sleep(msUntil(until), { summary: `quiet hours of member ${id8(userId)} until ${until}` }));
    } catch (err) {
      if (isCancellation(err) && quiet?.consideredCancelled) return;
      throw err;
    }
  }
  for (const channel of plan.channels) {
    try {
      await send(`${kind} ${channel} to member ${id8(userId)}`).sendMedicationMessage({
        ...message(run, dose.doseKey, kind, userId, channel),
        idempotencyKey: `med/${run.input.scheduleId}/${dose.doseKey}/${step}/${userId}/${channel}`,
      });
      return;
    } catch (err) {
      // A channel that failed for good (no phone, a provider down for minutes) gives way to the
      // next one; a database outage is retried inside the same try and never gets here.
      if (isCancellation(err) || !(err instanceof ActivityFailure)) throw err;
    }
  }
}

/** The same story as `remind`, in one activity: its result says whether to wait out quiet hours first. */
async function remindInOneSend(run: MedicationRun, dose: ScheduledDose, kind: MedicationMessageKind, step: string, routine: boolean, { quiet, live }: RemindOptions): Promise<void> {
  const userId = (run.pendingSettings ?? run.settings).assignedCaregiverId;
  const { scheduleId, familyId } = run.input;
  const input = {
    scheduleId,
    familyId,
    userId,
    kind,
    doseKey: dose.doseKey,
    idempotencyKeyPrefix: `med/${scheduleId}/${dose.doseKey}/${step}/${userId}`,
    routine,
    live: live && { dueAt: dose.dueAt, status: 'due' as const, escalationId: live.pending.escalationId, snoozes: live.pending.snoozes },
  };
  const summary = `${kind} reminder to member ${id8(userId)}`;
  try {
    const result = await remindOnce(run, summary, input);
    if (result.status !== 'quiet' || kind === 'heads_up' || quiet?.consideredCancelled) return;
    const until = result.quietUntil;
    try {
      await (quiet ?? CancellationScope.current()).run(() => sleep(msUntil(until), { summary: `quiet hours of member ${id8(userId)} until ${until}` }));
    } catch (err) {
      if (isCancellation(err) && quiet?.consideredCancelled) return;
      throw err;
    }
    await remindOnce(run, summary, { ...input, afterQuiet: true, live: undefined });
  } catch (err) {
    // Their preferences cannot be read for good, or the reminder was refused: the chain covers the dose as for an unreachable caregiver.
    if (!survivable(err, `${kind} reminder to member ${id8(userId)}`)) throw err;
  }
}

/**
 * One reminder activity: for runs with ONE_TASK_AT_DUE a short local try first, inside
 * this workflow task, then, if it failed (a slow or failing provider, a database
 * hiccup, a refusal), the same reminder as an activity task with its full retries. The
 * idempotency keys let the second one finish what the first began (LOCAL_SEND_CALL says
 * when the two can overlap).
 */
async function remindOnce(run: MedicationRun, summary: string, input: DoseReminderInput): Promise<DoseReminderResult> {
  if (!run.oneTaskAtDue) return send(summary).remindDose(input);
  try {
    return await localSend(summary).remindDose(input);
  } catch (err) {
    // Only an activity's failure earns a second try; a bug of ours or a cancellation goes on up.
    if (isCancellation(err) || !(err instanceof ActivityFailure)) throw err;
    return send(`${summary}, after a failed first try`).remindDose(input);
  }
}

/**
 * Runs the due reminder beside the answer wait. The stop it returns drops a reminder
 * still waiting out quiet hours (the dose was answered first) and lets a send already
 * under way finish: cancelling an activity that may have just completed buys nothing.
 */
export function remindInBackground(run: MedicationRun, dose: ScheduledDose, live?: DueDose): () => Promise<void> {
  const quiet = new CancellationScope();
  const running = remind(run, dose, 'due', 'due', true, { quiet, live });
  return async () => {
    quiet.cancel();
    await running;
  };
}

/**
 * Once per time the supply runs low (the activity says which dose did it): every admin, by
 * email. An admin whose address fails for good misses it (the medication list shows the
 * low supply too); the others still hear it, and the schedule goes on.
 */
export async function alertRefill(run: MedicationRun, doseKey: string): Promise<void> {
  const admins = await db('who are the admins').familyAdmins({ familyId: run.input.familyId });
  const refill = send('refill alert');
  await Promise.all(
    admins.map(async (userId) => {
      try {
        await refill.sendMedicationMessage({
          ...message(run, doseKey, 'refill', userId, 'email'),
          idempotencyKey: `med/${run.input.scheduleId}/refill/${doseKey}/${userId}/email`,
        });
      } catch (err) {
        if (!survivable(err, `refill alert to member ${id8(userId)}`)) throw err;
      }
    }),
  );
}
