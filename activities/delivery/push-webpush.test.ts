import assert from 'node:assert/strict';
import https from 'node:https';
import { after, before, describe, test } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import webpush from 'web-push';
import { PERMANENT_DELIVERY_FAILURE } from '../escalation/types';
import { sendWebPush } from './push-webpush';
import { fakeBrowserSubscription, verifyVapid } from './testing/fake-browser';
import { startFakePushService, type FakeProvider } from './testing/fake-provider';
import { TEST_TLS_CERT } from './testing/test-tls';

// web-push speaks HTTPS only; trust the fake push service's self-signed certificate in this test process.
https.globalAgent.options.ca = TEST_TLS_CERT;

describe('web push adapter against a push service that decrypts like a browser', () => {
  let push: FakeProvider;
  const keys = webpush.generateVAPIDKeys();
  const vapid = { subject: 'mailto:ops@carecircle.test', ...keys };
  const browser = fakeBrowserSubscription();
  const sub = () => ({ id: 'sub-1', endpoint: `${push.url}/wpush/v2/device-1`, p256dh: browser.p256dh, auth: browser.auth });

  before(async () => {
    push = await startFakePushService();
  });
  after(() => push.close());

  test('an urgent alert arrives encrypted (aes128gcm), readable only with the browser keys, with TTL, Urgency and a valid VAPID signature', async () => {
    const payload = JSON.stringify({ title: 'CareCircle', body: "Nan's medication has not been confirmed", escalationId: 'e1' });
    const before = push.requests.length;
    const result = await sendWebPush(vapid, sub(), payload, { ttlSeconds: 900, urgency: 'high' });

    assert.equal(result.outcome, 'sent');
    assert.match((result as { providerMessageId: string }).providerMessageId, /^\/messages\//);
    const req = push.requests[before]!;
    assert.equal(req.method, 'POST');
    assert.equal(req.path, '/wpush/v2/device-1');
    assert.equal(req.headers['content-encoding'], 'aes128gcm');
    assert.equal(req.headers.ttl, '900');
    assert.equal(req.headers.urgency, 'high');
    assert.equal(browser.decrypt(req.body), payload);
    assert.ok(!req.body.includes(Buffer.from('medication')), 'the payload travels encrypted');

    const claims = verifyVapid(req.headers, keys.publicKey);
    assert.equal(claims.aud, push.url, 'the JWT audience is the push service origin');
    assert.equal(claims.sub, vapid.subject);
    assert.ok(claims.exp * 1000 > Date.now() && claims.exp * 1000 <= Date.now() + 24 * 3600_000, 'expires within 24 hours (RFC 8292)');
  });

  test('another browser with other keys cannot read it', async () => {
    await sendWebPush(vapid, sub(), 'secret', { ttlSeconds: 60, urgency: 'normal' });
    const req = push.requests.at(-1)!;
    assert.equal(req.headers.urgency, 'normal');
    assert.throws(() => fakeBrowserSubscription().decrypt(req.body));
  });

  test('410 Gone and 404 mean the subscription is dead: reported as gone, not as an error', async () => {
    push.answerNext({ status: 410 }, { status: 404 });
    assert.deepEqual(await sendWebPush(vapid, sub(), 'x', { ttlSeconds: 60, urgency: 'high' }), { outcome: 'gone' });
    assert.deepEqual(await sendWebPush(vapid, sub(), 'x', { ttlSeconds: 60, urgency: 'high' }), { outcome: 'gone' });
  });

  test('429 is retried after Retry-After; 500 is retried with backoff; 400 is permanent', async () => {
    push.answerNext({ status: 429, headers: { 'retry-after': '30' } });
    await assert.rejects(sendWebPush(vapid, sub(), 'x', { ttlSeconds: 60, urgency: 'high' }), (err) => {
      assert.ok(err instanceof ApplicationFailure);
      assert.equal(err.nonRetryable, false);
      assert.equal(err.nextRetryDelay, 30_000);
      return true;
    });
    push.answerNext({ status: 500 });
    await assert.rejects(sendWebPush(vapid, sub(), 'x', { ttlSeconds: 60, urgency: 'high' }), (err) => !(err instanceof ApplicationFailure) && /500/.test((err as Error).message));
    push.answerNext({ status: 400 });
    await assert.rejects(
      sendWebPush(vapid, sub(), 'x', { ttlSeconds: 60, urgency: 'high' }),
      (err) => err instanceof ApplicationFailure && err.nonRetryable && err.type === PERMANENT_DELIVERY_FAILURE && err.message.includes('sub-1'),
    );
  });

  test('an unreachable push service is a transient network error naming only the subscription id', async () => {
    const dead = { ...sub(), endpoint: 'https://127.0.0.1:1/wpush/x' };
    await assert.rejects(sendWebPush(vapid, dead, 'x', { ttlSeconds: 60, urgency: 'high' }), (err) => {
      assert.ok(!(err instanceof ApplicationFailure));
      assert.match((err as Error).message, /push subscription sub-1: network error \(ECONNREFUSED\)/);
      return true;
    });
  });
});
