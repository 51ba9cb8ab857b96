import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TodayDose } from '../contracts/medication-views';
import { startMedicationFamily, until, wallClock, type MedicationFamily } from './test-family';
import { zoneAwayFromMidnight } from '../../test/support/zones';

/** The next whole minute at least 20 s away: the workflow is running well before the dose falls due. */
function soon(zone: string) {
  const ms = Date.now();
  const minute = Math.floor(ms / 60_000) * 60_000 + (60_000 - (ms % 60_000) >= 20_000 ? 60_000 : 120_000);
  return wallClock(zone, new Date(minute).toISOString());
}

describe('the Today view of doses, on the real stack', () => {
  const zone = zoneAwayFromMidnight(Date.now(), ['Europe/Paris', 'America/New_York', 'Asia/Tokyo', 'Pacific/Auckland']);
  const today = wallClock(zone, new Date().toISOString()).date;
  let f: MedicationFamily;
  const todayDoses = async () => {
    const res = await f.viewer.get(`/api/families/${f.familyId}/today`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.doses as TodayDose[];
  };

  before(async () => {
    f = await startMedicationFamily(zone);
  });
  after(() => f.app.stop());

  test('recorded outcomes, paused schedules and as-needed ones, in order of due instant', async () => {
    const skipped = await f.create({ medicationName: 'Aspirin', timesOfDay: ['00:05'], startDate: today });
    await f.app.dataSource.query(
      `INSERT INTO dose_records (schedule_id, dose_key, due_at, outcome, answered_by, answered_via, answered_at, reason)
       VALUES ($1, $2, now() - interval '1 minute', 'skipped', $3, 'app', now(), 'Asleep')`,
      [skipped.id, `${today}T00:05`, f.admin.user.id],
    );
    const paused = await f.create({ medicationName: 'Vitamin D', timesOfDay: ['23:55'], startDate: today });
    assert.equal((await f.admin.session.post(`/api/families/${f.familyId}/medications/${paused.id}/pause`)).status, 200);
    await f.create({ medicationName: 'Paracetamol', timesOfDay: [], asNeeded: true });

    const doses = await todayDoses();
    assert.deepEqual(
      doses.map((d) => [d.medicationName, d.doseKey, d.status]),
      [
        ['Aspirin', `${today}T00:05`, 'skipped'],
        ['Vitamin D', `${today}T23:55`, 'paused'],
      ],
    );
    assert.equal(doses[0]!.reason, 'Asleep');
    assert.equal(doses[0]!.answeredBy, f.admin.user.id);
    assert.equal(doses[0]!.timeZone, zone);
    assert.equal(doses[1]!.localTime, '23:55');
    assert.equal(doses[1]!.answeredAt, null);
    for (const id of [skipped.id, paused.id]) assert.equal((await f.admin.session.delete(`/api/families/${f.familyId}/medications/${id}`)).status, 204);
    assert.deepEqual(await todayDoses(), [], 'deleted schedules are gone from Today');
  });

  test('a stranger cannot see the family Today (403)', async () => {
    const res = await f.stranger.get(`/api/families/${f.familyId}/today`);
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, 'forbidden');
  });

  test('a dose due in a minute is upcoming, then due, then taken once a caregiver says so', { timeout: 200_000 }, async () => {
    const at = soon(zone);
    assert.equal(at.date, today);
    // 00:05 fell before the schedule existed: nobody will be asked for it, so Today leaves it out.
    const medication = await f.create({ medicationName: 'Metformin', timesOfDay: ['00:05', at.time], startDate: today });
    const doseKey = `${today}T${at.time}`;
    const [upcoming, ...rest] = await todayDoses();
    assert.deepEqual(rest, []);
    assert.equal(upcoming!.scheduleId, medication.id);
    assert.equal(upcoming!.doseKey, doseKey);
    assert.equal(upcoming!.status, 'upcoming');
    assert.equal(upcoming!.assignedCaregiverId, f.admin.user.id);
    assert.deepEqual(wallClock(zone, upcoming!.dueAt), at);

    await until('the dose to fall due', async () => (await todayDoses())[0]?.status === 'due', 150_000);
    const answer = await f.admin.session.answer(`/api/families/${f.familyId}/medications/${medication.id}/doses/${doseKey}/taken`);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    const [taken] = await todayDoses();
    assert.equal(taken!.status, 'taken');
    assert.equal(taken!.answeredBy, f.admin.user.id);
    assert.equal(taken!.answeredVia, 'app');
    assert.ok(taken!.answeredAt);
  });
});
