import { setTimeout as delay } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import type { TestServer } from './servers';

/**
 * Why a long-running parent froze the time-skipping server (the shifts' 6-week rotation
 * draft ran into its 300-s timeout): when a child workflow closes, the test server locks
 * time skipping until the child's parent run has recorded the close ("notify parent …
 * unlocked by the parent" in its TestWorkflowMutableStateImpl). Shifts and appointment
 * visits are ABANDON children; once the rotation or series run that opened one has
 * continued as new, that run answers NOT_FOUND, the server swallows it, and the lock is
 * never released. From then on every `skip` waits in wall-clock time. A real server has no
 * such lock, so the workflows are right; the harnesses release each leaked lock once instead.
 *
 * A leak is certain, never guessed: the child is closed, its parent run is closed too, and
 * that run's history holds no close event for the child (a close that reached the run in
 * time is in its history, because a run cannot close over unhandled events).
 */
export function releaseLeakedTimeLocks(server: TestServer, childWorkflowIds: () => string[]) {
  const settled = new Set<string>();
  const closedChildrenOf = new Map<string, Set<string>>();
  let released = 0;
  let stopped = false;

  async function closedChildren(client: Client, parent: { workflowId: string; runId: string }): Promise<Set<string> | null> {
    const known = closedChildrenOf.get(parent.runId);
    if (known) return known;
    const handle = client.workflow.getHandle(parent.workflowId, parent.runId);
    if ((await handle.describe()).status.name === 'RUNNING') return null;
    const ids = new Set<string>();
    for (const e of (await handle.fetchHistory()).events ?? []) {
      const closed =
        e.childWorkflowExecutionCompletedEventAttributes ??
        e.childWorkflowExecutionFailedEventAttributes ??
        e.childWorkflowExecutionCanceledEventAttributes ??
        e.childWorkflowExecutionTimedOutEventAttributes ??
        e.childWorkflowExecutionTerminatedEventAttributes;
      if (closed?.workflowExecution?.workflowId) ids.add(closed.workflowExecution.workflowId);
    }
    closedChildrenOf.set(parent.runId, ids);
    return ids;
  }

  async function look(): Promise<void> {
    for (const id of childWorkflowIds()) {
      if (settled.has(id)) continue;
      const child = await server.client.workflow.getHandle(id).describe().catch(() => null);
      if (!child || child.status.name === 'RUNNING') continue;
      if (!child.parentExecution) {
        settled.add(id);
        continue;
      }
      const { workflowId, runId } = child.parentExecution;
      const recorded = await closedChildren(server.client, { workflowId: workflowId ?? '', runId: runId ?? '' });
      if (!recorded) continue;
      if (!recorded.has(id)) {
        await server.releaseTimeLock!();
        released += 1;
      }
      settled.add(id);
    }
  }

  const watching = (async () => {
    if (!server.releaseTimeLock) return;
    while (!stopped) {
      await look().catch(() => undefined);
      await delay(150);
    }
  })();

  return {
    /** Locks released so far: one per child that closed after the run that opened it. */
    get released() {
      return released;
    },
    async stop(): Promise<void> {
      stopped = true;
      await watching;
    },
  };
}
