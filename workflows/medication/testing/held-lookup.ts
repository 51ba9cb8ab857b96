import { Context } from '@temporalio/activity';
import { setTimeout as delay } from 'node:timers/promises';
import type { MedicationHandle } from '../../../temporal/medications';
import { scheduleChangedSignal } from '../messages';
import type { FakeActivities } from './fake-activities';
import type { MedicationSchedule } from '../../../activities/medication/schedule';

const ANY = '*';

type HistoryEvent = { workflowExecutionSignaledEventAttributes?: unknown; workflowTaskCompletedEventAttributes?: unknown };

/**
 * Holds a schedule's next lookup of the doses ahead (the `dosesAhead` activity, not a
 * record's look-ahead) after it has read the row, so a test can land an edit in between:
 * the API saves, then signals. Wraps `activities.dosesAhead`: call before the worker starts,
 * and `releaseAll` in `after`, so a failed test leaves no activity the worker waits on.
 */
export function holdableLookups(activities: FakeActivities) {
  const held = new Map<string, { read: () => void; release: Promise<void> }>();
  const releases: (() => void)[] = [];
  const dosesAhead = activities.dosesAhead;
  activities.dosesAhead = async (input) => {
    const ahead = await dosesAhead(input);
    const key = held.has(input.scheduleId) ? input.scheduleId : ANY;
    const hold = held.get(key);
    if (hold && Context.current().info.activityType === 'dosesAhead') {
      held.delete(key);
      hold.read();
      await hold.release;
    }
    return ahead;
  };
  return {
    /**
     * The schedule's next lookup (without one: any schedule's, for a schedule about to start)
     * waits after its read until `release`; `read` rejects if none comes within 20 s.
     */
    holdNext(scheduleId = ANY): { read: Promise<void>; release: () => void } {
      let read!: () => void;
      let release!: () => void;
      const readDone = new Promise<void>((resolve) => (read = resolve));
      held.set(scheduleId, { read, release: new Promise<void>((resolve) => (release = resolve)) });
      releases.push(release);
      const timeout = delay(20_000, undefined, { ref: false }).then(() => Promise.reject(new Error(`no lookup of ${scheduleId} within 20 s`)));
      return { read: Promise.race([readDone, timeout]), release };
    },
    releaseAll(): void {
      held.clear();
      releases.splice(0).forEach((release) => release());
    },
  };
}

/** Until a workflow task has completed after the workflow's latest signal: its handler has run. */
async function untilSignalHandled(history: () => Promise<HistoryEvent[]>): Promise<void> {
  for (const deadline = Date.now() + 20_000; ; await delay(50)) {
    const events = await history();
    const signalled = events.findLastIndex((e) => e.workflowExecutionSignaledEventAttributes);
    if (signalled >= 0 && events.slice(signalled).some((e) => e.workflowTaskCompletedEventAttributes)) return;
    if (Date.now() > deadline) throw new Error('the signal was never handled');
  }
}

/** Saves the schedule row with new times, then signals the edit, as the API does; resolves once the workflow has handled it. */
export async function saveAndSignalTimes(
  h: { schedules: Map<string, { schedule: MedicationSchedule; version: number }>; caregiver: string; historyOf: (handle: MedicationHandle) => Promise<HistoryEvent[]> },
  scheduleId: string,
  handle: MedicationHandle,
  timesOfDay: string[],
): Promise<void> {
  const row = h.schedules.get(scheduleId)!;
  h.schedules.set(scheduleId, { schedule: { ...row.schedule, timesOfDay }, version: 2 });
  await handle.signal(scheduleChangedSignal, { version: 2, assignedCaregiverId: h.caregiver, answerWindowMinutes: 30, snoozeMinutes: 10, maxSnoozes: 3 });
  await untilSignalHandled(() => h.historyOf(handle));
}
