import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ApiSession, PASSWORD, signUp, uniqueEmail } from '../../test/support/http';
import { startTestApp, type TestApp } from '../../test/support/app';

describe('accounts and sessions', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ withWorker: false, env: { LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', SESSION_IDLE_MINUTES: '1' } });
  });
  after(() => app.stop());

  test('a caregiver signs up, is logged in, logs out, and the old cookie no longer works', async () => {
    const { session, email } = await signUp(app.baseUrl, 'Maya');
    const me = await session.get('/api/auth/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.user.email, email);
    const stolenCookie = session.cookie;
    assert.equal((await session.post('/api/auth/logout')).status, 204);
    const replay = new ApiSession(app.baseUrl);
    replay.cookie = stolenCookie;
    assert.equal((await replay.get('/api/auth/me')).status, 401);
  });

  test('passwords are stored as scrypt hashes, never in clear', async () => {
    const { user } = await signUp(app.baseUrl, 'Hash');
    const [row] = await app.dataSource.query('SELECT password_hash FROM users WHERE id = $1', [user.id]);
    assert.match(row.password_hash, /^scrypt\$17\$8\$1\$/);
    assert.ok(!row.password_hash.includes(PASSWORD));
  });

  test('a wrong password and an unknown email get the very same answer', async () => {
    const { email } = await signUp(app.baseUrl, 'Sam');
    const s = new ApiSession(app.baseUrl);
    const wrong = await s.post('/api/auth/login', { email, password: 'not the password' });
    const unknown = await s.post('/api/auth/login', { email: uniqueEmail('nobody'), password: 'not the password' });
    assert.equal(wrong.status, 401);
    assert.deepEqual(wrong.body, unknown.body);
  });

  test('after 3 failures the account is locked for the window, even with the right password', async () => {
    const { email } = await signUp(app.baseUrl, 'Lock');
    const s = new ApiSession(app.baseUrl);
    for (let i = 0; i < 3; i++) assert.equal((await s.post('/api/auth/login', { email, password: 'wrong-password' })).status, 401);
    const locked = await s.post('/api/auth/login', { email, password: PASSWORD });
    assert.equal(locked.status, 429);
    assert.equal(locked.body.error.code, 'rate_limited');
    assert.ok(Number(locked.headers.get('retry-after')) > 0);
  });

  // Nine scrypt hashes of 128 MiB: 9 to 15 s alone in CI runs, 21 s to over 30 beside a second suite.
  test("a stranger's wrong passwords cannot lock the owner out of a browser they logged in from before", { timeout: 120_000 }, async () => {
    const { email } = await signUp(app.baseUrl, 'Owner');
    const home = new ApiSession(app.baseUrl);
    assert.equal((await home.post('/api/auth/login', { email, password: PASSWORD })).status, 200);
    assert.match(home.deviceCookie, /^cc_device=/);
    assert.equal((await home.post('/api/auth/logout')).status, 204);

    // Someone elsewhere guesses until the account is locked for every unknown browser, the right password included.
    const stranger = new ApiSession(app.baseUrl);
    for (let i = 0; i < 3; i++) assert.equal((await stranger.post('/api/auth/login', { email, password: 'guess-' + i })).status, 401);
    assert.equal((await stranger.post('/api/auth/login', { email, password: PASSWORD })).status, 429);
    // A device cookie copied with a forged signature is no way around it.
    const forger = new ApiSession(app.baseUrl);
    // A character inside the signature: the last one holds 2 unused bits, so some changes to it decode to the same bytes.
    forger.deviceCookie = home.deviceCookie.replace(/.(?=.{4}$)/, (c) => (c === 'A' ? 'Q' : 'A'));
    assert.equal((await forger.post('/api/auth/login', { email, password: PASSWORD })).status, 429);

    // The owner's own browser still logs in.
    assert.equal((await home.post('/api/auth/login', { email, password: PASSWORD })).status, 200);

    // A known browser in the wrong hands gets the same few guesses as anyone.
    const stolen = new ApiSession(app.baseUrl);
    stolen.deviceCookie = home.deviceCookie;
    for (let i = 0; i < 3; i++) assert.equal((await stolen.post('/api/auth/login', { email, password: 'guess-' + i })).status, 401);
    assert.equal((await stolen.post('/api/auth/login', { email, password: PASSWORD })).status, 429);
  });

  test('a session idle for longer than allowed has expired', async () => {
    const { session, user } = await signUp(app.baseUrl, 'Idle');
    await app.dataSource.query(`UPDATE sessions SET last_seen_at = now() - interval '2 minutes' WHERE user_id = $1`, [user.id]);
    assert.equal((await session.get('/api/auth/me')).status, 401);
  });

  test('a session in use slides its idle window, written only once a sixtieth of the window has passed', async () => {
    const { session, user } = await signUp(app.baseUrl, 'Busy');
    const lastSeen = async () => Number((await app.dataSource.query('SELECT last_seen_at FROM sessions WHERE user_id = $1', [user.id]))[0].last_seen_at);

    // 30 s ago, of a 1-minute window: the request moves it to now.
    await app.dataSource.query(`UPDATE sessions SET last_seen_at = now() - interval '30 seconds' WHERE user_id = $1`, [user.id]);
    assert.equal((await session.get('/api/auth/me')).status, 200);
    assert.ok(Date.now() - (await lastSeen()) < 10_000);

    // Newer than a sixtieth of the window (here, set ahead of now): read, not written.
    await app.dataSource.query(`UPDATE sessions SET last_seen_at = now() + interval '1 hour' WHERE user_id = $1`, [user.id]);
    const ahead = await lastSeen();
    const me = await session.get('/api/auth/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.user.id, user.id);
    assert.equal(await lastSeen(), ahead);
  });

  test('a session past its absolute lifetime has expired even if used constantly', async () => {
    const { session, user } = await signUp(app.baseUrl, 'Old');
    await app.dataSource.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [user.id]);
    assert.equal((await session.get('/api/auth/me')).status, 401);
  });

  test('log out everywhere revokes every session of the account', async () => {
    const { session, email } = await signUp(app.baseUrl, 'Phone');
    const laptop = new ApiSession(app.baseUrl);
    assert.equal((await laptop.post('/api/auth/login', { email, password: PASSWORD })).status, 200);
    assert.equal((await session.post('/api/auth/logout-all')).status, 204);
    assert.equal((await laptop.get('/api/auth/me')).status, 401);
  });

  test('signing up twice with one email is refused and changes nothing', async () => {
    const email = uniqueEmail('twice');
    await signUp(app.baseUrl, 'First', email);
    const again = await new ApiSession(app.baseUrl).post('/api/auth/signup', { email, password: 'another password', displayName: 'Second', timeZone: 'UTC' });
    assert.equal(again.status, 409);
    const [row] = await app.dataSource.query('SELECT display_name FROM users WHERE email = $1', [email]);
    assert.equal(row.display_name, 'First');
  });

  test('profile: phone must be E.164 and the time zone a real IANA zone', async () => {
    const { session } = await signUp(app.baseUrl, 'Prof');
    const bad = await session.patch('/api/me', { phone: '06 12 34 56 78', timeZone: 'Mars/Olympus' });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.error.details.map((d: { path: string }) => d.path).sort(), ['phone', 'timeZone']);
    const good = await session.patch('/api/me', { phone: '+33612345678', timeZone: 'America/New_York' });
    assert.equal(good.status, 200);
    assert.equal(good.body.user.phone, '+33612345678');
  });
});
