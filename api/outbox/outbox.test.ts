import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ApiSession, invitationTokenFromOutbox, signUp, uniqueEmail, verifyEmail, verifyPhone } from '../../test/support/http';
import { startTestApp, type TestApp } from '../../test/support/app';
import { storeInOutbox } from './dev-outbox';

type Entry = { channel: string; toAddress: string; subject: string | null; body: string; link: string | null };
const inbox = async (s: ApiSession) => (await s.get('/api/outbox')).body.messages as Entry[];

describe('the dev outbox shows each person only their own mailbox and phone', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ withWorker: false });
  });
  after(() => app.stop());

  test('the two-person flow: the invitee signs up, sees only the verification link, opens it, then finds the invitation', { timeout: 30_000 }, async () => {
    const admin = await signUp(app.baseUrl, 'Admin');
    const familyId = (await admin.session.post('/api/families', { name: 'Two people' })).body.family.id as string;
    const email = uniqueEmail('invitee');
    await admin.session.post(`/api/families/${familyId}/invitations`, { email, role: 'caregiver' });
    // The admin's outbox does not hold the invitee's mail.
    assert.ok((await inbox(admin.session)).every((m) => m.toAddress !== email));

    const invitee = await signUp(app.baseUrl, 'Invitee', email, { verifyEmail: false });
    const unverified = await inbox(invitee.session);
    assert.deepEqual(unverified.map((m) => m.subject), ['Confirm your email address for CareCircle']);
    await verifyEmail(invitee.session);
    const accepted = await invitee.session.post(`/api/invitations/${await invitationTokenFromOutbox(invitee.session)}/accept`);
    assert.equal(accepted.status, 200);
  });

  test('texts show to the verified holder of the number they were sent to, and only while they hold it', { timeout: 30_000 }, async () => {
    const ben = await signUp(app.baseUrl, 'Ben');
    const phone = '+15553330001';
    await verifyPhone(ben.session, phone);
    const text = (key: string, userId: string) =>
      storeInOutbox(app.dataSource, { idempotencyKey: key, channel: 'sms', toAddress: phone, userId, body: `family text ${key}` });
    await text(`t-${ben.user.id}-1`, ben.user.id);
    assert.ok((await inbox(ben.session)).some((m) => m.body === `family text t-${ben.user.id}-1`));

    // Mallory types the same number: she sees her code request, never Ben's texts.
    const mallory = await signUp(app.baseUrl, 'Mallory');
    await mallory.session.patch('/api/me', { phone });
    assert.ok((await inbox(mallory.session)).every((m) => !m.body.startsWith('family text')));

    // The number changes hands for real: Carol proves it. Ben no longer reads it, Carol not what came before her.
    const carol = await signUp(app.baseUrl, 'Carol');
    await verifyPhone(carol.session, phone);
    assert.ok((await inbox(ben.session)).every((m) => m.channel !== 'sms' || !m.body.startsWith('family text')));
    assert.ok((await inbox(carol.session)).every((m) => !m.body.startsWith('family text')));
    await text(`t-${carol.user.id}-2`, carol.user.id);
    assert.ok((await inbox(carol.session)).some((m) => m.body === `family text t-${carol.user.id}-2`));
  });
});
