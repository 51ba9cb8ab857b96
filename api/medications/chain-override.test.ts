import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { invitationTokenFromOutbox, signUp, uniqueEmail, type ApiSession } from '../../test/support/http';
import { startMedicationFamily, type MedicationFamily } from './test-family';

describe("a medication's own escalation chain, on the real stack", () => {
  let f: MedicationFamily;
  let caregiver: ApiSession;
  const medications = () => `/api/families/${f.familyId}/medications`;
  const count = async () => Number((await f.app.dataSource.query('SELECT count(*) AS n FROM medication_schedules WHERE family_id = $1', [f.familyId]))[0].n);

  before(async () => {
    f = await startMedicationFamily();
    const email = uniqueEmail('carer');
    await f.admin.session.post(`/api/families/${f.familyId}/invitations`, { email, role: 'caregiver' });
    caregiver = (await signUp(f.app.baseUrl, 'Carer', email)).session;
    await caregiver.post(`/api/invitations/${await invitationTokenFromOutbox(caregiver)}/accept`);
  });
  after(() => f.app.stop());

  const chainOf = (userId: string) => ({ steps: [{ targets: { kind: 'members', userIds: [userId] }, channels: ['sms'], waitMinutes: 10 }], repeat: 1 });

  test('a chain naming someone outside the family → 400 on that very field, and nothing is created', async () => {
    const outsider = (await signUp(f.app.baseUrl, 'Outsider')).user.id;
    const before = await count();
    const res = await f.admin.session.post(medications(), f.schedule({ escalationPolicy: chainOf(outsider) }));
    assert.equal(res.status, 400, JSON.stringify(res.body));
    assert.deepEqual(res.body.error.details.map((d: { path: string }) => d.path), ['escalationPolicy.steps.0.targets.userIds.0']);
    assert.equal(await count(), before);
  });

  test('only an admin sets, changes or removes it; a caregiver may still edit the rest of the medication', async () => {
    const created = await f.admin.session.post(medications(), f.schedule({ escalationPolicy: chainOf(f.admin.user.id) }));
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.medication.id as string;
    const path = `${medications()}/${id}`;

    const same = await caregiver.request('put', path, f.schedule({ dose: '850 mg', escalationPolicy: chainOf(f.admin.user.id) }));
    assert.equal(same.status, 200, JSON.stringify(same.body));
    const removed = await caregiver.request('put', path, f.schedule({ dose: '1000 mg' }));
    assert.equal(removed.status, 403);
    const row = (await f.app.dataSource.query('SELECT schedule FROM medication_schedules WHERE id = $1', [id]))[0];
    assert.deepEqual([row.schedule.dose, row.schedule.escalationPolicy], ['850 mg', chainOf(f.admin.user.id)]);

    const before = await count();
    assert.equal((await caregiver.post(medications(), f.schedule({ escalationPolicy: chainOf(f.admin.user.id) }))).status, 403);
    assert.equal(await count(), before);
    assert.equal((await f.admin.session.request('put', path, f.schedule({ dose: '1000 mg' }))).status, 200, 'an admin may remove it');
  });
});
