import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { doseEscalationId } from '../../activities/medication/activities';
import { PERMANENT_DELIVERY_FAILURE } from '../../activities/escalation/types';
import { INVALID_DATA } from '../../activities/database-failures';
import { escalationWorkflowId } from '../escalation/messages';
import { deleteScheduleSignal, medicationStateQuery, skippedUpdate, takenUpdate } from './messages';
import { createMedicationHarness } from './testing/harness';
import { startSpringForwardSchedule } from './testing/spring-forward';
import { TEST_MS } from './testing/timeouts';

const MINUTE = 60_000;

/**
 * What the schedule does when a dependency fails for good, under the time-skipping server
 * with the real worker interceptor (temporal/activity-interceptor.ts) over the fakes:
 * nothing that may be skipped stops it, and bad data is refused once, not retried forever.
 */
describe('medication schedule when activities fail for good (time-skipping server)', { timeout: 120_000 }, () => {
  const h = createMedicationHarness();
  const { activities, records, supply, admin, caregiver, until, scheduleOf, skipTo, remindersOf, recordOf } = h;

  // Live events never get through (the publisher's connection is refused on every try).
  const announced: string[] = [];
  activities.announceDose = async (input) => {
    announced.push(input.scheduleId);
    throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  };
  // PostgreSQL refuses a NUL byte in text the way it does for real: SQLSTATE 22021, on every try.
  const recordTries: { scheduleId: string; reason: string | null }[] = [];
  const recordDoseOutcome = activities.recordDoseOutcome;
  activities.recordDoseOutcome = async (input) => {
    recordTries.push({ scheduleId: input.scheduleId, reason: input.reason });
    if (input.reason?.includes('\u0000')) throw Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' });
    return recordDoseOutcome(input);
  };
  // The admin's address bounces for good.
  const sendMedicationMessage = activities.sendMedicationMessage;
  activities.sendMedicationMessage = async (input) => {
    if (input.kind === 'refill') throw ApplicationFailure.nonRetryable('sendgrid: refused (400)', PERMANENT_DELIVERY_FAILURE);
    return sendMedicationMessage(input);
  };

  // The chains of these doses fail: their record cannot be opened (PostgreSQL refuses it for good).
  const failingChains = new Set<string>();
  const openEscalation = activities.openEscalation;
  activities.openEscalation = async (input) => {
    if (failingChains.has(input.escalationId)) throw Object.assign(new Error('insert or update violates foreign key constraint'), { code: '23503' });
    return openEscalation(input);
  };

  before(h.start);
  after(h.stop);

  test('live events fail on every try → the dose is still reminded, answered and recorded, and the schedule completes', async () => {
    const { scheduleId, handle, dueMs, key } = await scheduleOf({});
    await skipTo(dueMs('08:00'));
    await until(() => remindersOf(scheduleId).length === 1, 'the due reminder');
    await h.untilState(handle, (s) => s.phase === 'awaiting_answer', 'the dose to be open');
    await handle.executeUpdate(takenUpdate, { args: [{ doseKey: key('08:00'), userId: caregiver, via: 'app' }] });
    assert.deepEqual(await handle.result(), { ended: 'completed', counts: { taken: 1, skipped: 0, missed: 0, late: 0 } });
    assert.equal(recordOf(scheduleId, key('08:00'))?.outcome, 'taken');
    // The "due" status rides on the reminder's activity: tried once there, and its failure does not fail the reminder.
    assert.equal(announced.filter((id) => id === scheduleId).length, 1, 'the live event was tried, and given up');
  });

  test('a skip reason PostgreSQL cannot store (NUL) → refused once as InvalidData, recorded without it, shown on the schedule', async () => {
    const { scheduleId, handle, dueMs, key } = await scheduleOf({ timesOfDay: ['08:00', '20:00'], doseCount: 2 });
    await skipTo(dueMs('08:00'));
    await until(() => remindersOf(scheduleId).length === 1, 'the due reminder');
    await handle.executeUpdate(skippedUpdate, { args: [{ doseKey: key('08:00'), userId: caregiver, via: 'app', reason: 'nausea\u0000' }] });
    await until(() => records.has(`${scheduleId}/${key('08:00')}`), 'the record');

    assert.deepEqual(
      recordTries.filter((t) => t.scheduleId === scheduleId).map((t) => t.reason),
      ['nausea\u0000', null],
      'tried once with the reason (not retried), then once without it',
    );
    assert.equal(recordOf(scheduleId, key('08:00'))?.outcome, 'skipped');
    const state = await h.untilState(handle, (s) => s.problem !== undefined, 'the problem on the state');
    assert.equal(state.problem!.type, INVALID_DATA);
    assert.match(state.problem!.message, /without its reason/);
    assert.equal(state.counts.skipped, 1);
    assert.equal((await handle.describe()).status.name, 'RUNNING', 'the schedule goes on to the 20:00 dose');
    await handle.signal(deleteScheduleSignal);
    await handle.result();
  });

  test('the refill alert bounces for good → the schedule goes on to the next dose', async () => {
    const { scheduleId, handle, dueMs, key } = await scheduleOf({ timesOfDay: ['08:00', '20:00'], doseCount: 2 });
    supply.set(scheduleId, { count: 1, threshold: 1, alertDoseKey: null });
    await skipTo(dueMs('08:00'));
    await until(() => remindersOf(scheduleId).length === 1, 'the due reminder');
    await handle.executeUpdate(takenUpdate, { args: [{ doseKey: key('08:00'), userId: caregiver, via: 'app' }] });
    const state = await h.untilState(handle, (s) => s.nextDose?.doseKey === key('20:00'), 'the next dose');
    assert.equal(state.phase, 'scheduled');
    assert.equal(supply.get(scheduleId)!.alertDoseKey, key('08:00'), 'the alert was due, for admin ' + admin.slice(0, 8));
    assert.equal((await handle.query(medicationStateQuery)).counts.taken, 1);
    await handle.signal(deleteScheduleSignal);
    assert.equal((await handle.result()).ended, 'deleted');
  });

  test('three doses due together while every live event fails → each reminded at once; a refused skip reason, a failed chain and a bounced refill alert each stop nothing', { timeout: TEST_MS }, async () => {
    const { due, keys, scheduleId, handle } = await startSpringForwardSchedule(h);
    supply.set(scheduleId, { count: 1, threshold: 1, alertDoseKey: null });
    failingChains.add(doseEscalationId(scheduleId, keys[2]!));

    await skipTo(due);
    await until(() => remindersOf(scheduleId).length === 3, 'the three due reminders');
    for (const r of remindersOf(scheduleId)) assert.ok(r.atMs - due < 2_000, `${r.doseKey} reminded ${r.atMs - due} ms after 07:00Z`);

    // 02:30 skipped with a reason PostgreSQL refuses: recorded without it; the others stay open.
    await skipTo(due + 5 * MINUTE);
    await handle.executeUpdate(skippedUpdate, { args: [{ doseKey: keys[1]!, userId: caregiver, via: 'app', reason: 'asleep\u0000' }] });
    assert.equal(recordOf(scheduleId, keys[1]!)?.outcome, 'skipped');
    assert.equal(recordOf(scheduleId, keys[1]!)?.reason, null);

    // 07:30Z: 02:00 pages its backup; the chain of 03:00 fails at its start, and its dose stays open.
    await skipTo(due + 30 * MINUTE);
    await until(() => h.pages.some((p) => p.escalationId === doseEscalationId(scheduleId, keys[0]!)), 'the 02:00 backup paged');
    await assert.rejects(h.resultInRealTime(escalationWorkflowId(doseEscalationId(scheduleId, keys[2]!))), 'the 03:00 chain failed');
    const open = await h.untilState(handle, (s) => s.pendingDoses.length === 2, 'both unanswered doses open');
    assert.deepEqual(open.pendingDoses.map((p) => p.doseKey), [keys[0], keys[2]]);

    // 02:00's chain reaches nobody (one 15-minute step): missed. 03:00 is given at 08:00Z: late, and the low supply's alert bounces.
    await skipTo(due + 60 * MINUTE);
    await until(() => recordOf(scheduleId, keys[0]!) !== undefined, 'the 02:00 dose missed');
    await handle.executeUpdate(takenUpdate, { args: [{ doseKey: keys[2]!, userId: caregiver, via: 'app' }] });
    assert.deepEqual(await handle.result(), { ended: 'completed', counts: { taken: 0, skipped: 1, missed: 1, late: 1 } });
    assert.deepEqual(
      keys.map((k) => recordOf(scheduleId, k)?.outcome),
      ['missed', 'skipped', 'late'],
    );
    assert.equal(supply.get(scheduleId)!.alertDoseKey, keys[2], 'the refill alert was due (and bounced)');
    assert.ok(announced.filter((id) => id === scheduleId).length >= 3 * 3, 'each dose tried its live event, and gave up');
  });
});
