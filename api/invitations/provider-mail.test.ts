import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signUp, uniqueEmail } from '../../test/support/http';
import { startTestApp, type TestApp } from '../../test/support/app';
import { startFakeSendGrid, startFakeTwilio, type FakeProvider } from '../../activities/delivery/testing/fake-provider';

describe('with real providers configured, what the API sends itself goes through them', () => {
  let app: TestApp;
  let sendgrid: FakeProvider;
  let twilio: FakeProvider;
  before(async () => {
    [sendgrid, twilio] = await Promise.all([startFakeSendGrid(), startFakeTwilio()]);
    app = await startTestApp({
      withWorker: false,
      env: {
        SENDGRID_API_KEY: 'SG.test',
        SENDGRID_FROM: 'care@example.test',
        SENDGRID_API_BASE_URL: sendgrid.url,
        TWILIO_ACCOUNT_SID: `AC${'3'.repeat(32)}`,
        TWILIO_AUTH_TOKEN: 'test-token',
        TWILIO_FROM_NUMBER: '+15005550006',
        TWILIO_API_BASE_URL: twilio.url,
      },
    });
  });
  after(async () => {
    await app.stop();
    await Promise.all([sendgrid.close(), twilio.close()]);
  });

  const mailsTo = (address: string) =>
    sendgrid.requests.filter((r) => (JSON.parse(r.body.toString('utf8')) as { personalizations: { to: { email: string }[] }[] }).personalizations[0]!.to[0]!.email === address);

  test('the sign-up link, the invitation and the phone code reach SendGrid and Twilio, and the dev outbox stays empty', { timeout: 30_000 }, async () => {
    const { session, email } = await signUp(app.baseUrl, 'Admin', undefined, { verifyEmail: false });
    assert.equal(mailsTo(email).length, 1);
    assert.match(mailsTo(email)[0]!.body.toString('utf8'), /\/verify-email\?token=/);

    const familyId = (await session.post('/api/families', { name: 'Real mail' })).body.family.id as string;
    const invitee = uniqueEmail('invitee');
    assert.equal((await session.post(`/api/families/${familyId}/invitations`, { email: invitee, role: 'caregiver' })).status, 201);
    assert.equal(mailsTo(invitee).length, 1);
    assert.match(mailsTo(invitee)[0]!.body.toString('utf8'), /\/invitations\/accept\?token=/);

    assert.equal((await session.patch('/api/me', { phone: '+15557770001' })).status, 200);
    const sms = new URLSearchParams(twilio.requests.at(-1)!.body.toString('utf8'));
    assert.equal(sms.get('To'), '+15557770001');
    assert.match(sms.get('Body')!, /^CareCircle code: \d{6}\./);

    const [row] = await app.dataSource.query('SELECT count(*)::int AS n FROM outbox_messages');
    assert.equal(row.n, 0);
  });

  test('a provider that is down: the code request answers 503, and the number stays as it was', { timeout: 30_000 }, async () => {
    const { session } = await signUp(app.baseUrl, 'Down', undefined, { verifyEmail: false });
    twilio.answerNext({ status: 503, body: { code: 20500, message: 'unavailable', status: 503 } });
    const res = await session.patch('/api/me', { phone: '+15557770002' });
    assert.equal(res.status, 503);
    assert.equal(res.body.error.code, 'unavailable');
    assert.equal((await session.get('/api/auth/me')).body.user.phone, null);
  });
});
