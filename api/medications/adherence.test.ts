import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AdherenceResponse } from '../contracts/medication-views';
import { startMedicationFamily, wallClock, type MedicationFamily } from './test-family';

/** UTC+14: its date is the latest on Earth, so it is the family's "today". */
const EARLIEST_ZONE = 'Pacific/Kiritimati';
const shift = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe('adherence over recorded doses', () => {
  let f: MedicationFamily;
  let today: string;
  let metformin: string;
  let aspirin: string;

  /** A schedule row without a workflow: these tests write its outcomes by hand. */
  async function scheduleRow(familyRecipient: string, name: string, status = 'active', fields: Record<string, unknown> = {}): Promise<string> {
    const [row] = await f.app.dataSource.query(
      `INSERT INTO medication_schedules (family_id, care_recipient_id, schedule, status)
       SELECT family_id, id, $2, $3 FROM care_recipients WHERE id = $1 RETURNING id`,
      [familyRecipient, JSON.stringify(f.schedule({ careRecipientId: familyRecipient, medicationName: name, ...fields })), status],
    );
    return row.id;
  }
  async function record(scheduleId: string, date: string, time: string, outcome: string) {
    await f.app.dataSource.query(`INSERT INTO dose_records (schedule_id, dose_key, due_at, outcome) VALUES ($1, $2, now(), $3)`, [
      scheduleId,
      `${date}T${time}`,
      outcome,
    ]);
  }
  const adherence = async (query = '') => {
    const res = await f.viewer.get(`/api/families/${f.familyId}/adherence${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as AdherenceResponse;
  };

  before(async () => {
    f = await startMedicationFamily(EARLIEST_ZONE);
    await f.admin.session.post(`/api/families/${f.familyId}/recipients`, { displayName: 'Pop', timeZone: 'Pacific/Pago_Pago' });
    today = wallClock(EARLIEST_ZONE, new Date().toISOString()).date;
    metformin = await scheduleRow(f.recipientId, 'Metformin');
    aspirin = await scheduleRow(f.recipientId, 'Aspirin');
    for (const [date, time, outcome] of [
      [today, '08:00', 'taken'],
      [today, '20:00', 'late'],
      [shift(today, -1), '08:00', 'missed'],
      [shift(today, -1), '20:00', 'taken'],
      [shift(today, -2), '08:00', 'skipped'],
      // Before the 7-day period.
      [shift(today, -7), '08:00', 'missed'],
    ] as const) {
      await record(metformin, date, time, outcome);
    }
    await record(aspirin, today, '09:00', 'taken');
    await record(aspirin, shift(today, -1), '09:00', 'taken');
    // Neither a deleted schedule, an as-needed one (given when needed, never kept or missed), nor another family counts.
    await record(await scheduleRow(f.recipientId, 'Paracetamol', 'active', { asNeeded: true, timesOfDay: [] }), today, '14:10', 'taken');
    await record(await scheduleRow(f.recipientId, 'Deleted', 'deleted'), today, '08:00', 'missed');
    await record(await scheduleRow(f.otherRecipientId, 'Theirs'), today, '08:00', 'missed');
  });
  after(() => f.app.stop());

  test('the last 7 days: exact counts and percentages per day and per medication, empty days zero-filled', async () => {
    const body = await adherence('?days=7');
    assert.equal(body.to, today, 'today is the latest date among the recipients');
    assert.equal(body.from, shift(today, -6));
    assert.deepEqual(
      body.days.map((d) => d.date),
      [-6, -5, -4, -3, -2, -1, 0].map((n) => shift(today, n)),
    );
    const none = { recorded: 0, taken: 0, late: 0, skipped: 0, missed: 0, percentTaken: null, percentOnTime: null, percentMissed: null };
    assert.deepEqual(body.days[6], { date: today, recorded: 3, taken: 2, late: 1, skipped: 0, missed: 0, percentTaken: 100, percentOnTime: 66.7, percentMissed: 0 });
    assert.deepEqual(body.days[5], { date: shift(today, -1), recorded: 3, taken: 2, late: 0, skipped: 0, missed: 1, percentTaken: 66.7, percentOnTime: 66.7, percentMissed: 33.3 });
    assert.deepEqual(body.days[4], { date: shift(today, -2), recorded: 1, taken: 0, late: 0, skipped: 1, missed: 0, percentTaken: 0, percentOnTime: 0, percentMissed: 0 });
    for (const day of body.days.slice(0, 4)) assert.deepEqual(day, { date: day.date, ...none });

    assert.deepEqual(
      body.medications.map((m) => [m.medicationName, m.careRecipientId, m.status]),
      [
        ['Metformin', f.recipientId, 'active'],
        ['Aspirin', f.recipientId, 'active'],
      ],
    );
    const [m, a] = body.medications;
    assert.equal(m!.scheduleId, metformin);
    assert.deepEqual(m!.totals, { recorded: 5, taken: 2, late: 1, skipped: 1, missed: 1, percentTaken: 60, percentOnTime: 40, percentMissed: 20 });
    assert.deepEqual(a!.totals, { recorded: 2, taken: 2, late: 0, skipped: 0, missed: 0, percentTaken: 100, percentOnTime: 100, percentMissed: 0 });
    assert.equal(a!.days.length, 7);
    assert.deepEqual(a!.days[6], { date: today, recorded: 1, taken: 1, late: 0, skipped: 0, missed: 0, percentTaken: 100, percentOnTime: 100, percentMissed: 0 });
    assert.deepEqual(a!.days[4], { date: shift(today, -2), ...none });
  });

  test('30 days unless given; the record 7 days back counts once the period reaches it', async () => {
    const body = await adherence();
    assert.equal(body.days.length, 30);
    assert.equal(body.from, shift(today, -29));
    assert.equal(body.medications[0]!.totals.recorded, 6);
    assert.equal(body.medications[0]!.totals.missed, 2);
    assert.equal((await adherence('?days=366')).days.length, 366);
  });

  test('days outside 1–366 → 400 naming days; a stranger → 403', async () => {
    for (const days of ['0', '367', 'abc', '2.5']) {
      const res = await f.viewer.get(`/api/families/${f.familyId}/adherence?days=${days}`);
      assert.equal(res.status, 400, days);
      assert.deepEqual(res.body.error.details.map((d: { path: string }) => d.path), ['days']);
    }
    assert.equal((await f.stranger.get(`/api/families/${f.familyId}/adherence`)).status, 403);
  });
});
