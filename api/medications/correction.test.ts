import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startMedicationFamily, type MedicationFamily } from './test-family';

/**
 * Mistakes put right after the fact (issue 13, item 6): a dose recorded missed that was
 * given after all, at the time it really was; "Taken" pressed by mistake, undone. The row
 * says who corrected it and what it said before, the access log has the request, the
 * supply follows.
 */
describe('correcting a recorded dose, on the real stack', { timeout: 120_000 }, () => {
  let f: MedicationFamily;
  before(async () => {
    f = await startMedicationFamily('Europe/Paris');
  });
  after(() => f.app.stop());

  const dueAt = new Date(Date.now() - 3 * 3600_000);
  const doseKey = '2026-01-05T08:00';
  const url = (scheduleId: string, key = doseKey) => `/api/families/${f.familyId}/medications/${scheduleId}/doses/${key}/correction`;
  async function recorded(outcome: string, supply = 5) {
    const medication = await f.create({ supply: { count: supply, refillThreshold: 1 } });
    await f.app.dataSource.query(
      `INSERT INTO dose_records (schedule_id, dose_key, due_at, outcome, answered_by, answered_via, answered_at) VALUES ($1, $2, $3, $4, $5, 'app', $3)`,
      [medication.id, doseKey, dueAt, outcome, outcome === 'missed' ? null : f.admin.user.id],
    );
    return medication.id;
  }
  const row = async (scheduleId: string) =>
    (
      await f.app.dataSource.query(
        `SELECT d.outcome, d.answered_by, d.answered_at, d.reason, d.corrected_by, d.corrected_from, s.supply_count
           FROM dose_records d JOIN medication_schedules s ON s.id = d.schedule_id WHERE d.schedule_id = $1`,
        [scheduleId],
      )
    )[0];

  test('a missed dose given after all, 40 minutes late: late, at that time, by whom, and what it was before', async () => {
    const id = await recorded('missed');
    const givenAt = new Date(dueAt.getTime() + 40 * 60_000).toISOString();
    const res = await f.admin.session.post(url(id), { outcome: 'given', givenAt });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual([res.body.dose.status, res.body.dose.answeredAt, res.body.dose.correctedFrom], ['late', givenAt, 'missed']);
    const after = await row(id);
    assert.deepEqual(
      [after.outcome, after.answered_by, after.answered_at.toISOString(), after.corrected_by, after.corrected_from, after.supply_count],
      ['late', f.admin.user.id, givenAt, f.admin.user.id, 'missed', 4],
    );
    const audit = await f.app.dataSource.query(
      `SELECT action, resource_type, resource_id, outcome FROM audit_events WHERE family_id = $1 AND operation = 'correctDose'`,
      [f.familyId],
    );
    assert.deepEqual(audit, [{ action: 'update', resource_type: 'dose', resource_id: `${id}/${doseKey}`, outcome: 'allowed' }]);
  });

  test('"Taken" pressed by mistake is undone: not given, with the reason, and the pill back in the box', async () => {
    const id = await recorded('taken');
    const res = await f.admin.session.post(url(id), { outcome: 'not_given', reason: 'Marked given by mistake' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const after = await row(id);
    assert.deepEqual([after.outcome, after.reason, after.corrected_from, after.supply_count], ['skipped', 'Marked given by mistake', 'taken', 6]);
    // Given after all, ten minutes after it was due: on time again, and out of the box again.
    const again = await f.admin.session.post(url(id), { outcome: 'given', givenAt: new Date(dueAt.getTime() + 10 * 60_000).toISOString() });
    assert.equal(again.body.dose.status, 'taken');
    // Pages order the copies they receive by it: the later correction stands.
    assert.ok(res.body.dose.correctedAt < again.body.dose.correctedAt, `${res.body.dose.correctedAt} then ${again.body.dose.correctedAt}`);
    assert.deepEqual([(await row(id)).corrected_from, (await row(id)).supply_count], ['skipped', 5]);
  });

  test('refused, with nothing changed: an open dose, a time in the future, no reason, a viewer', async () => {
    const id = await recorded('missed');
    const open = await f.admin.session.post(url(id, '2026-01-06T08:00'), { outcome: 'given' });
    assert.equal(open.status, 409);
    const future = await f.admin.session.post(url(id), { outcome: 'given', givenAt: new Date(Date.now() + 3600_000).toISOString() });
    assert.equal(future.status, 400);
    assert.deepEqual(future.body.error.details.map((d: { path: string }) => d.path), ['givenAt']);
    const noReason = await f.admin.session.post(url(id), { outcome: 'not_given' });
    assert.deepEqual([noReason.status, noReason.body.error.details[0].path], [400, 'reason']);
    assert.equal((await f.viewer.post(url(id), { outcome: 'given' })).status, 403);
    const after = await row(id);
    assert.deepEqual([after.outcome, after.corrected_by, after.supply_count], ['missed', null, 5]);
  });
});
