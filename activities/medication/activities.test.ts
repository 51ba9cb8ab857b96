import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';
import { doseEscalationId, medicationActivities } from './activities';
import { seedScheduleRow } from './schedule.test-seed';
import type { DoseOutcomeInput } from './types';

describe('medication activities against PostgreSQL', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
  });
  after(async () => {
    await db?.drop();
  });

  /** A twice-daily schedule in Paris with 3 doses in the box and an alert at 1 left. */
  const scheduleRow = (fields: Record<string, unknown> = {}) => seedScheduleRow(db.dataSource, { supply: { count: 3, refillThreshold: 1 }, ...fields });

  const dose = (scheduleId: string, doseKey: string, by: string, outcome: DoseOutcomeInput['outcome'] = 'taken'): DoseOutcomeInput => ({
    scheduleId,
    doseKey,
    dueAt: '2026-03-28T07:00:00.000Z',
    outcome,
    by,
    via: 'app',
    reason: null,
    at: '2026-03-28T07:05:00.000Z',
  });

  const supplyOf = async (id: string) =>
    ((await db.dataSource.query('SELECT supply_count, refill_alert_sent FROM medication_schedules WHERE id = $1', [id])) as { supply_count: number; refill_alert_sent: boolean }[])[0]!;

  test('nextDoseFor: across the spring change in Paris, 08:00 stays 08:00 local; the escalation id names the dose', async () => {
    const s = await scheduleRow();
    const { nextDoseFor } = medicationActivities(db);
    const next = await nextDoseFor({ scheduleId: s.scheduleId, afterUtc: '2026-03-28T19:00:00.000Z', afterDoseKey: '2026-03-28T20:00' });
    assert.deepEqual(next, {
      doseKey: '2026-03-29T08:00',
      dueAt: '2026-03-29T06:00:00.000Z',
      headsUpAt: null,
      escalateAt: '2026-03-29T06:30:00.000Z',
      label: '08:00 Europe/Paris',
      version: 1,
      escalationId: doseEscalationId(s.scheduleId, '2026-03-29T08:00'),
    });
    assert.match(next!.escalationId, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    await db.dataSource.query(`UPDATE medication_schedules SET status = 'deleted' WHERE id = $1`, [s.scheduleId]);
    assert.equal(await nextDoseFor({ scheduleId: s.scheduleId, afterUtc: '2026-03-28T19:00:00.000Z' }), null);
  });

  test('dosesAhead: one read gives the doses a spring-forward gap brings to one instant and the dose after them, skipping one on the record', { timeout: 30_000 }, async () => {
    // New York springs forward on 2026-03-08: 02:00 and 02:30 do not exist and fall due with 03:00, at 07:00Z.
    const s = await scheduleRow({ timeZone: 'America/New_York', timesOfDay: ['02:00', '02:30', '03:00', '09:00'], startDate: '2026-03-07' });
    const { dosesAhead, recordDoseOutcome } = medicationActivities(db);
    const after = { scheduleId: s.scheduleId, afterUtc: '2026-03-07T15:00:00.000Z', afterDoseKey: '2026-03-07T09:00' };
    const ahead = await dosesAhead(after);
    assert.deepEqual(ahead.doses.map((d) => [d.doseKey, d.dueAt]), [
      ['2026-03-08T02:00', '2026-03-08T07:00:00.000Z'],
      ['2026-03-08T02:30', '2026-03-08T07:00:00.000Z'],
      ['2026-03-08T03:00', '2026-03-08T07:00:00.000Z'],
    ]);
    assert.deepEqual([ahead.upcoming?.doseKey, ahead.upcoming?.dueAt], ['2026-03-08T09:00', '2026-03-08T13:00:00.000Z']);
    // Who is reminded and how patiently, as the row says: the workflow takes them if an edit's signal never came.
    assert.deepEqual(ahead.settings, { version: 1, assignedCaregiverId: s.anna, answerWindowMinutes: 30, snoozeMinutes: 10, maxSnoozes: 3 });
    await db.dataSource.query(`UPDATE medication_schedules SET version = 2, schedule = schedule || '{"answerWindowMinutes": 45}' WHERE id = $1`, [s.scheduleId]);
    assert.deepEqual((await dosesAhead(after)).settings, { version: 2, assignedCaregiverId: s.anna, answerWindowMinutes: 45, snoozeMinutes: 10, maxSnoozes: 3 });
    // 02:30 was given early: it is not asked for again.
    await recordDoseOutcome({ ...dose(s.scheduleId, '2026-03-08T02:30', s.anna), dueAt: '2026-03-08T07:00:00.000Z' });
    assert.deepEqual((await dosesAhead(after)).doses.map((d) => d.doseKey), ['2026-03-08T02:00', '2026-03-08T03:00']);
    await db.dataSource.query(`UPDATE medication_schedules SET status = 'deleted' WHERE id = $1`, [s.scheduleId]);
    assert.deepEqual(await dosesAhead(after), { doses: [], upcoming: null });
  });

  test("nextDoseFor: the recipient's zone as it is now decides, and a dose already recorded is not asked again after a move west", { timeout: 30_000 }, async () => {
    const s = await scheduleRow();
    const { nextDoseFor, recordDoseOutcome } = medicationActivities(db);
    // 08:00 in Paris (06:00Z) is given; 20:00 in Paris is next.
    await recordDoseOutcome({ ...dose(s.scheduleId, '2026-03-29T08:00', s.anna), dueAt: '2026-03-29T06:00:00.000Z' });
    const handled = { scheduleId: s.scheduleId, afterUtc: '2026-03-29T06:00:00.000Z', afterDoseKey: '2026-03-29T08:00' };
    assert.equal((await nextDoseFor(handled))!.dueAt, '2026-03-29T18:00:00.000Z', '20:00 in Paris');

    // At 06:30Z Grandma moves to New York (02:30 there): only her row in care_recipients says so.
    await db.dataSource.query(`UPDATE care_recipients SET time_zone = 'America/New_York' WHERE id = $1`, [s.recipientId]);
    assert.deepEqual(await nextDoseFor({ scheduleId: s.scheduleId, afterUtc: '2026-03-29T06:30:00.000Z' }), {
      doseKey: '2026-03-29T20:00',
      dueAt: '2026-03-30T00:00:00.000Z',
      headsUpAt: null,
      escalateAt: '2026-03-30T00:30:00.000Z',
      label: '20:00 America/New_York',
      version: 1,
      escalationId: doseEscalationId(s.scheduleId, '2026-03-29T20:00'),
    }, "08:00 in New York is today's 08:00 dose, already given in Paris: next is 20:00 New York time");
  });

  test('recordDoseOutcome: a retry records once and counts the supply down once', async () => {
    const s = await scheduleRow();
    const { recordDoseOutcome } = medicationActivities(db);
    assert.deepEqual(await recordDoseOutcome(dose(s.scheduleId, '2026-03-28T08:00', s.anna)), { recorded: true, refillDue: false });
    assert.deepEqual(await recordDoseOutcome(dose(s.scheduleId, '2026-03-28T08:00', s.anna)), { recorded: false, refillDue: false });
    const rows = (await db.dataSource.query('SELECT outcome, answered_by FROM dose_records WHERE schedule_id = $1', [s.scheduleId])) as unknown[];
    assert.deepEqual(rows, [{ outcome: 'taken', answered_by: s.anna }]);
    assert.equal((await supplyOf(s.scheduleId)).supply_count, 2);
    // Skipped and missed doses leave the box alone.
    await recordDoseOutcome(dose(s.scheduleId, '2026-03-28T20:00', s.anna, 'skipped'));
    assert.equal((await supplyOf(s.scheduleId)).supply_count, 2);
  });

  test('answerOnRecord: an answer comes back with who, how, when and why; a missed dose or none on the record is null', async () => {
    const s = await scheduleRow();
    const { answerOnRecord, recordDoseOutcome } = medicationActivities(db);
    const ask = (doseKey: string) => answerOnRecord({ scheduleId: s.scheduleId, doseKey });
    assert.equal(await ask('2026-03-28T08:00'), null);
    await recordDoseOutcome({ ...dose(s.scheduleId, '2026-03-28T08:00', s.anna, 'skipped'), via: 'sms', reason: 'asleep' });
    assert.deepEqual(await ask('2026-03-28T08:00'), { outcome: 'skipped', by: s.anna, via: 'sms', reason: 'asleep', at: '2026-03-28T07:05:00.000Z' });
    await recordDoseOutcome({ ...dose(s.scheduleId, '2026-03-28T20:00', s.anna, 'missed'), by: null, via: null });
    assert.equal(await ask('2026-03-28T20:00'), null);
  });

  test('recordDoseOutcome with lookAhead: the doses ahead come back with the record; a read that fails leaves the record alone', { timeout: 30_000 }, async () => {
    const s = await scheduleRow();
    const { recordDoseOutcome, dosesAhead } = medicationActivities(db);
    const lookAhead = { afterUtc: '2026-03-28T07:00:00.000Z', afterDoseKey: '2026-03-28T08:00' };
    const result = await recordDoseOutcome({ ...dose(s.scheduleId, '2026-03-28T08:00', s.anna), lookAhead });
    assert.deepEqual(result, { recorded: true, refillDue: false, ahead: await dosesAhead({ scheduleId: s.scheduleId, ...lookAhead }) });
    assert.equal(result.ahead?.doses[0]?.doseKey, '2026-03-28T20:00');
    // The lookup's read fails (a statement timeout, say), or is slower than its budget: the
    // record is still written and returns without the doses ahead.
    const reading = (answer: (sql: string, params?: unknown[]) => Promise<unknown>) =>
      new Proxy(db.dataSource, {
        get: (target, name) =>
          name === 'query' ? (sql: string, params?: unknown[]) => (sql.includes('JOIN care_recipients') ? answer(sql, params) : target.query(sql, params)) : Reflect.get(target, name),
      });
    const refusing = reading(() => Promise.reject(new Error('canceling statement due to statement timeout')));
    const broken = await medicationActivities({ dataSource: refusing }).recordDoseOutcome({ ...dose(s.scheduleId, '2026-03-28T20:00', s.anna, 'skipped'), lookAhead });
    assert.deepEqual(broken, { recorded: true, refillDue: false });
    const slow = reading(() => new Promise((resolve) => setTimeout(resolve, 1_500, [])));
    const late = await medicationActivities({ dataSource: slow }).recordDoseOutcome({ ...dose(s.scheduleId, '2026-03-29T08:00', s.anna, 'skipped'), lookAhead });
    assert.deepEqual(late, { recorded: true, refillDue: false });
    const outcomes = (await db.dataSource.query('SELECT outcome FROM dose_records WHERE schedule_id = $1 ORDER BY dose_key', [s.scheduleId])) as { outcome: string }[];
    assert.deepEqual(outcomes.map((r) => r.outcome), ['taken', 'skipped', 'skipped']);
  });

  test('the refill alert is due exactly once (a retry of that dose says so again), and a refill re-arms it', async () => {
    const s = await scheduleRow();
    const { recordDoseOutcome, recordRefill } = medicationActivities(db);
    const take = (key: string) => recordDoseOutcome(dose(s.scheduleId, key, s.ben));
    assert.equal((await take('2026-03-28T08:00')).refillDue, false, '3 → 2');
    assert.equal((await take('2026-03-28T20:00')).refillDue, true, '2 → 1: the threshold');
    assert.equal((await take('2026-03-28T20:00')).refillDue, true, 'the same record retried: the alert (keyed by this dose) is still due');
    assert.equal((await take('2026-03-29T08:00')).refillDue, false, '1 → 0: already alerted');
    assert.deepEqual(await supplyOf(s.scheduleId), { supply_count: 0, refill_alert_sent: true });

    assert.deepEqual(await recordRefill({ scheduleId: s.scheduleId, added: 2 }), { supplyCount: 2 });
    assert.equal((await supplyOf(s.scheduleId)).refill_alert_sent, false);
    assert.equal((await take('2026-03-29T20:00')).refillDue, true, '2 → 1 after the refill: alerted again');
  });

  test('markScheduleEnded: a finished schedule is marked ended once; an as-needed one stays in use; a paused one is left alone', async () => {
    const { markScheduleEnded } = medicationActivities(db);
    const status = async (id: string) => ((await db.dataSource.query('SELECT status FROM medication_schedules WHERE id = $1', [id])) as { status: string }[])[0]!.status;
    const finished = await scheduleRow({ doseCount: 2 });
    await markScheduleEnded({ scheduleId: finished.scheduleId });
    await markScheduleEnded({ scheduleId: finished.scheduleId });
    assert.equal(await status(finished.scheduleId), 'ended');
    const prn = await scheduleRow({ asNeeded: true, timesOfDay: [] });
    await markScheduleEnded({ scheduleId: prn.scheduleId });
    assert.equal(await status(prn.scheduleId), 'active');
    const paused = await scheduleRow();
    await db.dataSource.query(`UPDATE medication_schedules SET status = 'paused' WHERE id = $1`, [paused.scheduleId]);
    await markScheduleEnded({ scheduleId: paused.scheduleId });
    assert.equal(await status(paused.scheduleId), 'paused');
  });
});
