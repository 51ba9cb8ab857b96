import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { ApiSession } from '../../test/support/http';
import type { TestApp } from '../../test/support/app';
import { medicationHandle } from '../../temporal/medications';
import { startMedicationFamily, until, wallClock, type MedicationFamily } from './test-family';

describe('medication schedules over REST, on the real stack', () => {
  let family: MedicationFamily;
  let app: TestApp;
  let admin: MedicationFamily['admin'];
  let viewer: ApiSession;
  let familyId: string;
  let otherRecipientId: string;
  const schedule = (overrides: Record<string, unknown> = {}) => family.schedule(overrides);
  const create = () => family.create();

  before(async () => {
    family = await startMedicationFamily();
    ({ app, admin, viewer, familyId, otherRecipientId } = family);
  });
  after(() => app.stop());

  test('create → 201 with the schedule, and its workflow is running', async () => {
    const medication = await create();
    assert.equal(medication.status, 'active');
    assert.equal(medication.version, 1);
    assert.equal(medication.schedule.medicationName, 'Metformin');
    assert.equal(medication.schedule.answerWindowMinutes, 30, 'defaults filled in');
    const described = await medicationHandle(app.client, medication.id).describe();
    assert.equal(described.status.name, 'RUNNING');
    const list = await viewer.get(`/api/families/${familyId}/medications`);
    assert.deepEqual(list.body.medications.map((m: { id: string }) => m.id), [medication.id]);
    const detail = await viewer.get(`/api/families/${familyId}/medications/${medication.id}`);
    assert.equal(detail.status, 200);
    assert.equal(detail.body.medication.id, medication.id);
  });

  test('a care recipient from another family → 400 naming the field, nothing written', async () => {
    const before = (await app.dataSource.query('SELECT count(*)::int AS n FROM medication_schedules'))[0].n;
    const res = await admin.session.post(`/api/families/${familyId}/medications`, schedule({ careRecipientId: otherRecipientId }));
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'validation_failed');
    assert.deepEqual(res.body.error.details.map((d: { path: string }) => d.path), ['careRecipientId']);
    assert.equal((await app.dataSource.query('SELECT count(*)::int AS n FROM medication_schedules'))[0].n, before);
  });

  test('a viewer cannot create a schedule (403)', async () => {
    const res = await viewer.post(`/api/families/${familyId}/medications`, schedule());
    assert.equal(res.status, 403);
    assert.equal(res.body.error.code, 'forbidden');
  });

  test('the preview lists the doses at 08:00 and 20:00 Paris time', async () => {
    const medication = await create();
    const res = await viewer.get(`/api/families/${familyId}/medications/${medication.id}/preview?days=7`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const doses = res.body.doses as { doseKey: string; localDate: string; localTime: string; dueAt: string; escalateAt: string }[];
    // 2 doses a day for 7 × 24 hours (one more or less only if a DST change falls in the window).
    assert.ok(doses.length >= 13 && doses.length <= 15, `${doses.length} doses`);
    assert.ok(doses.filter((d) => d.localTime === '08:00').length >= 6);
    for (const dose of doses) {
      assert.deepEqual(wallClock('Europe/Paris', dose.dueAt), { date: dose.localDate, time: dose.localTime }, dose.doseKey);
      assert.ok(['08:00', '20:00'].includes(dose.localTime));
      assert.equal(dose.doseKey, `${dose.localDate}T${dose.localTime}`);
      assert.equal(Date.parse(dose.escalateAt) - Date.parse(dose.dueAt), 30 * 60_000);
    }
    assert.equal((await viewer.get(`/api/families/${familyId}/medications/${medication.id}/preview?days=0`)).status, 400);
  });

  test('pause → status paused; resume → active', async () => {
    const medication = await create();
    const paused = await admin.session.post(`/api/families/${familyId}/medications/${medication.id}/pause`);
    assert.equal(paused.status, 200, JSON.stringify(paused.body));
    assert.equal(paused.body.medication.status, 'paused');
    await until('the workflow to say paused', async () => {
      const detail = await viewer.get(`/api/families/${familyId}/medications/${medication.id}`);
      return detail.body.medication.status === 'paused' && detail.body.live?.phase === 'paused';
    });
    const resumed = await admin.session.post(`/api/families/${familyId}/medications/${medication.id}/resume`);
    assert.equal(resumed.body.medication.status, 'active');
  });

  test('a dose answer for a dose that is not pending → 409', async () => {
    const medication = await create();
    const res = await admin.session.post(`/api/families/${familyId}/medications/${medication.id}/doses/2020-01-01T08:00/taken`);
    assert.equal(res.status, 409, JSON.stringify(res.body));
    const bad = await admin.session.post(`/api/families/${familyId}/medications/${medication.id}/doses/tomorrow/taken`);
    assert.equal(bad.status, 400);
  });

  test('delete → 204, the workflow is no longer running and the schedule is gone from the list', async () => {
    const medication = await create();
    const res = await admin.session.delete(`/api/families/${familyId}/medications/${medication.id}`);
    assert.equal(res.status, 204);
    await until('the workflow to end', async () => (await medicationHandle(app.client, medication.id).describe()).status.name !== 'RUNNING');
    const list = await viewer.get(`/api/families/${familyId}/medications`);
    assert.ok(!list.body.medications.some((m: { id: string }) => m.id === medication.id));
    assert.equal((await viewer.get(`/api/families/${familyId}/medications/${medication.id}`)).status, 404);
  });
});
