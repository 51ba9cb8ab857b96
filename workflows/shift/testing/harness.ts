import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Worker } from '@temporalio/worker';
import type { RotationTiming } from '../../../activities/shifts/rotation';
import { careShiftHandle, shiftRotationHandle, startCareShift, startShiftRotation } from '../../../temporal/shifts';
import { createWorker } from '../../../temporal/worker';
import { releaseLeakedTimeLocks } from '../../medication/testing/leaked-time-locks';
import { timeSkippingServer, type TestServer } from '../../medication/testing/servers';
import { untilChainWaits as waitForChain, untilQuery } from '../../medication/testing/waits';
import { careShiftWorkflowId, rotationStateQuery, shiftRotationWorkflowId, shiftStateQuery, type RotationState, type ShiftState } from '../messages';
import type { shiftRotation } from '../shift-rotation';
import { createShiftFakes } from './fake-activities';

/**
 * The shifts' world under the time-skipping server: a worker over the in-memory fakes,
 * and the helpers the scenarios share. Each harness has its own task queue.
 */
export function createShiftHarness(open: () => Promise<TestServer> = timeSkippingServer) {
  const taskQueue = `shift-test-${randomUUID()}`;
  let server: TestServer;
  let worker: Worker;
  let running: Promise<void>;
  const fakes = createShiftFakes(() => server.now());

  async function start(): Promise<void> {
    server = await open();
    worker = await createWorker({ connection: server.workerConnection, namespace: 'default', taskQueue, activities: fakes.activities });
    running = worker.run();
  }

  async function stop(): Promise<void> {
    worker?.shutdown();
    await running;
    await server?.stop();
  }

  /** Saves a one-off shift row and starts its workflow as the API would. */
  async function startShift(fields: Parameters<typeof fakes.addShift>[0]) {
    const row = fakes.addShift(fields);
    await startCareShift(server.client, taskQueue, { shiftId: row.id, familyId: row.familyId, careRecipientId: row.careRecipientId });
    return row;
  }

  async function startRotation(timing: RotationTiming, options: { shiftsPerRun?: number; leads?: number[]; horizonDays?: number; firstTaskDelay?: string } = {}) {
    const row = fakes.addRotation(timing, options);
    const input = { rotationId: row.id, familyId: row.familyId, careRecipientId: row.careRecipientId, shiftsPerRun: options.shiftsPerRun };
    const handle = options.firstTaskDelay
      ? // Its first workflow task only after the delay, as from a worker that is busy.
        await server.client.workflow.start<typeof shiftRotation>('shiftRotation', { taskQueue, workflowId: shiftRotationWorkflowId(row.id), args: [input], startDelay: options.firstTaskDelay })
      : await startShiftRotation(server.client, taskQueue, input);
    return { row, handle };
  }

  async function skipTo(atMs: number): Promise<void> {
    if (!server.skip) throw new Error('only the time-skipping server can skip time');
    const now = await server.now();
    if (atMs > now) await server.skip(atMs - now);
  }

  const shift = (shiftId: string) => careShiftHandle(server.client, shiftId);

  /** For scenarios where shifts close after the rotation run that opened them continued as new (see medication/testing/leaked-time-locks.ts). */
  const keepClockRunning = (shiftIds: () => string[]) => releaseLeakedTimeLocks(server, () => shiftIds().map(careShiftWorkflowId));

  async function untilShift(shiftId: string, check: (s: ShiftState) => boolean, what: string): Promise<ShiftState> {
    return untilQuery(() => shift(shiftId).query(shiftStateQuery), check, what);
  }

  async function untilRotation(rotationId: string, check: (s: RotationState) => boolean, what: string): Promise<RotationState> {
    return untilQuery(() => shiftRotationHandle(server.client, rotationId).query(rotationStateQuery), check, what);
  }


  const untilChainWaits = (escalationId: string) => waitForChain(server.client, escalationId);

  /** Until the shift has no activity in flight (the test server mishandles an update that lands beside one). */
  async function untilIdle(shiftId: string): Promise<void> {
    const deadline = Date.now() + 20_000;
    while ((await shift(shiftId).describe()).raw.pendingActivities?.length) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for shift ${shiftId} to be idle`);
      await delay(50);
    }
  }

  /** The ApplicationFailure type an update was rejected with. */
  async function rejected(promise: Promise<unknown>): Promise<string | undefined> {
    const err = await promise.then(
      () => assert.fail('expected the update to be rejected'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof WorkflowUpdateFailedError, String(err));
    assert.ok(err.cause instanceof ApplicationFailure);
    return err.cause.type ?? undefined;
  }

  return { ...fakes, start, stop, client: () => server.client, now: () => server.now(), startShift, startRotation, skipTo, shift, keepClockRunning, untilShift, untilRotation, untilChainWaits, untilIdle, rejected };
}
