import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { Client, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Worker } from '@temporalio/worker';
import { MedicationScheduleInput } from '../../../activities/medication/schedule';
import type { MedicationScheduleInput as ScheduleInput } from '../../../api/contracts/medications';
import { startMedicationSchedule, type MedicationHandle } from '../../../temporal/medications';
import { dataConverter } from '../../../temporal/data-converter';
import { createWorker } from '../../../temporal/worker';
import { escalationWorkflowId } from '../../escalation/messages';
import type { medicationSchedule } from '../medication-schedule';
import { medicationStateQuery, medicationWorkflowId, type MedicationState } from '../messages';
import { createMedicationFakes } from './fake-activities';
import { timeSkippingServer, type TestServer } from './servers';

const DAY = 86_400_000;

/**
 * The medication schedule's world under a test server (by default the time-skipping
 * one): a worker over the in-memory fakes of fake-activities.ts, and the helpers the
 * scenarios share. Each harness has its own task queue, so several may share a server.
 */
export function createMedicationHarness(open: () => Promise<TestServer> = timeSkippingServer) {
  const taskQueue = `medication-test-${randomUUID()}`;
  let server: TestServer;
  let worker: Worker;
  let running: Promise<void>;
  const fakes = createMedicationFakes(() => server.now());
  const { caregiver } = fakes;

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

  type HistoryEvent = NonNullable<Awaited<ReturnType<MedicationHandle['fetchHistory']>>['events']>[number];
  async function historyOf(handle: MedicationHandle): Promise<HistoryEvent[]> {
    return (await handle.fetchHistory()).events ?? [];
  }
  const eventMs = (e: HistoryEvent) => Number(e.eventTime!.seconds) * 1000 + Math.floor((e.eventTime!.nanos ?? 0) / 1e6);

  /** Saves the schedule row (defaults: one 08:00 dose, UTC) and starts its workflow as the API would. */
  async function startSchedule(fields: Partial<ScheduleInput>, firstTaskDelay?: string) {
    const scheduleId = randomUUID();
    const schedule = MedicationScheduleInput.parse({
      medicationName: 'Metformin',
      dose: '500 mg',
      careRecipientId: randomUUID(),
      assignedCaregiverId: caregiver,
      timeZone: 'UTC',
      timesOfDay: ['08:00'],
      pattern: { kind: 'daily' },
      doseCount: 1,
      ...fields,
    });
    fakes.schedules.set(scheduleId, { schedule, version: 1 });
    const familyId = randomUUID();
    const input = {
      scheduleId,
      familyId,
      careRecipientId: schedule.careRecipientId,
      assignedCaregiverId: caregiver,
      answerWindowMinutes: schedule.answerWindowMinutes,
      snoozeMinutes: schedule.snoozeMinutes,
      maxSnoozes: schedule.maxSnoozes,
    };
    const handle = firstTaskDelay
      ? // Its first workflow task only after the delay, as from a worker that is busy.
        await server.client.workflow.start<typeof medicationSchedule>('medicationSchedule', { taskQueue, workflowId: medicationWorkflowId(scheduleId), args: [input], startDelay: firstTaskDelay })
      : await startMedicationSchedule(server.client, taskQueue, input);
    return { scheduleId, familyId, handle, schedule };
  }

  /** A schedule starting tomorrow (server time), in UTC so the instants read plainly; `dueMs('08:00', 1)` is the second day's 08:00. */
  async function scheduleOf(fields: Partial<ScheduleInput>, settings: { answerWindowMinutes?: number; snoozeMinutes?: number; maxSnoozes?: number } = {}) {
    const tomorrow = new Date((await server.now()) + DAY).toISOString().slice(0, 10);
    const { scheduleId, handle } = await startSchedule({ startDate: tomorrow, ...settings, ...fields });
    const dueMs = (time: string, day = 0) => Date.parse(`${tomorrow}T${time}:00Z`) + day * DAY;
    const key = (time: string, day = 0) => `${new Date(dueMs(time, day)).toISOString().slice(0, 10)}T${time}`;
    return { scheduleId, handle, dueMs, key };
  }

  /** Lets server time run to `atMs` (the workflow's timers fire on the way). */
  async function skipTo(atMs: number): Promise<void> {
    if (!server.skip) throw new Error('only the time-skipping server can skip time');
    const now = await server.now();
    if (atMs > now) await server.skip(atMs - now);
  }

  /**
   * The workflow's state once `check` holds. The state changes in workflow tasks that run
   * after an update returns (the next dose is looked up by an activity), and a run just
   * continued-as-new answers no query before its first task: ask again until it fits.
   */
  async function untilState(handle: MedicationHandle, check: (s: MedicationState) => boolean, what: string): Promise<MedicationState> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const state = await handle.query(medicationStateQuery).catch(() => null);
      if (state && check(state)) return state;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last state ${JSON.stringify(state)}`);
      await delay(100);
    }
  }

  /** Until the escalation child's history satisfies `check`. */
  async function untilChainHistory(escalationId: string, check: (events: HistoryEvent[]) => boolean, what: string): Promise<void> {
    const child = server.client.workflow.getHandle(escalationWorkflowId(escalationId));
    const deadline = Date.now() + 20_000;
    for (;;) {
      const events = await child.fetchHistory().then((h) => h.events ?? [], () => []);
      if (check(events)) return;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await delay(50);
    }
  }

  /**
   * Until the escalation child waits on its step's timer. Its sends are done then: the
   * time-skipping server mishandles a cancel that races an activity's completion
   * (ACTIVITY_UNKNOWN), which a real server answers with a retried workflow task.
   */
  const untilChainWaits = (escalationId: string) => untilChainHistory(escalationId, (events) => events.some((e) => e.timerStartedEventAttributes), 'the chain to wait');

  /** Until the escalation child has taken a cancel request (a workflow task completed after it). */
  const untilChainTookCancel = (escalationId: string) =>
    untilChainHistory(
      escalationId,
      (events) => {
        const at = events.findIndex((e) => e.workflowExecutionCancelRequestedEventAttributes);
        return at >= 0 && events.slice(at).some((e) => e.workflowTaskCompletedEventAttributes);
      },
      'the chain to take the cancel',
    );

  /**
   * When the schedule learnt that its chain ended: the child's completion in the schedule's
   * own history, on the clock its record is stamped by (the child's own completion time can
   * be a few milliseconds later on the time-skipping server: 2 ms seen beside a second suite).
   * The chain is checked to have run one step of `stepMs` (and up to 5 s more).
   */
  async function chainEndedMs(handle: MedicationHandle, escalationId: string, stepMs: number): Promise<number> {
    const workflowId = escalationWorkflowId(escalationId);
    const chain = (await server.client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
    const completed = chain.find((e) => e.workflowExecutionCompletedEventAttributes);
    assert.ok(completed, `${escalationId} completed`);
    const over = eventMs(completed) - eventMs(chain[0]!) - stepMs;
    assert.ok(over >= 0 && over < 5_000, `${escalationId} ended ${over} ms after its step`);
    const told = (await historyOf(handle)).find((e) => e.childWorkflowExecutionCompletedEventAttributes?.workflowExecution?.workflowId === workflowId);
    assert.ok(told, `the schedule told that ${escalationId} ended`);
    return eventMs(told);
  }

  /**
   * The result of a workflow that should finish at the very instant of the last message
   * (a delete), waited for on server time that does not skip. Waiting through the
   * time-skipping client lets the server jump to the next timer while a cancel is still
   * on its way from parent to child (it holds no time-skipping lock), so the chain's
   * step timer could fire first and the chain carry on instead of stopping.
   */
  async function resultInRealTime<T>(workflowId: string): Promise<T> {
    const steady = new Client({ connection: server.client.connection, namespace: 'default', dataConverter });
    return (await steady.workflow.getHandle(workflowId).result()) as T;
  }

  async function rejected(promise: Promise<unknown>): Promise<string | undefined> {
    const err = await promise.then(
      () => assert.fail('expected the update to be rejected'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof WorkflowUpdateFailedError, String(err));
    assert.ok(err.cause instanceof ApplicationFailure);
    return err.cause.type ?? undefined;
  }

  return {
    ...fakes,
    start,
    stop,
    client: () => server.client,
    now: () => server.now(),
    historyOf,
    eventMs,
    startSchedule,
    scheduleOf,
    skipTo,
    untilChainWaits,
    untilChainTookCancel,
    chainEndedMs,
    untilState,
    resultInRealTime,
    rejected,
  };
}
