import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { medicationHandle } from '../../temporal/medications';
import { medicationStateQuery } from '../../workflows/medication/messages';
import { startMedicationFamily, until, wallClock, type MedicationFamily } from './test-family';

/** Doses follow the care recipient's zone: a schedule cannot name another, and a move carries every schedule along. */
describe("a schedule's time zone is its care recipient's, on the real stack", () => {
  let f: MedicationFamily;
  const medications = () => `/api/families/${f.familyId}/medications`;
  const rowOf = async (id: string) => (await f.app.dataSource.query('SELECT schedule, version FROM medication_schedules WHERE id = $1', [id]))[0];
  const stateOf = (id: string) => medicationHandle(f.app.client, id).query(medicationStateQuery);

  before(async () => {
    f = await startMedicationFamily('Europe/Paris');
  });
  after(() => f.app.stop());

  test("another zone than the recipient's → 400 naming timeZone, on create and on edit; nothing is saved", { timeout: 60_000 }, async () => {
    const count = async () => Number((await f.app.dataSource.query('SELECT count(*) FROM medication_schedules WHERE family_id = $1', [f.familyId]))[0].count);
    const before = await count();
    const created = await f.admin.session.post(medications(), f.schedule({ timeZone: 'America/New_York' }));
    assert.equal(created.status, 400, JSON.stringify(created.body));
    assert.equal(created.body.error.code, 'validation_failed');
    assert.deepEqual(created.body.error.details.map((d: { path: string }) => d.path), ['timeZone']);
    assert.match(created.body.error.details[0].message, /Europe\/Paris/);
    assert.equal(await count(), before);

    const medication = await f.create();
    const edited = await f.admin.session.request('put', `${medications()}/${medication.id}`, f.schedule({ timeZone: 'Asia/Tokyo', timesOfDay: ['09:00'] }));
    assert.equal(edited.status, 400, JSON.stringify(edited.body));
    assert.deepEqual(edited.body.error.details.map((d: { path: string }) => d.path), ['timeZone']);
    const row = await rowOf(medication.id);
    assert.deepEqual([row.version, row.schedule.timeZone, row.schedule.timesOfDay], [1, 'Europe/Paris', ['08:00', '20:00']]);
  });

  test("the recipient moves to New York → their schedules take the zone (a new version) and the running workflow's next dose is 08:00 or 20:00 New York time", { timeout: 60_000 }, async () => {
    const medication = await f.create({ timesOfDay: ['08:00', '20:00'] });
    const paris = await (async () => {
      let next: { doseKey: string; dueAt: string } | null = null;
      await until('the first dose looked up', async () => (next = (await stateOf(medication.id)).nextDose) !== null);
      return next!;
    })();
    assert.ok(['08:00', '20:00'].includes(wallClock('Europe/Paris', paris.dueAt).time));

    const moved = await f.admin.session.patch(`/api/families/${f.familyId}/recipients/${f.recipientId}`, { timeZone: 'America/New_York' });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    const row = await rowOf(medication.id);
    assert.deepEqual([row.version, row.schedule.timeZone], [2, 'America/New_York']);
    const listed = await f.viewer.get(`${medications()}/${medication.id}`);
    assert.equal(listed.body.medication.schedule.timeZone, 'America/New_York');

    await until('the workflow to look again in the new zone', async () => {
      const state = await stateOf(medication.id);
      return state.version === 2 && state.nextDose !== null;
    });
    const next = (await stateOf(medication.id)).nextDose!;
    const local = wallClock('America/New_York', next.dueAt);
    assert.ok(['08:00', '20:00'].includes(local.time), `next dose at ${local.time} New York time`);
    assert.equal(next.doseKey, `${local.date}T${local.time}`, 'the dose is named by its New York date and time');
    assert.ok(Date.parse(next.dueAt) > Date.now() - 60_000, 'a dose ahead, none brought back from the past');

    // A name change alone leaves the schedules alone.
    assert.equal((await f.admin.session.patch(`/api/families/${f.familyId}/recipients/${f.recipientId}`, { displayName: 'Nana' })).status, 200);
    assert.equal((await rowOf(medication.id)).version, 2);
  });
});
