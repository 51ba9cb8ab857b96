import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { doseEscalationId } from '../../activities/medication/activities';
import { medicationStateQuery, snoozeUpdate, takenUpdate } from './messages';
import { createMedicationHarness } from './testing/harness';
import { startSpringForwardSchedule } from './testing/spring-forward';
import { SERVER_START_MS, TEST_MS } from './testing/timeouts';

const MINUTE = 60_000;

/**
 * Several dose times can map to one instant: on New York's spring-forward day (e.g. 14
 * March 2027) 02:00 and 02:30 do not exist and are due when the gap ends, at 03:00 EDT, which
 * is also when the 03:00 dose is due: 07:00Z for all three.
 */
describe('medication doses due at the same instant (time-skipping server)', () => {
  const h = createMedicationHarness();
  before(h.start, { timeout: SERVER_START_MS });
  after(h.stop, { timeout: SERVER_START_MS });
  const { chainEndedMs, now, caregiver, backup, pages, historyOf, eventMs, skipTo, startSchedule, until, untilChainWaits, remindersOf, recordOf, rejected } = h;

  test('02:00, 02:30 and 03:00 on the spring-forward day → three reminders at 07:00Z together; 02:30 taken, 02:00 and 03:00 escalate at 07:30Z, each its own chain and record', { timeout: TEST_MS }, async () => {
    const { due, keys, scheduleId, handle } = await startSpringForwardSchedule({ now, startSchedule });
    await skipTo(due);
    await until(() => remindersOf(scheduleId).length === 3, 'the three due reminders');
    const reminders = remindersOf(scheduleId);
    assert.deepEqual(reminders.map((r) => r.doseKey).sort(), keys);
    for (const r of reminders) assert.ok(r.atMs - due >= 0 && r.atMs - due < 2_000, `${r.doseKey} reminded ${r.atMs - due} ms after 07:00Z`);
    const open = await handle.query(medicationStateQuery);
    assert.deepEqual(
      open.pendingDoses.map((p) => [p.doseKey, p.escalateAt]),
      keys.map((k) => [k, new Date(due + 30 * MINUTE).toISOString()]),
      'each dose has its own 30-minute window',
    );

    // One answer closes one dose only; a snooze of another moves only that dose's window.
    await skipTo(due + 10 * MINUTE);
    const after = await handle.executeUpdate(takenUpdate, { args: [{ doseKey: keys[1]!, userId: caregiver, via: 'app' }] });
    assert.deepEqual(after.lastOutcome, { doseKey: keys[1], outcome: 'taken' });
    assert.deepEqual(after.pendingDoses.map((p) => p.doseKey), [keys[0], keys[2]]);
    assert.equal(await rejected(handle.executeUpdate(takenUpdate, { args: [{ doseKey: keys[1]!, userId: caregiver, via: 'app' }] })), 'DoseAlreadyAnswered');

    await skipTo(due + 30 * MINUTE);
    const chains = [keys[0]!, keys[2]!].map((k) => doseEscalationId(scheduleId, k));
    await until(() => chains.every((id) => pages.some((p) => p.escalationId === id)), 'both backups paged');
    for (const id of chains) await untilChainWaits(id);
    const started = (await historyOf(handle)).filter((e) => e.startChildWorkflowExecutionInitiatedEventAttributes);
    assert.equal(started.length, 2, 'one chain per unanswered dose');
    // In the task the windows' timer woke, after each dose's record is read (see medication-schedule.test.ts).
    for (const e of started) {
      const late = eventMs(e) - (due + 30 * MINUTE);
      assert.ok(late >= 0 && late < 5_000, `chain started ${late} ms after 07:30Z`);
    }
    assert.equal(pages.filter((p) => p.escalationId === doseEscalationId(scheduleId, keys[1]!)).length, 0, 'the answered dose pages nobody');
    assert.ok(chains.every((id) => pages.find((p) => p.escalationId === id)!.userId === backup));
    // Escalating, a dose is no longer snoozed; the chain does not close the other one.
    assert.equal(await rejected(handle.executeUpdate(snoozeUpdate, { args: [{ doseKey: keys[0]!, userId: caregiver, via: 'app' }] })), 'SnoozeLimitReached');

    // Nobody answers the chains (one 15-minute step each): both doses are missed when they end.
    assert.deepEqual((await handle.result()).counts, { taken: 1, skipped: 0, missed: 2, late: 0 });
    assert.equal(recordOf(scheduleId, keys[1]!)!.outcome, 'taken');
    for (const k of [keys[0]!, keys[2]!]) {
      const record = recordOf(scheduleId, k)!;
      assert.equal(record.outcome, 'missed');
      assert.equal(record.dueAt, new Date(due).toISOString());
      // Measured from the chain's end, not 07:45Z: its step began when the chain started (late by up to the bound above).
      const ended = await chainEndedMs(handle, doseEscalationId(scheduleId, k), 15 * MINUTE);
      const stamped = Date.parse(record.at) - ended;
      const written = record.atMs - ended;
      assert.ok(stamped >= 0 && written < 5_000, `${k} missed ${stamped} ms (written ${written} ms) after its chain ended`);
    }
  });
});
