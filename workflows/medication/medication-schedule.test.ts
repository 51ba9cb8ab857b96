import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { doseEscalationId } from '../../activities/medication/activities';
import { CareKind, CareState } from '../../temporal/search-attributes';
import { escalationWorkflowId, type EscalationOutcome } from '../escalation/messages';
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
} from './messages';
import { createMedicationHarness } from './testing/harness';
import { SERVER_START_MS, TEST_MS } from './testing/timeouts';

/** The medication schedule's story under the time-skipping server (see testing/harness.ts for the fakes). */
describe('medication schedule workflow (time-skipping server)', () => {
  const h = createMedicationHarness();
  before(h.start, { timeout: SERVER_START_MS });
  after(h.stop, { timeout: SERVER_START_MS });
  const { client, schedules, supply, records, pages, ended, caregiver, backup, admin, until, historyOf, eventMs, scheduleOf, startSchedule, skipTo, untilChainWaits, remindersOf, recordOf, rejected, resultInRealTime, holds, chainEvents, untilChainTookCancel, chainEndedMs } = h;

  test('the 08:00 dose is taken on time → reminded at 08:00 exactly, recorded taken by the caregiver, schedule completes', { timeout: TEST_MS }, async () => {
    const { scheduleId, handle, dueMs, key } = await scheduleOf({});
    await skipTo(dueMs('08:00'));
    await until(() => remindersOf(scheduleId).length === 1, 'the due reminder');
    const [reminder] = remindersOf(scheduleId);
    assert.ok(reminder!.atMs - dueMs('08:00') < 2_000, 'reminded at the due instant');
    assert.equal(reminder!.userId, caregiver);
    assert.equal(reminder!.idempotencyKey, `med/${scheduleId}/${key('08:00')}/due/${caregiver}/push`);

    await skipTo(dueMs('08:05'));
    const state = await handle.executeUpdate(takenUpdate, { args: [{ doseKey: key('08:00'), userId: caregiver, via: 'app' }] });
    assert.deepEqual(state.lastOutcome, { doseKey: key('08:00'), outcome: 'taken' });
    assert.deepEqual(await handle.result(), { ended: 'completed', counts: { taken: 1, skipped: 0, missed: 0, late: 0 } });

    const record = recordOf(scheduleId, key('08:00'))!;
    assert.deepEqual([record.outcome, record.by, record.via, record.dueAt], ['taken', caregiver, 'app', new Date(dueMs('08:00')).toISOString()]);
    const described = await handle.describe();
    assert.equal(described.typedSearchAttributes.get(CareKind), 'medication');
    assert.equal(described.typedSearchAttributes.get(CareState), 'ended');
    assert.ok(ended.has(scheduleId), 'the row is marked ended');
  });

  test('created at 07:59, its first workflow task only at 08:03 (a worker busy at 08:00) → the 08:00 dose is still reminded, not skipped', { timeout: TEST_MS }, async () => {
    const tomorrow = new Date((await h.now()) + 86_400_000).toISOString().slice(0, 10);
    await skipTo(Date.parse(`${tomorrow}T07:59:00Z`));
    const { scheduleId, handle } = await startSchedule({ startDate: tomorrow }, '4 minutes');
    await skipTo(Date.parse(`${tomorrow}T08:03:30Z`));
    await until(() => remindersOf(scheduleId).length === 1, 'the 08:00 reminder, late');
    const [reminder] = remindersOf(scheduleId);
    assert.equal(reminder!.idempotencyKey, `med/${scheduleId}/${tomorrow}T08:00/due/${caregiver}/push`);
    assert.ok(reminder!.atMs >= Date.parse(`${tomorrow}T08:03:00Z`), 'reminded when its first task ran');
    await handle.executeUpdate(takenUpdate, { args: [{ doseKey: `${tomorrow}T08:00`, userId: caregiver, via: 'app' }] });
    assert.deepEqual(await handle.result(), { ended: 'completed', counts: { taken: 1, skipped: 0, missed: 0, late: 0 } });
  });

  test('skipped needs a reason; a wrong dose and a second answer are refused before they reach history', { timeout: TEST_MS }, async () => {
    const { scheduleId, handle, dueMs, key } = await scheduleOf({ timesOfDay: ['08:00', '20:00'], doseCount: 2 });
    await skipTo(dueMs('08:00'));
    await until(() => remindersOf(scheduleId).length === 1, 'the due reminder');

    const answer = { doseKey: key('08:00'), userId: caregiver, via: 'app' as const };
    assert.equal(await rejected(handle.executeUpdate(skippedUpdate, { args: [{ ...answer, reason: '  ' }] })), REASON_REQUIRED);
    assert.equal(await rejected(handle.executeUpdate(takenUpdate, { args: [{ ...answer, doseKey: key('20:00') }] })), WRONG_DOSE);
    await handle.executeUpdate(skippedUpdate, { args: [{ ...answer, reason: 'nauseous, will ask the doctor' }] });
    assert.equal(await rejected(handle.executeUpdate(takenUpdate, { args: [answer] })), DOSE_ALREADY_ANSWERED);

    const record = recordOf(scheduleId, key('08:00'))!;
    assert.deepEqual([record.outcome, record.reason], ['skipped', 'nauseous, will ask the doctor']);
    const state = await handle.query(medicationStateQuery);
    assert.deepEqual(state.nextDose, { doseKey: key('20:00'), dueAt: new Date(dueMs('20:00')).toISOString() });
    await handle.signal(deleteScheduleSignal);
    await handle.result();
  });

  test('snooze at 08:02 → reminded again at 08:12, the window restarts from there; taken at 08:40 is on time', { timeout: TEST_MS }, async () => {
    const { scheduleId, handle, dueMs, key } = await scheduleOf({}, { snoozeMinutes: 10, answerWindowMinutes: 30 });
    await skipTo(dueMs('08:02'));
    await until(() => remindersOf(scheduleId).length === 1, 'the due reminder');
    const answer = { doseKey: key('08:00'), userId: caregiver, via: 'push' as const };
    const state = await handle.executeUpdate(snoozeUpdate, { args: [answer] });
    assert.equal(state.pendingDose!.snoozes, 1);
    const escalateAt = Date.parse(state.pendingDose!.escalateAt) - dueMs('08:42');
    assert.ok(escalateAt >= 0 && escalateAt < 2_000, 'the window now ends 30 minutes after the snooze ends');

    await skipTo(dueMs('08:12'));
    await until(() => remindersOf(scheduleId).length === 2, 'the reminder after the snooze');
    const again = remindersOf(scheduleId)[1]!;
    assert.ok(again.atMs - dueMs('08:12') < 2_000, 'reminded again when the snooze ended');
    assert.equal(again.idempotencyKey, `med/${scheduleId}/${key('08:00')}/snooze1/${caregiver}/push`);

    await skipTo(dueMs('08:40'));
    await handle.executeUpdate(takenUpdate, { args: [answer] });
    await handle.result();
    assert.equal(recordOf(scheduleId, key('08:00'))!.outcome, 'taken');
    assert.equal(pages.filter((p) => p.escalationId === doseEscalationId(scheduleId, key('08:00'))).length, 0, 'nobody else was paged');
  });

  test('a snooze beyond maxSnoozes is refused', { timeout: TEST_MS }, async () => {
    const { scheduleId, handle, dueMs, key } = await scheduleOf({}, { maxSnoozes: 1 });
    await skipTo(dueMs('08:00'));
    await until(() => remindersOf(scheduleId).length === 1, 'the due reminder');
    const answer = { doseKey: key('08:00'), userId: caregiver, via: 'app' as const };
    await handle.executeUpdate(snoozeUpdate, { args: [answer] });
    assert.equal(await rejected(handle.executeUpdate(snoozeUpdate, { args: [answer] })), SNOOZE_LIMIT);
    await handle.executeUpdate(takenUpdate, { args: [answer] });
    await handle.result();
  });

  test('nobody answers → the escalation child starts exactly at due + window; taken during it is late and ends the chain', { timeout: TEST_MS }, async () => {
    const { scheduleId, handle, dueMs, key } = await scheduleOf({}, { answerWindowMinutes: 30 });
    const escalationId = doseEscalationId(scheduleId, key('08:00'));
    await skipTo(dueMs('08:30'));
    await until(() => pages.some((p) => p.escalationId === escalationId), 'the backup paged');
    await untilChainWaits(escalationId);

    const started = (await historyOf(handle)).filter((e) => e.startChildWorkflowExecutionInitiatedEventAttributes);
    assert.equal(started.length, 1);
    assert.equal(started[0]!.startChildWorkflowExecutionInitiatedEventAttributes!.workflowId, escalationWorkflowId(escalationId));
    // In the workflow task the window's timer woke, after the record is read (a local activity): server time moves on
    // only by that task's own time, milliseconds alone and up to a second or so beside a second suite (1.3 s seen).
    const late = eventMs(started[0]!) - dueMs('08:30');
    assert.ok(late >= 0 && late < 5_000, `started ${late} ms after 08:30`);
    const page = pages.find((p) => p.escalationId === escalationId)!;
    assert.deepEqual([page.userId, page.channel, page.urgency], [backup, 'sms', 'urgent']);
    const state = await handle.query(medicationStateQuery);
    assert.deepEqual([state.phase, state.pendingDose!.escalationId], ['escalating', escalationId]);

    await skipTo(dueMs('08:35'));
    const after = await handle.executeUpdate(takenUpdate, { args: [{ doseKey: key('08:00'), userId: backup, via: 'sms' }] });
    assert.deepEqual(after.lastOutcome, { doseKey: key('08:00'), outcome: 'late' });
    assert.equal((await client().workflow.getHandle(escalationWorkflowId(escalationId)).result()).outcome, 'resolved');
    assert.deepEqual((await handle.result()).counts, { taken: 0, skipped: 0, missed: 0, late: 1 });
    assert.equal(recordOf(scheduleId, key('08:00'))!.by, backup);
  });

  test('nobody answers and the chain reaches nobody → the dose is missed when the chain ends', { timeout: TEST_MS }, async () => {
    const { scheduleId, handle, key } = await scheduleOf({}, { answerWindowMinutes: 30 });
    assert.deepEqual((await handle.result()).counts, { taken: 0, skipped: 0, missed: 1, late: 0 });
    const record = recordOf(scheduleId, key('08:00'))!;
    assert.deepEqual([record.outcome, record.by], ['missed', null]);
    // 30 minutes of window, then the one 15-minute step of the chain; measured from the chain's end,
    // as the chain can start late (the chain-start bound above).
    const chainEnd = await chainEndedMs(handle, doseEscalationId(scheduleId, key('08:00')), 15 * 60_000);
    const [stamped, written] = [Date.parse(record.at) - chainEnd, record.atMs - chainEnd];
    assert.ok(stamped >= 0 && written < 5_000, `recorded ${stamped} ms (written ${written} ms) after the chain gave up`);
  });

  test('supply 3, threshold 1 → the refill alert goes to the admin once, after the dose that reached it', { timeout: TEST_MS }, async () => {
    const { scheduleId, handle, dueMs, key } = await scheduleOf({ timesOfDay: ['08:00', '20:00'], doseCount: 4 });
    supply.set(scheduleId, { count: 3, threshold: 1, alertDoseKey: null });
    const doses = [dueMs('08:00'), dueMs('20:00'), dueMs('08:00', 1), dueMs('20:00', 1)];
    const keys = [key('08:00'), key('20:00'), key('08:00', 1), key('20:00', 1)];
    for (const [i, due] of doses.entries()) {
      await skipTo(due);
      await until(() => remindersOf(scheduleId).length === i + 1, `reminder ${i + 1}`);
      await handle.executeUpdate(takenUpdate, { args: [{ doseKey: keys[i]!, userId: caregiver, via: 'app' }] });
    }
    await handle.result();
    const alerts = remindersOf(scheduleId, 'refill');
    assert.deepEqual(alerts.map((a) => [a.userId, a.doseKey, a.idempotencyKey]), [[admin, keys[1], `med/${scheduleId}/refill/${keys[1]}/${admin}/email`]]);
    assert.equal(supply.get(scheduleId)!.count, 0);
  });

  test('paused through two doses (a hospital stay) → no reminders; resumed → the next dose ahead is reminded', { timeout: TEST_MS }, async () => {
    const { scheduleId, handle, dueMs, key } = await scheduleOf({ doseCount: 3 });
    await handle.signal(pauseSignal);
    await skipTo(dueMs('12:00', 1));
    assert.equal((await handle.query(medicationStateQuery)).phase, 'paused');
    assert.equal(remindersOf(scheduleId).length, 0);

    await handle.signal(resumeSignal);
    await skipTo(dueMs('08:00', 2));
    await until(() => remindersOf(scheduleId).length === 1, 'the reminder after resuming');
    assert.equal(remindersOf(scheduleId)[0]!.doseKey, key('08:00', 2));
    await handle.executeUpdate(takenUpdate, { args: [{ doseKey: key('08:00', 2), userId: caregiver, via: 'app' }] });
    assert.deepEqual((await handle.result()).counts, { taken: 1, skipped: 0, missed: 0, late: 0 });
    assert.deepEqual([...records.keys()].filter((k) => k.startsWith(scheduleId)), [`${scheduleId}/${key('08:00', 2)}`]);
  });

  test('deleted while the chain is paging → the chain is cancelled, its timers too, nothing recorded for the dose', { timeout: TEST_MS }, async () => {
    const { scheduleId, handle, dueMs, key } = await scheduleOf({ doseCount: 5 });
    const escalationId = doseEscalationId(scheduleId, key('08:00'));
    await skipTo(dueMs('08:30'));
    await until(() => pages.some((p) => p.escalationId === escalationId), 'the backup paged');
    await untilChainWaits(escalationId);

    await handle.signal(deleteScheduleSignal);
    // No server time passes from here: the delete must stop the chain before its 15-minute step ends.
    assert.deepEqual(await resultInRealTime(handle.workflowId), { ended: 'deleted', counts: { taken: 0, skipped: 0, missed: 0, late: 0 } });
    assert.equal((await resultInRealTime<EscalationOutcome>(escalationWorkflowId(escalationId))).outcome, 'cancelled');
    const history = await historyOf(handle);
    assert.equal(history.filter((e) => e.requestCancelExternalWorkflowExecutionInitiatedEventAttributes).length, 1, 'the child was asked to stop');
    assert.ok(history.some((e) => e.timerCanceledEventAttributes), 'the pending timer was cancelled');
    assert.equal(recordOf(scheduleId, key('08:00')), undefined);
    assert.ok(!ended.has(scheduleId), 'a deleted schedule is not marked ended');
    assert.equal((await handle.describe()).typedSearchAttributes.get(CareState), 'deleted');
  });

  test('deleted while the chain writes its record → the write finishes, then the chain stops: no activity is ever asked to cancel', { timeout: TEST_MS }, async () => {
    const { scheduleId, handle, dueMs, key } = await scheduleOf({ doseCount: 5 });
    const escalationId = doseEscalationId(scheduleId, key('08:00'));
    const chain = client().workflow.getHandle(escalationWorkflowId(escalationId));
    // The chain's first write ("step started") stays in flight until the cancel has reached the chain.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let holding = false;
    holds.record = async (e) => {
      if (e.escalationId !== escalationId || e.type !== 'step_started') return;
      holding = true;
      await released;
    };
    await skipTo(dueMs('08:30'));
    await until(() => holding, 'the chain writing its first record');

    await handle.signal(deleteScheduleSignal);
    await untilChainTookCancel(escalationId);
    release();
    holds.record = null;

    assert.equal((await resultInRealTime<EscalationOutcome>(escalationWorkflowId(escalationId))).outcome, 'cancelled');
    assert.equal((await resultInRealTime<{ ended: string }>(handle.workflowId)).ended, 'deleted');
    const events = await historyOf(chain);
    assert.equal(events.filter((e) => e.activityTaskCancelRequestedEventAttributes).length, 0, 'no cancel raced a write');
    const types = chainEvents.filter((e) => e.escalationId === escalationId).map((e) => e.type);
    assert.deepEqual(types, ['step_started', 'cancelled'], 'the write in flight finished; nobody was paged after the delete');
    assert.equal(pages.filter((p) => p.escalationId === escalationId).length, 0);
  });

  test('an edit during the 08:00 dose applies from the next dose: 08:00 keeps its 30-minute window, 20:00 moves to 22:00 with 60', { timeout: TEST_MS }, async () => {
    const { scheduleId, handle, dueMs, key } = await scheduleOf({ timesOfDay: ['08:00', '20:00'], doseCount: 4 }, { answerWindowMinutes: 30 });
    await skipTo(dueMs('08:00'));
    await until(() => remindersOf(scheduleId).length === 1, 'the 08:00 reminder');

    // The API saves the edit, then tells the workflow.
    const row = schedules.get(scheduleId)!;
    schedules.set(scheduleId, { schedule: { ...row.schedule, timesOfDay: ['08:00', '22:00'], answerWindowMinutes: 60 }, version: 2 });
    await handle.signal(scheduleChangedSignal, { version: 2, assignedCaregiverId: caregiver, answerWindowMinutes: 60, snoozeMinutes: 10, maxSnoozes: 3 });
    const during = await handle.query(medicationStateQuery);
    assert.deepEqual([during.pendingDose!.escalateAt, during.pendingDose!.version], [new Date(dueMs('08:30')).toISOString(), 1]);

    await handle.executeUpdate(takenUpdate, { args: [{ doseKey: key('08:00'), userId: caregiver, via: 'app' }] });
    await skipTo(dueMs('22:00'));
    await until(() => remindersOf(scheduleId).length === 2, 'the next reminder');
    const next = remindersOf(scheduleId)[1]!;
    assert.equal(next.doseKey, key('22:00'));
    assert.ok(next.atMs - dueMs('22:00') < 2_000, 'reminded at 22:00, not 20:00');
    const state = await handle.query(medicationStateQuery);
    assert.deepEqual([state.pendingDose!.escalateAt, state.pendingDose!.version], [new Date(dueMs('23:00')).toISOString(), 2]);
    await handle.signal(deleteScheduleSignal);
    await handle.result();
  });
});
