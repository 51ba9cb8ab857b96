import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ApiSession, emailVerificationToken, phoneCodeFromOutbox, signUp, uniqueEmail, verifyPhone } from '../../test/support/http';
import { startTestApp, type TestApp } from '../../test/support/app';

type OutboxEntry = { channel: string; toAddress: string; body: string; link: string | null };
const outbox = async (s: ApiSession) => (await s.get('/api/outbox')).body.messages as OutboxEntry[];

describe('proving an email address and a phone number', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ withWorker: false });
  });
  after(() => app.stop());

  test('sign-up mails a single-use link; until it is opened the account sees only that link and cannot be reached', { timeout: 30_000 }, async () => {
    const { session } = await signUp(app.baseUrl, 'Nia', undefined, { verifyEmail: false });
    assert.equal((await session.get('/api/auth/me')).body.user.emailVerified, false);
    const box = await outbox(session);
    assert.equal(box.length, 1);
    assert.match(box[0]!.link!, /\/verify-email\?token=/);

    const token = await emailVerificationToken(session);
    // The link works without a session (it may be opened on a phone), and only once.
    const anonymous = new ApiSession(app.baseUrl);
    assert.equal((await anonymous.post('/api/auth/verify-email', { token })).status, 204);
    assert.equal((await anonymous.post('/api/auth/verify-email', { token })).status, 404);
    assert.equal((await session.get('/api/auth/me')).body.user.emailVerified, true);
    assert.equal((await session.post('/api/me/email/verification')).status, 409);
  });

  test("a stranger who signs up with an invitee's address neither reads the invitation nor can accept it", { timeout: 30_000 }, async () => {
    const admin = await signUp(app.baseUrl, 'Admin');
    const familyId = (await admin.session.post('/api/families', { name: 'Guarded' })).body.family.id as string;
    const inviteeEmail = uniqueEmail('invitee');
    assert.equal((await admin.session.post(`/api/families/${familyId}/invitations`, { email: inviteeEmail, role: 'caregiver' })).status, 201);

    // The squatter takes the address first; the verification link goes to the real mailbox, which they do not read.
    const squatter = await signUp(app.baseUrl, 'Squatter', inviteeEmail, { verifyEmail: false });
    assert.ok((await outbox(squatter.session)).every((m) => !m.link?.includes('/invitations/accept')));
    // Even holding the link (read here from the stored mail), accepting needs the proven address.
    const [mail] = await app.dataSource.query(`SELECT link FROM outbox_messages WHERE to_address = $1 AND link LIKE '%/invitations/accept%'`, [inviteeEmail]);
    const token = new URL(mail.link).searchParams.get('token')!;
    const refused = await squatter.session.post(`/api/invitations/${token}/accept`);
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.details.reason, 'email_unverified');
    const members: unknown[] = await app.dataSource.query('SELECT 1 FROM memberships WHERE family_id = $1 AND user_id = $2', [familyId, squatter.user.id]);
    assert.equal(members.length, 0);
  });

  test('a phone is unverified until its code is entered; five wrong guesses spend the code; a new number voids the old code', { timeout: 30_000 }, async () => {
    const { session } = await signUp(app.baseUrl, 'Omar');
    const set = await session.patch('/api/me', { phone: '+15551110001' });
    assert.equal(set.status, 200);
    assert.deepEqual([set.body.user.phone, set.body.user.phoneVerified], ['+15551110001', false]);
    const code = await phoneCodeFromOutbox(session, '+15551110001');
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      const res = await session.post('/api/me/phone/verify', { code: wrong });
      assert.equal(res.status, 400);
      assert.equal(res.body.error.details[0].path, 'code');
    }
    assert.equal((await session.post('/api/me/phone/verify', { code })).status, 409);

    // A fresh code works, unless the number changed since it was sent.
    assert.equal((await session.post('/api/me/phone/code')).status, 204);
    const fresh = await phoneCodeFromOutbox(session, '+15551110001');
    await session.patch('/api/me', { phone: '+15551110002' });
    // (the new number got its own code, and only the newest works)
    assert.equal((await session.post('/api/me/phone/verify', { code: fresh })).status, 400);
    const verified = await session.post('/api/me/phone/verify', { code: await phoneCodeFromOutbox(session, '+15551110002') });
    assert.equal(verified.status, 200);
    assert.deepEqual([verified.body.user.phone, verified.body.user.phoneVerified], ['+15551110002', true]);
    assert.equal((await session.post('/api/me/phone/code')).status, 409);

    // Saving the same verified number again changes nothing and sends nothing.
    const before = (await outbox(session)).length;
    assert.equal((await session.patch('/api/me', { phone: '+15551110002' })).body.user.phoneVerified, true);
    assert.equal((await outbox(session)).length, before);
  });

  test('a verified number belongs to one account: proving it on another takes it away from the first', { timeout: 30_000 }, async () => {
    const first = await signUp(app.baseUrl, 'First');
    const second = await signUp(app.baseUrl, 'Second');
    await verifyPhone(first.session, '+15551110003');
    // The number changed hands: the new holder receives the code and proves it.
    await verifyPhone(second.session, '+15551110003');
    assert.deepEqual((await second.session.get('/api/auth/me')).body.user.phoneVerified, true);
    const firstNow = (await first.session.get('/api/auth/me')).body.user;
    assert.deepEqual([firstNow.phone, firstNow.phoneVerified], [null, false]);
    const [row] = await app.dataSource.query(`SELECT count(*)::int AS n FROM users WHERE phone = '+15551110003' AND phone_verified_at IS NOT NULL`);
    assert.equal(row.n, 1);
  });

  test('codes and links that could not be right are refused as bad input', { timeout: 30_000 }, async () => {
    const { session } = await signUp(app.baseUrl, 'Bad');
    for (const code of ['12345', '1234567', 'abcdef', '']) assert.equal((await session.post('/api/me/phone/verify', { code })).status, 400, code);
    assert.equal((await session.post('/api/me/phone/verify', { code: '123456' })).status, 409);
    assert.equal((await session.post('/api/auth/verify-email', { token: 'x' })).status, 400);
    assert.equal((await session.post('/api/auth/verify-email', { token: 'A'.repeat(43) })).status, 404);
  });
});
