import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { DeliveryRequest, PolicySnapshot } from '../../../activities/escalation/types';
import { doseEscalationId, scheduledDose } from '../../../activities/medication/activities';
import { MedicationScheduleInput, type MedicationSchedule } from '../../../activities/medication/schedule';
import type { DoseAnnouncement, DoseOutcomeInput, MedicationMessageInput } from '../../../activities/medication/types';
import type { MedicationScheduleInput as ScheduleInput } from '../../../api/contracts/medications';
import { startMedicationSchedule, type MedicationHandle } from '../../../temporal/medications';
import { CareKind, CareState } from '../../../temporal/search-attributes';
import { createWorker } from '../../../temporal/worker';
import { startTimeSkipping } from '../../../test/support/temporal';
import type { RecordActivities } from '../../escalation/escalation-run';
import { escalationWorkflowId } from '../../escalation/messages';
import type { DeliveryActivities } from '../../escalation/notify-person';
import type { MedicationActivities } from '../medication-activities';
import {
  DOSE_ALREADY_ANSWERED,
  REASON_REQUIRED,
  SNOOZE_LIMIT,
  WRONG_DOSE,
  deleteScheduleSignal,
  medicationStateQuery,
  pauseSignal,
  resumeSignal,
  scheduleChangedSignal,
  skippedUpdate,
  snoozeUpdate,
  takenUpdate,
} from '../messages';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const taskQueue = 'medication-test';


/**
 * The medication schedule's world under the time-skipping server. The activities are
 * fakes over an in-memory "database" (schedules, dose records, supply) that write down
 * what they were asked and at what server time; the escalation child is the real
 * workflow, over the same fakes as its own tests.
 */
export function createMedicationHarness() {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;

  const schedules = new Map<string, { schedule: MedicationSchedule; version: number }>();
  const supply = new Map<string, { count: number; threshold: number; alertDoseKey: string | null }>();
  const records = new Map<string, DoseOutcomeInput & { atMs: number }>();
  const messages: (MedicationMessageInput & { atMs: number })[] = [];
  const pages: (DeliveryRequest & { atMs: number })[] = [];
  const announcements: (DoseAnnouncement & { atMs: number })[] = [];
  const policies = new Map<string, PolicySnapshot>();
  const waiters: (() => void)[] = [];
  const changed = () => waiters.splice(0).forEach((wake) => wake());

  async function start(): Promise<void> {
    env = await startTimeSkipping();
    const activities: MedicationActivities & RecordActivities & DeliveryActivities = {
      async nextDoseFor(input) {
        const row = schedules.get(input.scheduleId);
        return row ? scheduledDose(input.scheduleId, row.schedule, row.version, input) : null;
      },
      async recordDoseOutcome(input) {
        const key = `${input.scheduleId}/${input.doseKey}`;
        const s = supply.get(input.scheduleId);
        if (records.has(key)) return { recorded: false, refillDue: s?.alertDoseKey === input.doseKey };
        records.set(key, { ...input, atMs: await env.currentTimeMs() });
        changed();
        if (!s || (input.outcome !== 'taken' && input.outcome !== 'late')) return { recorded: true, refillDue: false };
        s.count = Math.max(0, s.count - 1);
        const refillDue = s.count <= s.threshold && s.alertDoseKey === null;
        if (refillDue) s.alertDoseKey = input.doseKey;
        return { recorded: true, refillDue };
      },
      async familyAdmins() {
        return [admin];
      },
      async sendMedicationMessage(input) {
        messages.push({ ...input, atMs: await env.currentTimeMs() });
        changed();
        return { status: 'sent', provider: 'fake', providerMessageId: null };
      },
      async announceDose(input) {
        announcements.push({ ...input, atMs: await env.currentTimeMs() });
      },
      async planContacts({ userIds, channels }) {
        return userIds.map((userId) => ({ userId, channels, quietUntil: null }));
      },
      async openEscalation(input) {
        return structuredClone(
          policies.get(input.escalationId) ?? {
            ackCode: '1234',
            steps: [{ userIds: [backup], channels: ['sms'], waitMinutes: 15 }],
            repeat: 1,
            memberIds: [caregiver, backup, admin],
            adminIds: [admin],
          },
        );
      },
      async recordEscalationEvent() {
        return { recorded: true };
      },
      async deliver(req) {
        pages.push({ ...req, atMs: await env.currentTimeMs() });
        changed();
        return { status: 'sent', provider: 'fake', providerMessageId: null };
      },
    };
    worker = await createWorker({ connection: env.nativeConnection, namespace: 'default', taskQueue, activities });
    running = worker.run();
  }

  async function stop(): Promise<void> {
    worker?.shutdown();
    await running;
    await env?.teardown();
  }

  const caregiver = randomUUID();
  const backup = randomUUID();
  const admin = randomUUID();

  async function until(check: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await Promise.race([new Promise<void>((wake) => waiters.push(wake)), delay(200)]);
    }
  }

  type HistoryEvent = NonNullable<Awaited<ReturnType<MedicationHandle['fetchHistory']>>['events']>[number];
  async function historyOf(handle: MedicationHandle): Promise<HistoryEvent[]> {
    return (await handle.fetchHistory()).events ?? [];
  }
  const eventMs = (e: HistoryEvent) => Number(e.eventTime!.seconds) * 1000 + Math.floor((e.eventTime!.nanos ?? 0) / 1e6);

  /** A schedule starting tomorrow (server time), in UTC so the instants read plainly; `dueMs('08:00', 1)` is the second day's 08:00. */
  async function scheduleOf(fields: Partial<ScheduleInput>, settings: { answerWindowMinutes?: number; snoozeMinutes?: number; maxSnoozes?: number } = {}) {
    const scheduleId = randomUUID();
    const tomorrow = new Date((await env.currentTimeMs()) + DAY).toISOString().slice(0, 10);
    const schedule = MedicationScheduleInput.parse({
      medicationName: 'Metformin',
      dose: '500 mg',
      careRecipientId: randomUUID(),
      assignedCaregiverId: caregiver,
      timeZone: 'UTC',
      timesOfDay: ['08:00'],
      pattern: { kind: 'daily' },
      startDate: tomorrow,
      doseCount: 1,
      ...settings,
      ...fields,
    });
    schedules.set(scheduleId, { schedule, version: 1 });
    const handle = await startMedicationSchedule(env.client, taskQueue, {
      scheduleId,
      familyId: randomUUID(),
      careRecipientId: schedule.careRecipientId,
      assignedCaregiverId: caregiver,
      answerWindowMinutes: schedule.answerWindowMinutes,
      snoozeMinutes: schedule.snoozeMinutes,
      maxSnoozes: schedule.maxSnoozes,
    });
    const dueMs = (time: string, day = 0) => Date.parse(`${tomorrow}T${time}:00Z`) + day * DAY;
    const key = (time: string, day = 0) => `${new Date(dueMs(time, day)).toISOString().slice(0, 10)}T${time}`;
    return { scheduleId, handle, dueMs, key };
  }

  /** Lets server time run to `atMs` (the workflow's timers fire on the way). */
  async function skipTo(atMs: number): Promise<void> {
    const now = await env.currentTimeMs();
    if (atMs > now) await env.sleep(atMs - now);
  }

  /**
   * Until the escalation child waits on its step's timer. Its sends are done then: the
   * time-skipping server mishandles a cancel that races an activity's completion
   * (ACTIVITY_UNKNOWN), which a real server answers with a retried workflow task.
   */
  async function untilChainWaits(escalationId: string): Promise<void> {
    const child = env.client.workflow.getHandle(escalationWorkflowId(escalationId));
    const deadline = Date.now() + 20_000;
    for (;;) {
      const events = await child.fetchHistory().then((h) => h.events ?? [], () => []);
      if (events.some((e) => e.timerStartedEventAttributes)) return;
      if (Date.now() > deadline) throw new Error('timed out waiting for the chain to wait');
      await delay(50);
    }
  }

  const remindersOf = (scheduleId: string, kind = 'due') => messages.filter((m) => m.scheduleId === scheduleId && m.kind === kind);
  const recordOf = (scheduleId: string, doseKey: string) => records.get(`${scheduleId}/${doseKey}`);

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
    start,
    stop,
    client: () => env.client,
    now: () => env.currentTimeMs(),
    schedules,
    supply,
    records,
    messages,
    pages,
    policies,
    announcements,
    caregiver,
    backup,
    admin,
    until,
    historyOf,
    eventMs,
    scheduleOf,
    skipTo,
    untilChainWaits,
    remindersOf,
    recordOf,
    rejected,
  };
}
