import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ApiSession, PASSWORD, signUp, uniqueEmail } from '../../test/support/http';
import { startTestApp, type TestApp } from '../../test/support/app';
import { LIMITS } from './rate-limits';

/** A 429 as the API promises it: JSON error, and Retry-After in whole seconds within the window. */
function assertLimited(res: { status: number; body: any; headers: Headers }, windowMs: number) {
  assert.equal(res.status, 429, JSON.stringify(res.body));
  assert.equal(res.body.error.code, 'rate_limited');
  const retryAfter = Number(res.headers.get('retry-after'));
  assert.ok(retryAfter >= 1 && retryAfter <= windowMs / 1000, `Retry-After ${retryAfter}`);
}

describe('nobody can make the app flood inboxes and phones', () => {
  let app: TestApp;
  before(async () => {
    // The real limits (test apps otherwise raise them a thousandfold).
    app = await startTestApp({ env: { RATE_LIMIT_MULTIPLIER: '1' } });
  });
  after(() => app.stop());
  // Every test signs its people up from the same address: each starts with the counters empty.
  beforeEach(() => app.dataSource.query('DELETE FROM rate_events'));

  test('sign-ups from one address: the first ten go through, the eleventh is told when to come back', { timeout: 60_000 }, async () => {
    const signup = (s: ApiSession) => s.post('/api/auth/signup', { email: uniqueEmail('flood'), password: PASSWORD, displayName: 'F', timeZone: 'UTC' });
    for (let i = 0; i < LIMITS.signupPerIp.max; i++) assert.equal((await signup(new ApiSession(app.baseUrl))).status, 201);
    const [before] = await app.dataSource.query('SELECT count(*)::int AS n FROM users');
    assertLimited(await signup(new ApiSession(app.baseUrl)), LIMITS.signupPerIp.windowMs);
    const [afterwards] = await app.dataSource.query('SELECT count(*)::int AS n FROM users');
    assert.equal(afterwards.n, before.n);
    // The window is over: the address may sign people up again.
    await app.dataSource.query(`UPDATE rate_events SET at = at - interval '2 hours' WHERE bucket LIKE 'signup:%'`);
    assert.equal((await signup(new ApiSession(app.baseUrl))).status, 201);
  });

  test('verification codes: five an hour per account, and five an hour per number whichever accounts ask', { timeout: 60_000 }, async () => {
    const { session } = await signUp(app.baseUrl, 'Codes');
    for (let i = 0; i < LIMITS.verificationPerUser.max; i++) assert.equal((await session.patch('/api/me', { phone: `+1555222000${i}` })).status, 200);
    const refused = await session.patch('/api/me', { phone: '+15552229999' });
    assertLimited(refused, LIMITS.verificationPerUser.windowMs);
    // Refused means unchanged: the last number that got a code is still the one on file.
    assert.equal((await session.get('/api/auth/me')).body.user.phone, '+15552220004');

    // One victim's phone, many accounts: the number's own limit stops the sixth code.
    const victim = '+15552228888';
    for (let i = 0; i < LIMITS.verificationPerAddress.max; i++) {
      const { session: other } = await signUp(app.baseUrl, `Other${i}`);
      assert.equal((await other.patch('/api/me', { phone: victim })).status, 200);
    }
    const { session: sixth } = await signUp(app.baseUrl, 'Sixth');
    assertLimited(await sixth.patch('/api/me', { phone: victim }), LIMITS.verificationPerAddress.windowMs);
  });

  test('invitations: one address can be invited five times an hour, a family twenty', { timeout: 60_000 }, async () => {
    const admin = await signUp(app.baseUrl, 'Inviter');
    const familyId = (await admin.session.post('/api/families', { name: 'Inviters' })).body.family.id as string;
    const email = uniqueEmail('target');
    for (let i = 0; i < LIMITS.invitationsPerAddress.max; i++) {
      assert.equal((await admin.session.post(`/api/families/${familyId}/invitations`, { email, role: 'viewer' })).status, 201);
    }
    assertLimited(await admin.session.post(`/api/families/${familyId}/invitations`, { email, role: 'viewer' }), LIMITS.invitationsPerAddress.windowMs);
    const [mails] = await app.dataSource.query(`SELECT count(*)::int AS n FROM outbox_messages WHERE to_address = $1`, [email]);
    assert.equal(mails.n, LIMITS.invitationsPerAddress.max);
    for (let i = LIMITS.invitationsPerAddress.max; i < LIMITS.invitationsPerFamily.max; i++) {
      assert.equal((await admin.session.post(`/api/families/${familyId}/invitations`, { email: uniqueEmail('many'), role: 'viewer' })).status, 201);
    }
    assertLimited(await admin.session.post(`/api/families/${familyId}/invitations`, { email: uniqueEmail('many'), role: 'viewer' }), LIMITS.invitationsPerFamily.windowMs);
  });

  test('emergencies: a family can raise five in fifteen minutes; the sixth is told to call for help directly', { timeout: 60_000 }, async () => {
    const admin = await signUp(app.baseUrl, 'Panicky');
    const familyId = (await admin.session.post('/api/families', { name: 'Alarms' })).body.family.id as string;
    for (let i = 0; i < LIMITS.emergenciesPerFamily.max; i++) {
      assert.equal((await admin.session.post(`/api/families/${familyId}/emergencies`, { note: `alarm ${i}` })).status, 201);
    }
    const refused = await admin.session.post(`/api/families/${familyId}/emergencies`, { note: 'one more' });
    assertLimited(refused, LIMITS.emergenciesPerFamily.windowMs);
    assert.match(refused.body.error.message, /call emergency services/);
    const [open] = await app.dataSource.query(`SELECT count(*)::int AS n FROM escalations WHERE family_id = $1`, [familyId]);
    assert.equal(open.n, LIMITS.emergenciesPerFamily.max);
  });
});
