import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TodayDose } from '../contracts/medication-views';
import { snapshot } from '../../test/support/openapi';
import { startMedicationFamily, subscribeToFamily, wallClock, type MedicationFamily } from './test-family';
import { zoneAwayFromMidnight } from '../../test/support/zones';

describe('an as-needed dose logged by hand, on the real stack', () => {
  const zone = zoneAwayFromMidnight(Date.now(), ['Europe/Paris', 'America/New_York', 'Asia/Tokyo', 'Pacific/Auckland']);
  let f: MedicationFamily;
  const prnDoses = (scheduleId: string, familyId = f.familyId) => `/api/families/${familyId}/medications/${scheduleId}/prn-doses`;
  const records = async (scheduleId: string) =>
    (await f.app.dataSource.query('SELECT dose_key, outcome, answered_by, answered_via, reason FROM dose_records WHERE schedule_id = $1', [scheduleId])) as {
      dose_key: string;
      outcome: string;
      answered_by: string;
      answered_via: string;
      reason: string | null;
    }[];
  const supplyOf = async (scheduleId: string) =>
    ((await f.app.dataSource.query('SELECT supply_count FROM medication_schedules WHERE id = $1', [scheduleId])) as { supply_count: number | null }[])[0]!.supply_count;
  const paracetamol = (overrides: Record<string, unknown> = {}) =>
    f.create({ medicationName: 'Paracetamol', dose: '1 g', timesOfDay: [], asNeeded: true, supply: { count: 5, refillThreshold: 1 }, ...overrides });

  before(async () => {
    f = await startMedicationFamily(zone);
  });
  after(() => f.app.stop());

  test('logged → 201, one taken record keyed by her clock, the supply 5 → 4, and Today shows who gave it', async () => {
    const medication = await paracetamol();
    const live = await subscribeToFamily(f.app.baseUrl, f.viewer, f.familyId);
    const res = await f.admin.session.post(prnDoses(medication.id), { note: '  For a headache ' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const key = res.body.dose.doseKey as string;
    const { date, time } = wallClock(zone, res.body.dose.dueAt);
    assert.equal(key, `${date}T${time}`, "the key is the recipient's wall clock at the moment it was logged");
    assert.equal(res.body.medication.supplyCount, 4);
    assert.equal(res.body.medication.schedule.supply.count, 4);
    assert.equal(res.body.dose.status, 'taken');
    assert.equal(res.body.dose.reason, 'For a headache', 'the note is trimmed');

    assert.deepEqual(await records(medication.id), [
      { dose_key: key, outcome: 'taken', answered_by: f.admin.user.id, answered_via: 'app', reason: 'For a headache' },
    ]);
    assert.equal(await supplyOf(medication.id), 4);

    // The family's open pages hear of both: the supply and the dose.
    const changed = await live.next((e) => e.type === 'medication.changed' && e.medication.id === medication.id && e.medication.supplyCount === 4);
    const dose = await live.next((e) => e.type === 'dose.changed' && e.dose.scheduleId === medication.id);
    live.close();
    assert.ok(changed);
    assert.equal(dose.type === 'dose.changed' && dose.dose.status, 'taken');

    const today = (await f.viewer.get(`/api/families/${f.familyId}/today`)).body.doses as TodayDose[];
    const listed = today.find((d) => d.scheduleId === medication.id);
    assert.ok(listed, 'Today lists the logged dose');
    assert.equal(listed.status, 'taken');
    assert.equal(listed.localTime, time);
    assert.equal(listed.answeredBy, f.admin.user.id);
    assert.equal(listed.answeredAt, res.body.dose.answeredAt);
    assert.equal(listed.medicationName, 'Paracetamol');
  });

  test('a second log in the same minute → 409 "Already logged at HH:MM", and the supply is not counted twice', async () => {
    const medication = await paracetamol();
    // A record under this minute's key and the next one: the request lands in one of them.
    const now = Date.now();
    const keys = [now, now + 60_000].map((t) => wallClock(zone, new Date(t).toISOString()));
    for (const k of keys) {
      await f.app.dataSource.query(
        `INSERT INTO dose_records (schedule_id, dose_key, due_at, outcome, answered_by, answered_via, answered_at)
         VALUES ($1, $2, now(), 'taken', $3, 'app', now())`,
        [medication.id, `${k.date}T${k.time}`, f.admin.user.id],
      );
    }
    const res = await f.admin.session.post(prnDoses(medication.id), {});
    assert.equal(res.status, 409, JSON.stringify(res.body));
    assert.equal(res.body.error.code, 'conflict');
    assert.match(res.body.error.message, /^Already logged at \d\d:\d\d$/);
    assert.ok(keys.some((k) => res.body.error.message.endsWith(k.time)));
    assert.equal((await records(medication.id)).length, 2);
    assert.equal(await supplyOf(medication.id), 5);
  });

  test('without a counted supply the log is kept and the supply stays uncounted', async () => {
    const medication = await paracetamol({ supply: undefined, medicationName: 'Ibuprofen' });
    const res = await f.admin.session.post(prnDoses(medication.id), {});
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.medication.supplyCount, null);
    assert.equal(res.body.dose.reason, null);
    assert.equal((await records(medication.id)).length, 1);
  });

  test('a scheduled medication or a paused one → 409, nothing written', async () => {
    const scheduled = await f.create({ medicationName: 'Metformin', supply: { count: 5, refillThreshold: 1 } });
    const res = await f.admin.session.post(prnDoses(scheduled.id), {});
    assert.equal(res.status, 409);
    assert.equal(res.body.error.message, 'This medication is given on a schedule: mark its doses on Today');
    assert.deepEqual(await records(scheduled.id), []);
    assert.equal(await supplyOf(scheduled.id), 5);

    const paused = await paracetamol({ medicationName: 'Codeine' });
    const pause = await f.admin.session.post(`/api/families/${f.familyId}/medications/${paused.id}/pause`);
    assert.equal(pause.status, 200, JSON.stringify(pause.body));
    const refused = await f.admin.session.post(prnDoses(paused.id), {});
    assert.equal(refused.status, 409);
    assert.match(refused.body.error.message, /paused/);
    assert.deepEqual(await records(paused.id), []);
  });

  test('a viewer and a stranger → 403; an unknown, deleted or other family\'s schedule → 404; nothing written', async () => {
    const medication = await paracetamol();
    const before = await snapshot(f.app.dataSource);
    for (const who of [f.viewer, f.stranger]) {
      const res = await who.post(prnDoses(medication.id), {});
      assert.equal(res.status, 403);
      assert.equal(res.body.error.code, 'forbidden');
    }
    const strangersFamily = ((await f.stranger.get('/api/families')).body.families as { id: string }[])[0]!.id;
    const strangerId = (await f.stranger.get('/api/auth/me')).body.user.id as string;
    const theirs = await f.stranger.post(
      `/api/families/${strangersFamily}/medications`,
      f.schedule({ careRecipientId: f.otherRecipientId, timeZone: 'UTC', assignedCaregiverId: strangerId, timesOfDay: [], asNeeded: true }),
    );
    assert.equal(theirs.status, 201, JSON.stringify(theirs.body));
    const strangerBefore = await snapshot(f.app.dataSource);
    assert.equal((await f.admin.session.post(prnDoses(theirs.body.medication.id), {})).status, 404, "another family's schedule under mine");
    assert.equal((await f.admin.session.post(prnDoses('00000000-0000-4000-8000-000000000009'), {})).status, 404);
    assert.deepEqual(await snapshot(f.app.dataSource), strangerBefore);
    assert.equal(before.dose_records, strangerBefore.dose_records);

    assert.equal((await f.admin.session.delete(`/api/families/${f.familyId}/medications/${medication.id}`)).status, 204);
    assert.equal((await f.admin.session.post(prnDoses(medication.id), {})).status, 404, 'a deleted schedule');
    assert.deepEqual(await records(medication.id), []);
  });

  test('a note over 500 characters → 400 naming it, and nothing changed', async () => {
    const medication = await paracetamol();
    const before = await snapshot(f.app.dataSource);
    const res = await f.admin.session.post(prnDoses(medication.id), { note: 'x'.repeat(501) });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'validation_failed');
    assert.ok(res.body.error.details.some((d: { path: string }) => d.path === 'note'));
    assert.deepEqual(await snapshot(f.app.dataSource), before);
    assert.equal(await supplyOf(medication.id), 5);
  });
});
