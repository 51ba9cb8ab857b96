import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../test/support/app';
import { signUp, uniqueEmail, verifyEmail } from '../../test/support/http';

describe('invitations waiting for me (the Families page)', { timeout: 120_000 }, () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ withWorker: false });
  });
  after(() => app.stop());

  test('someone invited who signed up without the link sees the invitation, and joins or declines it from the list', { timeout: 60_000 }, async () => {
    const admin = await signUp(app.baseUrl, 'Alice');
    const first = (await admin.session.post('/api/families', { name: 'The Birches' })).body.family;
    const second = (await admin.session.post('/api/families', { name: 'The Pines' })).body.family;
    const email = uniqueEmail('ben');
    for (const f of [first, second]) assert.equal((await admin.session.post(`/api/families/${f.id}/invitations`, { email, role: 'caregiver' })).status, 201);

    // An address typed at sign-up proves nothing: until it is verified, nothing is listed.
    const ben = await signUp(app.baseUrl, 'Ben', email, { verifyEmail: false });
    assert.deepEqual((await ben.session.get('/api/me/invitations')).body, { invitations: [] });
    await verifyEmail(ben.session);
    const listed = (await ben.session.get('/api/me/invitations')).body.invitations as { id: string; familyName: string; invitedBy: string; role: string }[];
    assert.deepEqual(listed.map((i) => [i.familyName, i.invitedBy, i.role]).sort(), [['The Birches', 'Alice', 'caregiver'], ['The Pines', 'Alice', 'caregiver']]);

    // Someone else cannot answer them.
    const eve = await signUp(app.baseUrl, 'Eve');
    const pines = listed.find((i) => i.familyName === 'The Pines')!;
    assert.equal((await eve.session.post(`/api/me/invitations/${pines.id}/accept`)).status, 403);
    assert.equal((await eve.session.post(`/api/me/invitations/${pines.id}/decline`)).status, 404);

    const joined = await ben.session.post(`/api/me/invitations/${pines.id}/accept`);
    assert.equal(joined.status, 200);
    assert.deepEqual([joined.body.family.id, joined.body.family.role], [second.id, 'caregiver']);
    const birches = listed.find((i) => i.familyName === 'The Birches')!;
    assert.equal((await ben.session.post(`/api/me/invitations/${birches.id}/decline`)).status, 204);
    assert.deepEqual((await ben.session.get('/api/me/invitations')).body, { invitations: [] });
    assert.equal((await ben.session.post(`/api/me/invitations/${pines.id}/accept`)).status, 409, 'used once');
  });
});
