import { setTimeout as delay } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import { escalationWorkflowId } from '../../escalation/messages';

/** The query's answer once `check` holds; a workflow not started yet answers no query, so it is asked again. */
export async function untilQuery<T>(ask: () => Promise<T>, check: (s: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const state = await ask().catch(() => null);
    if (state && check(state)) return state;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last state ${JSON.stringify(state)}`);
    await delay(100);
  }
}

/** Until the escalation child waits on its step's timer (its sends are done then; the test server mishandles cancelling a send in flight). */
export async function untilChainWaits(client: Client, escalationId: string): Promise<void> {
  const child = client.workflow.getHandle(escalationWorkflowId(escalationId));
  const deadline = Date.now() + 20_000;
  for (;;) {
    const events = await child.fetchHistory().then((h) => h.events ?? [], () => []);
    if (events.some((e) => e.timerStartedEventAttributes)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for chain ${escalationId} to wait`);
    await delay(50);
  }
}
