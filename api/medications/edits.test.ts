import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { medicationHandle } from '../../temporal/medications';
import { medicationStateQuery } from '../../workflows/medication/messages';
import { startMedicationFamily, subscribeToFamily, until, type MedicationFamily } from './test-family';

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

describe('editing and refilling a medication schedule, on the real stack', () => {
  let f: MedicationFamily;
  const path = (id: string, tail = '') => `/api/families/${f.familyId}/medications/${id}${tail}`;
  const put = (id: string, body: unknown) => f.admin.session.request('put', path(id), body);
  const rowOf = async (id: string) =>
    (await f.app.dataSource.query('SELECT schedule, version, status, supply_count, refill_threshold, refill_alert_sent, refill_alert_dose_key FROM medication_schedules WHERE id = $1', [id]))[0];
  const workflowVersion = async (id: string) => (await medicationHandle(f.app.client, id).query(medicationStateQuery)).version;

  before(async () => {
    f = await startMedicationFamily();
  });
  after(() => f.app.stop());

  test('an edit replaces the schedule and bumps the version; the running workflow follows', async () => {
    const medication = await f.create();
    const res = await put(medication.id, f.schedule({ timesOfDay: ['09:00'], answerWindowMinutes: 45, dose: '850 mg, 1 tablet' }));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.medication.version, 2);
    assert.equal(res.body.medication.status, 'active');
    assert.deepEqual(res.body.medication.schedule.timesOfDay, ['09:00']);
    assert.equal(res.body.medication.schedule.dose, '850 mg, 1 tablet');
    await until('the workflow to run version 2', async () => (await workflowVersion(medication.id)) === 2);
    const preview = await f.viewer.get(path(medication.id, '/preview?days=3'));
    assert.ok(preview.body.doses.length >= 2);
    assert.ok(preview.body.doses.every((d: { localTime: string }) => d.localTime === '09:00'));
  });

  test('moving a schedule to another care recipient → 400 naming careRecipientId, and the row is unchanged', async () => {
    const medication = await f.create();
    const before = await rowOf(medication.id);
    const sibling = (await f.admin.session.post(`/api/families/${f.familyId}/recipients`, { displayName: 'Pop', timeZone: 'Europe/Paris' })).body.recipient.id;
    for (const careRecipientId of [sibling, f.otherRecipientId]) {
      const res = await put(medication.id, f.schedule({ careRecipientId, timesOfDay: ['10:00'] }));
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.error.code, 'validation_failed');
      assert.deepEqual(res.body.error.details, [{ path: 'careRecipientId', message: 'a schedule stays with its care recipient; create a new one' }]);
    }
    const nobodyAsCaregiver = await put(medication.id, f.schedule({ assignedCaregiverId: randomUUID() }));
    assert.deepEqual(nobodyAsCaregiver.body.error.details.map((d: { path: string }) => d.path), ['assignedCaregiverId']);
    assert.deepEqual(await rowOf(medication.id), before);
    assert.ok((await workflowVersion(medication.id)) <= 1, 'no edit reached the workflow');
  });

  test("an unknown, deleted or other family's schedule → 404", async () => {
    const deleted = await f.create();
    assert.equal((await f.admin.session.delete(path(deleted.id))).status, 204);
    const [other] = await f.app.dataSource.query(
      `INSERT INTO medication_schedules (family_id, care_recipient_id, schedule)
       SELECT family_id, id, $2 FROM care_recipients WHERE id = $1 RETURNING id`,
      [f.otherRecipientId, JSON.stringify(f.schedule({ careRecipientId: f.otherRecipientId }))],
    );
    for (const id of [randomUUID(), deleted.id, other.id]) {
      assert.equal((await put(id, f.schedule())).status, 404, `edit ${id}`);
      assert.equal((await f.admin.session.post(path(id, '/refill'), { added: 5 })).status, 404, `refill ${id}`);
    }
  });

  test('a viewer or a stranger cannot edit or refill (403), and nothing changes', async () => {
    const medication = await f.create({ supply: { count: 10, refillThreshold: 2 } });
    const before = await rowOf(medication.id);
    for (const session of [f.viewer, f.stranger]) {
      const edit = await session.request('put', path(medication.id), f.schedule({ timesOfDay: ['07:00'] }));
      assert.equal(edit.status, 403);
      assert.equal(edit.body.error.code, 'forbidden');
      assert.equal((await session.post(path(medication.id, '/refill'), { added: 5 })).status, 403);
    }
    assert.deepEqual(await rowOf(medication.id), before);
  });

  test('a refill adds to the supply and re-arms the refill alert', async () => {
    const medication = await f.create({ supply: { count: 3, refillThreshold: 5 } });
    // As the workflow leaves it once the low-supply alert went out.
    await f.app.dataSource.query(`UPDATE medication_schedules SET refill_alert_sent = true, refill_alert_dose_key = '2026-03-01T08:00' WHERE id = $1`, [medication.id]);
    const res = await f.admin.session.post(path(medication.id, '/refill'), { added: 30 });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.medication.supplyCount, 33);
    assert.equal(res.body.medication.schedule.supply.count, 33, 'the editor is given the count on hand, not the one first saved');
    assert.deepEqual(await rowOf(medication.id).then((r) => [r.supply_count, r.refill_alert_sent, r.refill_alert_dose_key]), [33, false, null]);

    const untracked = await f.create();
    assert.equal((await f.admin.session.post(path(untracked.id, '/refill'), { added: 12 })).body.medication.supplyCount, 12, 'counting starts at 0');
    const tooMany = await f.admin.session.post(path(medication.id, '/refill'), { added: 99_990 });
    assert.equal(tooMany.status, 400);
    assert.deepEqual(tooMany.body.error.details.map((d: { path: string }) => d.path), ['added']);
    assert.equal((await rowOf(medication.id)).supply_count, 33);
  });

  test('an edit sets the count on hand: above the threshold it re-arms the alert, at or below it does not', async () => {
    const medication = await f.create({ supply: { count: 3, refillThreshold: 5 } });
    const alertSent = `UPDATE medication_schedules SET refill_alert_sent = true, refill_alert_dose_key = '2026-03-01T08:00' WHERE id = $1`;
    await f.app.dataSource.query(alertSent, [medication.id]);
    assert.equal((await put(medication.id, f.schedule({ supply: { count: 4, refillThreshold: 5 } }))).status, 200);
    assert.deepEqual(await rowOf(medication.id).then((r) => [r.supply_count, r.refill_threshold, r.refill_alert_sent]), [4, 5, true]);
    assert.equal((await put(medication.id, f.schedule({ supply: { count: 20, refillThreshold: 6 } }))).status, 200);
    assert.deepEqual(await rowOf(medication.id).then((r) => [r.supply_count, r.refill_threshold, r.refill_alert_sent, r.refill_alert_dose_key]), [20, 6, false, null]);
    assert.equal((await rowOf(medication.id)).version, 3);
  });

  test('a schedule whose last dose has passed starts again when an edit gives it doses ahead', async () => {
    const medication = await f.create({ startDate: daysAgo(10), endDate: daysAgo(5) });
    const handle = medicationHandle(f.app.client, medication.id);
    await until('the workflow to finish (no dose left)', async () => (await handle.describe()).status.name === 'COMPLETED');
    const res = await put(medication.id, f.schedule({ startDate: daysAgo(10) }));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.medication.status, 'active');
    assert.equal((await handle.describe()).status.name, 'RUNNING');
    await until('the new run to know the edit', async () => (await workflowVersion(medication.id)) === 2);
  });

  test('a subscribed member hears each change: created, edited, refilled, paused, deleted', { timeout: 30_000 }, async () => {
    const live = await subscribeToFamily(f.app.baseUrl, f.viewer, f.familyId);
    try {
      const medication = await f.create();
      const changed = (check: (m: { status: string; version: number; supplyCount: number | null }) => boolean) =>
        live.next((e) => e.type === 'medication.changed' && e.medication.id === medication.id && check(e.medication));
      await changed((m) => m.version === 1);
      await put(medication.id, f.schedule({ timesOfDay: ['11:00'] }));
      await changed((m) => m.version === 2);
      await f.admin.session.post(path(medication.id, '/refill'), { added: 7 });
      await changed((m) => m.supplyCount === 7);
      await f.admin.session.post(path(medication.id, '/pause'));
      await changed((m) => m.status === 'paused');
      await f.admin.session.delete(path(medication.id));
      await live.next((e) => e.type === 'medication.deleted' && e.scheduleId === medication.id);
    } finally {
      live.close();
    }
  });
});
