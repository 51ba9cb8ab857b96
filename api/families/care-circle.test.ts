import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ApiSession, invitationTokenFromOutbox, signUp, uniqueEmail } from '../../test/support/http';
import { startTestApp, type TestApp } from '../../test/support/app';

describe('a family sets up its care circle', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.stop());

  async function familyWithInvitee(role = 'caregiver') {
    const admin = await signUp(app.baseUrl, 'Admin');
    const family = (await admin.session.post('/api/families', { name: 'The Martins' })).body.family;
    const inviteeEmail = uniqueEmail('invitee');
    const invited = await admin.session.post(`/api/families/${family.id}/invitations`, { email: inviteeEmail, role });
    assert.equal(invited.status, 201);
    const invitee = await signUp(app.baseUrl, 'Invitee', inviteeEmail);
    return { admin, family, invitee, invitation: invited.body.invitation, token: await invitationTokenFromOutbox(invitee.session) };
  }

  test('admin invites by email → the link lands in the invitee outbox → accepting makes them a caregiver', async () => {
    const { admin, family, invitee, token } = await familyWithInvitee();
    const preview = await new ApiSession(app.baseUrl).get(`/api/invitations/${token}`);
    assert.equal(preview.body.invitation.familyName, 'The Martins');
    const accepted = await invitee.session.post(`/api/invitations/${token}/accept`);
    assert.equal(accepted.status, 200);
    assert.equal(accepted.body.family.role, 'caregiver');
    const members = (await admin.session.get(`/api/families/${family.id}/members`)).body.members;
    assert.deepEqual(members.map((m: { role: string }) => m.role), ['admin', 'caregiver']);
  });

  test('an invitation link works once', async () => {
    const { invitee, token } = await familyWithInvitee();
    assert.equal((await invitee.session.post(`/api/invitations/${token}/accept`)).status, 200);
    const again = await invitee.session.post(`/api/invitations/${token}/accept`);
    assert.equal(again.status, 409);
  });

  test('someone else cannot use a link sent to another address', async () => {
    const { token } = await familyWithInvitee();
    const stranger = await signUp(app.baseUrl, 'Stranger');
    assert.equal((await stranger.session.post(`/api/invitations/${token}/accept`)).status, 403);
  });

  test('a declined invitation can no longer be accepted', async () => {
    const { invitee, token } = await familyWithInvitee();
    assert.equal((await new ApiSession(app.baseUrl).post(`/api/invitations/${token}/decline`)).status, 204);
    assert.equal((await invitee.session.post(`/api/invitations/${token}/accept`)).status, 409);
  });

  test('an expired invitation cannot be accepted, even before its timer fires', async () => {
    const { invitee, token, invitation } = await familyWithInvitee();
    await app.dataSource.query(`UPDATE invitations SET expires_at = now() - interval '1 second' WHERE id = $1`, [invitation.id]);
    const res = await invitee.session.post(`/api/invitations/${token}/accept`);
    assert.equal(res.status, 409);
    assert.match(res.body.error.message, /expired/);
  });

  test('the expiry timer runs as a Temporal workflow found by its search attributes', async () => {
    const { family, invitation } = await familyWithInvitee();
    const handle = app.client.workflow.getHandle(`invitation-expiry/${invitation.id}`);
    const description = await handle.describe();
    assert.equal(description.status.name, 'RUNNING');
    assert.deepEqual(description.typedSearchAttributes.get({ name: 'FamilyId', type: 'KEYWORD' } as never), family.id);
  });

  test('the last admin can neither leave nor be demoted; after promoting someone else they can', async () => {
    const { admin, family, invitee, token } = await familyWithInvitee();
    await invitee.session.post(`/api/invitations/${token}/accept`);
    const base = `/api/families/${family.id}/members`;
    assert.equal((await admin.session.patch(`${base}/${admin.user.id}`, { role: 'viewer' })).status, 409);
    assert.equal((await admin.session.delete(`${base}/${admin.user.id}`)).status, 409);
    assert.equal((await admin.session.patch(`${base}/${invitee.user.id}`, { role: 'admin' })).status, 200);
    assert.equal((await admin.session.delete(`${base}/${admin.user.id}`)).status, 204);
    assert.equal((await admin.session.get(`/api/families/${family.id}`)).status, 403);
  });

  test('care recipients need a real IANA zone; a caregiver adds one, an admin renames the family and deletes it', async () => {
    const { admin, family, invitee, token } = await familyWithInvitee();
    await invitee.session.post(`/api/invitations/${token}/accept`);
    const path = `/api/families/${family.id}/recipients`;
    const bad = await invitee.session.post(path, { displayName: 'Grandma Rose', timeZone: 'Europe/Pariss' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.details[0].path, 'timeZone');
    const created = await invitee.session.post(path, { displayName: 'Grandma Rose', timeZone: 'Europe/Paris' });
    assert.equal(created.status, 201);
    const renamed = await invitee.session.patch(`${path}/${created.body.recipient.id}`, { timeZone: 'America/New_York' });
    assert.equal(renamed.body.recipient.timeZone, 'America/New_York');
    assert.equal((await admin.session.patch(`/api/families/${family.id}`, { name: 'Martin family' })).body.family.name, 'Martin family');
    assert.equal((await admin.session.delete(`/api/families/${family.id}`)).status, 204);
    assert.equal((await admin.session.get('/api/families')).body.families.length, 0);
  });
});
