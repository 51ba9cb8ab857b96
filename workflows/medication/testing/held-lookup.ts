import { setTimeout as delay } from 'node:timers/promises';
import type { FakeActivities } from './fake-activities';

type HistoryEvent = { workflowExecutionSignaledEventAttributes?: unknown; workflowTaskCompletedEventAttributes?: unknown };

/**
 * Holds a schedule's next lookup of the doses ahead after it has read the row, so a test
 * can land an edit in between (the API saves, then signals). Wraps `activities.dosesAhead`:
 * call before the worker starts.
 */
export function holdableLookups(activities: FakeActivities) {
  let held: { read: () => void; release: Promise<void> } | null = null;
  const dosesAhead = activities.dosesAhead;
  activities.dosesAhead = async (input) => {
    const ahead = await dosesAhead(input);
    const hold = held;
    held = null;
    if (hold) {
      hold.read();
      await hold.release;
    }
    return ahead;
  };
  return {
    /** The next lookup, whichever schedule makes it, waits after its read until `release`. */
    holdNext(): { read: Promise<void>; release: () => void } {
      let read!: () => void;
      let release!: () => void;
      const readDone = new Promise<void>((resolve) => (read = resolve));
      held = { read, release: new Promise<void>((resolve) => (release = resolve)) };
      return { read: readDone, release };
    },
  };
}

/** Until a workflow task has completed after the workflow's first signal: its handler has run. */
export async function untilSignalHandled(history: () => Promise<HistoryEvent[]>): Promise<void> {
  for (const deadline = Date.now() + 20_000; ; await delay(50)) {
    const events = await history();
    const signalled = events.findIndex((e) => e.workflowExecutionSignaledEventAttributes);
    if (signalled >= 0 && events.slice(signalled).some((e) => e.workflowTaskCompletedEventAttributes)) return;
    if (Date.now() > deadline) throw new Error('the signal was never handled');
  }
}
