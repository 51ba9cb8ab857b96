import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { medicationHandle } from '../../temporal/medications';
import { medicationStateQuery } from '../../workflows/medication/messages';
import { DOSE_RECORDED_MISSED } from './missed-dose-refusal';
import { startMedicationFamily, until, wallClock, zoneWithAnHourLeft, type MedicationFamily } from './test-family';

/**
 * "Taken" tapped after nobody answered in time: the workflow refuses it as it refuses a
 * second answer, and the caregiver must not be told someone else answered. A dose really
 * recorded missed takes its answer window (5 minutes at the least) and the chain, so the
 * record here is written as the workflow writes a missed dose; the refusal is the real
 * workflow's, on the real stack.
 */
describe('an answer to a dose on record as missed', { timeout: 180_000 }, () => {
  const zone = zoneWithAnHourLeft();
  let f: MedicationFamily;

  before(async () => {
    f = await startMedicationFamily(zone);
  });
  after(() => f.app.stop());

  const answer = (scheduleId: string, doseKey: string, action: 'taken' | 'skipped', key: string) =>
    f.admin.session.request('post', `/api/families/${f.familyId}/medications/${scheduleId}/doses/${doseKey}/${action}`, action === 'skipped' ? { reason: 'asleep' } : undefined, {
      headers: { 'idempotency-key': key },
    });
  const records = (scheduleId: string) =>
    f.app.dataSource.query('SELECT dose_key, outcome, answered_by FROM dose_records WHERE schedule_id = $1 ORDER BY dose_key', [scheduleId]);

  test('the dose the workflow closed ("already answered" in its words) is said to be on record as missed, and nothing changes', async () => {
    const at = wallClock(zone, new Date(Date.now() + 60 * 60_000).toISOString());
    const medication = await f.create({ timesOfDay: [at.time], startDate: at.date });
    const doseKey = `${at.date}T${at.time}`;
    const handle = medicationHandle(f.app.client, medication.id);
    await until('the workflow to plan the dose', async () => (await handle.query(medicationStateQuery)).nextDose?.doseKey === doseKey, 30_000);
    assert.equal((await answer(medication.id, doseKey, 'taken', 'missed-0001-taken')).status, 200);
    const answered = await answer(medication.id, doseKey, 'taken', 'missed-0002-taken');
    assert.deepEqual([answered.status, answered.body.error.details], [409, { reason: 'DoseAlreadyAnswered' }], 'answered by someone: said so');

    await f.app.dataSource.query(`UPDATE dose_records SET outcome = 'missed', answered_by = NULL, answered_via = NULL WHERE schedule_id = $1`, [medication.id]);
    for (const action of ['taken', 'skipped'] as const) {
      const late = await answer(medication.id, doseKey, action, `missed-0003-${action}`);
      assert.equal(late.status, 409, JSON.stringify(late.body));
      assert.deepEqual(late.body.error.details, { reason: DOSE_RECORDED_MISSED });
      assert.match(late.body.error.message, /on record as missed/);
    }
    assert.deepEqual(await records(medication.id), [{ dose_key: doseKey, outcome: 'missed', answered_by: null }], 'the refusal changed nothing');
  });

  test('a missed dose the run no longer holds (it continued as new since) is said to be missed too; one never recorded stays "not the dose waiting"', async () => {
    const medication = await f.create();
    const handle = medicationHandle(f.app.client, medication.id);
    await until('the workflow to plan its first dose', async () => (await handle.query(medicationStateQuery)).nextDose !== null, 30_000);
    const missedKey = '2026-01-05T08:00';
    await f.app.dataSource.query(`INSERT INTO dose_records (schedule_id, dose_key, due_at, outcome) VALUES ($1, $2, $3, 'missed')`, [
      medication.id,
      missedKey,
      new Date('2026-01-05T07:00:00Z'),
    ]);
    const late = await answer(medication.id, missedKey, 'taken', 'missed-0004-taken');
    assert.deepEqual([late.status, late.body.error.details], [409, { reason: DOSE_RECORDED_MISSED }], JSON.stringify(late.body));
    const unknown = await answer(medication.id, '2026-01-06T08:00', 'taken', 'missed-0005-taken');
    assert.deepEqual([unknown.status, unknown.body.error.details], [409, { reason: 'WrongDose' }], JSON.stringify(unknown.body));
    assert.deepEqual(await records(medication.id), [{ dose_key: missedKey, outcome: 'missed', answered_by: null }]);
  });
});
