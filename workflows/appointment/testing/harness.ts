import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Client, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Worker } from '@temporalio/worker';
import { appointmentVisitHandle, startAppointmentSeries } from '../../../temporal/appointments';
import { dataConverter } from '../../../temporal/data-converter';
import { createWorker } from '../../../temporal/worker';
import { releaseLeakedTimeLocks } from '../../medication/testing/leaked-time-locks';
import { timeSkippingServer, type TestServer } from '../../medication/testing/servers';
import { untilChainWaits as waitForChain, untilQuery } from '../../medication/testing/waits';
import type { appointmentSeries } from '../appointment-series';
import { appointmentSeriesWorkflowId, appointmentVisitWorkflowId, seriesStateQuery, visitStateQuery, type SeriesState, type VisitState } from '../messages';
import { createAppointmentFakes } from './fake-activities';

/**
 * The appointments' world under a test server (by default the time-skipping one): a
 * worker over the in-memory fakes, and the helpers the scenarios share. Each harness has
 * its own task queue, so several may share a server.
 */
export function createAppointmentHarness(open: () => Promise<TestServer> = timeSkippingServer) {
  const taskQueue = `appointment-test-${randomUUID()}`;
  let server: TestServer;
  let worker: Worker;
  let running: Promise<void>;
  const fakes = createAppointmentFakes(() => server.now());

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

  /** Saves the series row (see addSeries for defaults) and starts its workflow as the API would. */
  async function startSeries(fields: Parameters<typeof fakes.addSeries>[0], { firstTaskDelay, ...options }: { visitsPerRun?: number; firstTaskDelay?: string } = {}) {
    const row = fakes.addSeries(fields);
    const input = { seriesId: row.id, familyId: row.family_id, careRecipientId: randomUUID(), ...options };
    const handle = firstTaskDelay
      ? // Its first workflow task only after the delay, as from a worker that is busy.
        await server.client.workflow.start<typeof appointmentSeries>('appointmentSeries', { taskQueue, workflowId: appointmentSeriesWorkflowId(row.id), args: [input], startDelay: firstTaskDelay })
      : await startAppointmentSeries(server.client, taskQueue, input);
    return { seriesId: row.id, row, handle };
  }

  /** Lets server time run to `atMs` (the workflows' timers fire on the way). */
  async function skipTo(atMs: number): Promise<void> {
    if (!server.skip) throw new Error('only the time-skipping server can skip time');
    const now = await server.now();
    if (atMs > now) await server.skip(atMs - now);
  }

  const visit = (seriesId: string, key: string) => appointmentVisitHandle(server.client, seriesId, key);

  /**
   * For scenarios where visits close after the series run that opened them continued as new
   * (see medication/testing/leaked-time-locks.ts): watches every visit the series has opened.
   */
  const keepClockRunning = (seriesId: string) =>
    releaseLeakedTimeLocks(server, () =>
      [...fakes.visits.keys()].filter((k) => k.startsWith(`${seriesId}/`)).map((k) => appointmentVisitWorkflowId(seriesId, k.slice(seriesId.length + 1))),
    );

  /** The visit's state once `check` holds (a visit not opened yet answers no query: asked again). */
  async function untilVisit(seriesId: string, key: string, check: (s: VisitState) => boolean, what: string): Promise<VisitState> {
    return untilQuery(() => visit(seriesId, key).query(visitStateQuery), check, what);
  }

  async function untilSeries(seriesId: string, check: (s: SeriesState) => boolean, what: string): Promise<SeriesState> {
    return untilQuery(() => server.client.workflow.getHandle(`appointment/${seriesId}`).query(seriesStateQuery), check, what);
  }


  const untilChainWaits = (escalationId: string) => waitForChain(server.client, escalationId);

  /**
   * A workflow's result, waited for on server time that does not skip: waiting through the
   * time-skipping client unlocks the clock, and once nothing else is pending the server
   * jumps years ahead, past every later scenario's dates. Skip to when it should end first.
   */
  async function resultOf<T>(handle: { workflowId: string; result(): Promise<T> }): Promise<T> {
    const steady = new Client({ connection: server.client.connection, namespace: 'default', dataConverter });
    return (await steady.workflow.getHandle(handle.workflowId).result()) as T;
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

  return { ...fakes, start, stop, client: () => server.client, now: () => server.now(), startSeries, skipTo, visit, keepClockRunning, resultOf, untilVisit, untilSeries, untilChainWaits, rejected };
}
