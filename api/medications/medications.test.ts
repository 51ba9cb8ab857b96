import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { invitationTokenFromOutbox, signUp, uniqueEmail, type ApiSession } from '../../test/support/http';
import { startTestApp, type TestApp } from '../../test/support/app';
import { medicationHandle } from '../../temporal/medications';

/** The local "YYYY-MM-DD" and "HH:MM" of an instant in a zone. */
function wallClock(zone: string, iso: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

async function until(what: string, check: () => Promise<boolean>, ms = 15_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail(`timed out waiting for ${what}`);
}

describe('medication schedules over REST, on the real stack', () => {
  let app: TestApp;
  let admin: { session: ApiSession; user: { id: string } };
  let viewer: ApiSession;
  let familyId: string;
  let recipientId: string;
  let otherRecipientId: string;

  const schedule = (overrides: Record<string, unknown> = {}) => ({
    medicationName: 'Metformin',
    dose: '500 mg, 1 tablet',
    careRecipientId: recipientId,
    assignedCaregiverId: admin.user.id,
    timeZone: 'Europe/Paris',
    timesOfDay: ['08:00', '20:00'],
    pattern: { kind: 'daily' },
    // Yesterday in UTC: every day of the preview window is a dose day.
    startDate: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
    ...overrides,
  });

  before(async () => {
    app = await startTestApp();
    admin = await signUp(app.baseUrl, 'Admin');
    familyId = (await admin.session.post('/api/families', { name: 'Medications' })).body.family.id;
    recipientId = (await admin.session.post(`/api/families/${familyId}/recipients`, { displayName: 'Nan', timeZone: 'Europe/Paris' })).body.recipient.id;
    const email = uniqueEmail('viewer');
    await admin.session.post(`/api/families/${familyId}/invitations`, { email, role: 'viewer' });
    const v = await signUp(app.baseUrl, 'Viewer', email);
    await v.session.post(`/api/invitations/${await invitationTokenFromOutbox(v.session)}/accept`);
    viewer = v.session;
    const stranger = await signUp(app.baseUrl, 'Stranger');
    const otherFamily = (await stranger.session.post('/api/families', { name: 'Others' })).body.family.id;
    otherRecipientId = (await stranger.session.post(`/api/families/${otherFamily}/recipients`, { displayName: 'Pop', timeZone: 'UTC' })).body.recipient.id;
  });
  after(() => app.stop());

  async function create() {
    const res = await admin.session.post(`/api/families/${familyId}/medications`, schedule());
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.medication as { id: string; status: string; version: number; schedule: { medicationName: string; answerWindowMinutes: number } };
  }

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
