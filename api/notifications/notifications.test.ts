import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../test/support/app';
import { signUp } from '../../test/support/http';

const subscription = (n: number) => ({
  endpoint: `https://fcm.googleapis.com/fcm/send/device-${n}`,
  keys: { p256dh: 'B'.repeat(87), auth: 'A'.repeat(22) },
});

describe('notification preferences and push subscriptions', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ withWorker: false });
  });
  after(() => app.stop());

  test('a new member starts with push, SMS, email and no quiet hours; what they save is what they read back', async () => {
    const { session } = await signUp(app.baseUrl, 'Ben');
    const initial = await session.get('/api/me/notification-preferences');
    assert.equal(initial.status, 200);
    assert.deepEqual(initial.body.preferences, { channels: ['push', 'sms', 'email'], quietHours: null });

    // Ben prefers SMS first, never push, and sleeps from 22:00 to 07:00.
    const saved = await session.request('put', '/api/me/notification-preferences', { channels: ['sms', 'email'], quietHours: { start: '22:00', end: '07:00' } });
    assert.equal(saved.status, 200);
    assert.deepEqual(saved.body.preferences, { channels: ['sms', 'email'], quietHours: { start: '22:00', end: '07:00' } });
    assert.deepEqual((await session.get('/api/me/notification-preferences')).body, saved.body);

    // Saving again replaces everything: quiet hours switched off.
    await session.request('put', '/api/me/notification-preferences', { channels: ['email'], quietHours: null });
    assert.deepEqual((await session.get('/api/me/notification-preferences')).body.preferences, { channels: ['email'], quietHours: null });
  });

  test('preferences that could not work are refused: no channel, a channel twice, a time that is not a time', async () => {
    const { session } = await signUp(app.baseUrl, 'Cleo');
    for (const body of [
      { channels: [], quietHours: null },
      { channels: ['sms', 'sms'], quietHours: null },
      { channels: ['sms'], quietHours: { start: '25:00', end: '07:00' } },
      { channels: ['pigeon'], quietHours: null },
    ]) {
      const res = await session.request('put', '/api/me/notification-preferences', body);
      assert.equal(res.status, 400, JSON.stringify(body));
    }
    assert.deepEqual((await session.get('/api/me/notification-preferences')).body.preferences.quietHours, null);
  });

  test('the VAPID public key is generated once and stays the same', async () => {
    const { session } = await signUp(app.baseUrl, 'Dee');
    const first = await session.get('/api/push/vapid-public-key');
    assert.equal(first.status, 200);
    // An uncompressed P-256 point: 65 bytes, URL-safe base64.
    assert.equal(Buffer.from(first.body.publicKey, 'base64url').length, 65);
    assert.equal((await session.get('/api/push/vapid-public-key')).body.publicKey, first.body.publicKey);
  });

  test('subscribing twice from one browser keeps one subscription; unsubscribing removes only mine', async () => {
    const ben = await signUp(app.baseUrl, 'Ben');
    const eve = await signUp(app.baseUrl, 'Eve');
    const created = await ben.session.post('/api/me/push-subscriptions', subscription(1));
    assert.equal(created.status, 201);
    assert.deepEqual(created.body.subscriptions.map((s: { endpoint: string }) => s.endpoint), [subscription(1).endpoint]);

    // The browser renews its keys: same endpoint, still one row.
    await ben.session.post('/api/me/push-subscriptions', { ...subscription(1), keys: { p256dh: 'C'.repeat(87), auth: 'D'.repeat(22) } });
    await ben.session.post('/api/me/push-subscriptions', subscription(2));
    const list = await ben.session.get('/api/me/push-subscriptions');
    assert.deepEqual(list.body.subscriptions.map((s: { endpoint: string }) => s.endpoint), [subscription(1).endpoint, subscription(2).endpoint]);
    const [row] = await app.dataSource.query('SELECT p256dh FROM push_subscriptions WHERE endpoint = $1', [subscription(1).endpoint]);
    assert.equal(row.p256dh, 'C'.repeat(87));

    // Eve cannot remove Ben's device by naming its endpoint.
    assert.equal((await eve.session.request('delete', '/api/me/push-subscriptions', { endpoint: subscription(1).endpoint })).status, 204);
    assert.equal((await ben.session.get('/api/me/push-subscriptions')).body.subscriptions.length, 2);
    assert.deepEqual((await eve.session.get('/api/me/push-subscriptions')).body.subscriptions, []);

    assert.equal((await ben.session.request('delete', '/api/me/push-subscriptions', { endpoint: subscription(1).endpoint })).status, 204);
    assert.deepEqual((await ben.session.get('/api/me/push-subscriptions')).body.subscriptions.map((s: { endpoint: string }) => s.endpoint), [subscription(2).endpoint]);
  });

  test('only the known web-push services are accepted: no internal address, IP literal, odd port, userinfo or look-alike', { timeout: 30_000 }, async () => {
    const { session } = await signUp(app.baseUrl, 'Fay');
    for (const endpoint of [
      'http://169.254.169.254/latest/meta-data',
      'https://169.254.169.254/x',
      'https://10.0.0.1:8443/x',
      'https://localhost@evil.example/x',
      'https://127.0.0.1.nip.io/x',
      'https://[::1]/x',
      'http://127.0.0.1:9999/x',
      'http://fcm.googleapis.com/fcm/send/x',
      'https://fcm.googleapis.com:8443/fcm/send/x',
      'https://user:pw@fcm.googleapis.com/fcm/send/x',
      'https://fcm.googleapis.com.evil.example/x',
      'https://evilpush.apple.com/x',
      'https://push.apple.com/x',
    ]) {
      const res = await session.post('/api/me/push-subscriptions', { ...subscription(3), endpoint });
      assert.equal(res.status, 400, endpoint);
      assert.equal(res.body.error.details[0].path, 'endpoint');
    }
    assert.deepEqual((await session.get('/api/me/push-subscriptions')).body.subscriptions, []);
    for (const endpoint of [
      'https://fcm.googleapis.com/fcm/send/abc',
      'https://updates.push.services.mozilla.com/wpush/v2/abc',
      'https://web.push.apple.com/QGx',
      'https://wns2-par02p.notify.windows.com/w/?token=abc',
      'https://fcm.googleapis.com:443/fcm/send/def',
    ]) {
      assert.equal((await session.post('/api/me/push-subscriptions', { ...subscription(3), endpoint })).status, 201, endpoint);
    }
  });
});
