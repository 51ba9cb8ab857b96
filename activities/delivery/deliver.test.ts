import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { answerSigningKey, verifyAnswerToken } from '../../api/answers/tokens';
import { vapidKeys } from '../../api/notifications/vapid';
import type { TestDatabase } from '../../test/support/database';
import { NO_ADDRESS, PERMANENT_DELIVERY_FAILURE, type DeliveryRequest } from '../escalation/types';
import { deliveryActivities } from './deliver';
import { startDeliveryTestEnv, type DeliveryTestEnv } from './testing/delivery-test-env';
import { fakeBrowserSubscription, verifyVapid } from './testing/fake-browser';
import { twilioError } from './testing/fake-provider';

describe('deliver: one alert, sent once, recorded and announced', () => {
  let env: DeliveryTestEnv;
  let family: { familyId: string; escalationId: string; ben: string; noPhone: string };

  before(async () => {
    env = await startDeliveryTestEnv();
    family = await seedFamily(env.db);
  });
  after(() => env?.close());
  beforeEach(() => {
    env.events.length = 0;
  });

  const request = (channel: DeliveryRequest['channel'], overrides: Partial<DeliveryRequest> = {}): DeliveryRequest => ({
    idempotencyKey: `esc/${family.escalationId}/r1/s1/${family.ben}/${channel}/${randomUUID()}`,
    familyId: family.familyId,
    escalationId: family.escalationId,
    userId: family.ben,
    channel,
    template: 'escalation',
    urgency: 'urgent',
    ...overrides,
  });
  const attempt = async (key: string) => (await env.db.dataSource.query('SELECT * FROM delivery_attempts WHERE idempotency_key = $1', [key]))[0];

  test('Ben gets one SMS about Nan; the activity retried with the same key finds it sent and sends nothing', async () => {
    const { deliver } = deliveryActivities({ dataSource: env.db.dataSource, config: env.providers });
    const req = request('sms');
    const before = env.twilio.requests.length;

    const first = await deliver(req);
    assert.equal(first.status, 'sent');
    assert.equal(first.provider, 'twilio');
    assert.match(first.providerMessageId!, /^SM/);
    const body = new URLSearchParams(env.twilio.requests.at(-1)!.body.toString()).get('Body')!;
    assert.match(body, /Nan's medication has not been confirmed/);
    assert.match(body, /Reply 4821 to acknowledge, or 4821 CLAIM if you're on it/);

    const again = await deliver(req);
    assert.deepEqual(again, { status: 'duplicate', provider: 'twilio', providerMessageId: first.providerMessageId });
    assert.equal(env.twilio.requests.length - before, 1, 'Twilio was called once');
    const row = await attempt(req.idempotencyKey);
    assert.equal(row.status, 'sent');
    assert.equal(row.tries, 1);
    await env.settle();
    assert.deepEqual(env.events.map((e) => [e.type, e.delivery.status, e.delivery.channel]), [['delivery.changed', 'sent', 'sms']]);
  });

  test('Twilio has an outage: the attempt is stored as failed_transient, the retry gets through and tries counts both', async () => {
    const { deliver } = deliveryActivities({ dataSource: env.db.dataSource, config: env.providers });
    const req = request('sms');
    env.twilio.answerNext(twilioError(503, 20503, 'Service Unavailable'));
    await assert.rejects(deliver(req), (err) => !(err instanceof ApplicationFailure));
    assert.equal((await attempt(req.idempotencyKey)).status, 'failed_transient');
    assert.equal((await deliver(req)).status, 'sent');
    const row = await attempt(req.idempotencyKey);
    assert.equal(row.tries, 2);
    assert.equal(row.error, null);
    await env.settle();
    assert.deepEqual(env.events.map((e) => [e.delivery.status, e.delivery.tries]), [['failed_transient', 1], ['sent', 2]]);
  });

  test('an invalid number fails for good (non-retryable, stored with the code, no number in the error)', async () => {
    const { deliver } = deliveryActivities({ dataSource: env.db.dataSource, config: env.providers });
    const req = request('sms');
    env.twilio.answerNext(twilioError(400, 21211, "The 'To' number +33611111111 is not a valid phone number."));
    await assert.rejects(deliver(req), (err) => err instanceof ApplicationFailure && err.nonRetryable && err.type === PERMANENT_DELIVERY_FAILURE);
    const row = await attempt(req.idempotencyKey);
    assert.equal(row.status, 'failed_permanent');
    assert.match(row.error, /21211/);
    assert.ok(!row.error.includes('+33'));
  });

  test('someone without a phone number has no SMS address: NO_ADDRESS, and Twilio is not called', async () => {
    const { deliver } = deliveryActivities({ dataSource: env.db.dataSource, config: env.providers });
    const before = env.twilio.requests.length;
    await assert.rejects(deliver(request('sms', { userId: family.noPhone })), (err) => {
      assert.ok(err instanceof ApplicationFailure && err.nonRetryable);
      assert.equal(err.type, NO_ADDRESS);
      assert.equal(err.message, `user ${family.noPhone} has no verified phone number`);
      return true;
    });
    assert.equal(env.twilio.requests.length, before);
  });

  test('the email carries a signed one-time link that answers for Ben, this escalation, by email', async () => {
    const { deliver } = deliveryActivities({ dataSource: env.db.dataSource, config: env.providers });
    const result = await deliver(request('email'));
    assert.equal(result.provider, 'sendgrid');
    const mail = JSON.parse(env.sendgrid.requests.at(-1)!.body.toString());
    assert.equal(mail.personalizations[0].to[0].email, 'ben@example.test');
    assert.match(mail.subject, /Nan's medication has not been confirmed/);
    const link = /https:\/\/care\.example\.test\/answer\?token=(\S+)/.exec(mail.content[0].value);
    assert.ok(link, mail.content[0].value);
    const claims = verifyAnswerToken(await answerSigningKey(env.db.dataSource), link[1]!);
    assert.ok(claims);
    assert.deepEqual([claims.escalationId, claims.familyId, claims.userId, claims.channel], [family.escalationId, family.familyId, family.ben, 'email']);
    assert.ok(claims.exp * 1000 > Date.now() + 23 * 3600_000);
  });

  test("push reaches Ben's live phone with an acknowledge action; his old laptop's subscription (410) is deleted", async () => {
    const phone = fakeBrowserSubscription();
    const laptop = fakeBrowserSubscription();
    await env.db.dataSource.query(`INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth, created_at) VALUES ($1, $2, $3, $4, now() - interval '1 day')`, [family.ben, `${env.push.url}/laptop`, laptop.p256dh, laptop.auth]);
    await env.db.dataSource.query('INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth) VALUES ($1, $2, $3, $4)', [family.ben, `${env.push.url}/phone`, phone.p256dh, phone.auth]);
    env.push.answerNext({ status: 410 });
    const { deliver } = deliveryActivities({ dataSource: env.db.dataSource, config: env.providers });
    const req = request('push', { template: 'emergency', urgency: 'emergency' });

    const result = await deliver(req);
    assert.equal(result.status, 'sent');
    const toPhone = env.push.requests.at(-1)!;
    assert.equal(toPhone.path, '/phone');
    assert.equal(toPhone.headers.urgency, 'high');
    assert.equal(toPhone.headers.ttl, '900');
    verifyVapid(toPhone.headers, (await vapidKeys(env.db.dataSource, env.providers)).publicKey);
    const payload = JSON.parse(phone.decrypt(toPhone.body));
    assert.equal(payload.title, 'EMERGENCY: Nan');
    assert.match(payload.body, /raised by Alice\. "Fell in the kitchen"/);
    assert.deepEqual(payload.actions, [{ action: 'acknowledge', title: "I'm on it" }]);
    assert.deepEqual(payload.acknowledged, { title: 'Thanks, you have it', body: 'Everyone else has been told you are on it.' });
    assert.equal(payload.answerUrl, `/api/answers/${payload.answerToken}`);
    assert.equal(verifyAnswerToken(await answerSigningKey(env.db.dataSource), payload.answerToken)?.channel, 'push');

    const left = await env.db.dataSource.query('SELECT endpoint FROM push_subscriptions WHERE user_id = $1', [family.ben]);
    assert.deepEqual(left.map((r: { endpoint: string }) => r.endpoint), [`${env.push.url}/phone`]);
    // Outside production the push is also copied into the dev outbox, so the SPA shows it.
    const [copy] = await env.db.dataSource.query('SELECT channel, subject, user_id FROM outbox_messages WHERE idempotency_key = $1', [req.idempotencyKey]);
    assert.deepEqual(copy, { channel: 'push', subject: 'EMERGENCY: Nan', user_id: family.ben });

    // When the last subscription is gone too, push fails for good and Ben has no push channel left.
    env.push.answerNext({ status: 404 });
    await assert.rejects(deliver(request('push')), (err) => err instanceof ApplicationFailure && err.type === PERMANENT_DELIVERY_FAILURE);
    assert.deepEqual(await env.db.dataSource.query('SELECT id FROM push_subscriptions WHERE user_id = $1', [family.ben]), []);
    await assert.rejects(deliver(request('push')), (err) => err instanceof ApplicationFailure && err.type === NO_ADDRESS);
  });

  test('a French member’s push carries the button and the thanks after it in French, for the service worker to show', { timeout: 30_000 }, async () => {
    const phone = fakeBrowserSubscription();
    await env.db.dataSource.query('INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth) VALUES ($1, $2, $3, $4)', [family.ben, `${env.push.url}/fr-phone`, phone.p256dh, phone.auth]);
    await env.db.dataSource.query(`UPDATE users SET language = 'fr' WHERE id = $1`, [family.ben]);
    try {
      const { deliver } = deliveryActivities({ dataSource: env.db.dataSource, config: env.providers });
      assert.equal((await deliver(request('push'))).status, 'sent');
      const payload = JSON.parse(phone.decrypt(env.push.requests.at(-1)!.body));
      assert.deepEqual(payload.actions, [{ action: 'acknowledge', title: 'Je m’en occupe' }]);
      assert.deepEqual(payload.acknowledged, { title: 'Merci, vous vous en occupez', body: 'Les autres personnes savent que vous vous en occupez.' });
      // "Nobody answered" has no button, so no thanks either.
      await deliver(request('push', { template: 'unreached' }));
      const news = JSON.parse(phone.decrypt(env.push.requests.at(-1)!.body));
      assert.deepEqual([news.actions, news.acknowledged], [[], undefined]);
    } finally {
      await env.db.dataSource.query('UPDATE users SET language = NULL WHERE id = $1', [family.ben]);
      await env.db.dataSource.query('DELETE FROM push_subscriptions WHERE user_id = $1', [family.ben]);
    }
  });

  test('a push service rate-limiting us is retried after its Retry-After, not given up', async () => {
    const phone = fakeBrowserSubscription();
    await env.db.dataSource.query('INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth) VALUES ($1, $2, $3, $4)', [family.noPhone, `${env.push.url}/tablet`, phone.p256dh, phone.auth]);
    env.push.answerNext({ status: 429, headers: { 'retry-after': '5' } });
    const { deliver } = deliveryActivities({ dataSource: env.db.dataSource, config: env.providers });
    const req = request('push', { userId: family.noPhone, urgency: 'routine' });
    await assert.rejects(deliver(req), (err) => err instanceof ApplicationFailure && !err.nonRetryable && err.nextRetryDelay === 5000);
    assert.equal((await attempt(req.idempotencyKey)).status, 'failed_transient');
    await deliver(req);
    assert.equal(env.push.requests.at(-1)!.headers.urgency, 'normal', 'routine reminders do not wake a phone in battery saving');
  });

  test('a push service that cannot be reached fails as "unavailable": no network detail reaches the timeline', { timeout: 30_000 }, async () => {
    const dead = fakeBrowserSubscription();
    const [dan] = await env.db.dataSource.query(
      `INSERT INTO users (email, password_hash, display_name, time_zone, email_verified_at) VALUES ('dan@example.test', 'x', 'Dan', 'UTC', now()) RETURNING id`,
    );
    await env.db.dataSource.query('INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth) VALUES ($1, $2, $3, $4)', [dan.id, 'http://127.0.0.1:1/closed-port', dead.p256dh, dead.auth]);
    const { deliver } = deliveryActivities({ dataSource: env.db.dataSource, config: env.providers });
    const req = request('push', { userId: dan.id });
    await assert.rejects(deliver(req), (err) => !(err instanceof ApplicationFailure && err.nonRetryable));
    const stored = await attempt(req.idempotencyKey);
    assert.equal(stored.status, 'failed_transient');
    assert.match(stored.error, /^push subscription [0-9a-f-]+: push service unavailable$/);
  });

  test('an address that was typed but never proven is no address: nothing is sent to it', { timeout: 30_000 }, async () => {
    const [eve] = await env.db.dataSource.query(
      `INSERT INTO users (email, password_hash, display_name, phone, time_zone) VALUES ('eve@example.test', 'x', 'Eve', '+33699999999', 'UTC') RETURNING id`,
    );
    const { deliver } = deliveryActivities({ dataSource: env.db.dataSource, config: env.providers });
    const [twilioBefore, sendgridBefore] = [env.twilio.requests.length, env.sendgrid.requests.length];
    for (const channel of ['sms', 'email'] as const) {
      await assert.rejects(deliver(request(channel, { userId: eve.id })), (err) => err instanceof ApplicationFailure && err.type === NO_ADDRESS, channel);
    }
    assert.deepEqual([env.twilio.requests.length, env.sendgrid.requests.length], [twilioBefore, sendgridBefore]);
  });

  test("an emergency SMS names Nan and who raised it but keeps the free-text note out (SMS crosses carriers in clear)", async () => {
    const { deliver } = deliveryActivities({ dataSource: env.db.dataSource, config: env.providers });
    await deliver(request('sms', { template: 'emergency', urgency: 'emergency' }));
    const body = new URLSearchParams(env.twilio.requests.at(-1)!.body.toString()).get('Body')!;
    assert.match(body, /^CareCircle EMERGENCY: Emergency for Nan raised by Alice\./);
    assert.match(body, /Reply 4821 to acknowledge/);
    assert.doesNotMatch(body, /kitchen/);
  });

  test('with no provider credentials, SMS and email land in the dev outbox through the same path, once', async () => {
    const { deliver } = deliveryActivities({ dataSource: env.db.dataSource, config: env.outboxOnly });
    const sms = request('sms', { template: 'unreached', userId: family.ben });
    const before = env.twilio.requests.length;
    const result = await deliver(sms);
    assert.equal(result.provider, 'outbox');
    assert.equal((await deliver(sms)).status, 'duplicate');
    const rows = await env.db.dataSource.query('SELECT channel, to_address, body FROM outbox_messages WHERE idempotency_key = $1', [sms.idempotencyKey]);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].to_address, '+33612345678');
    // "Nobody answered" is news for admins: no reply code to answer with.
    assert.match(rows[0].body, /Nobody answered/);
    assert.doesNotMatch(rows[0].body, /Reply/);

    await deliver(request('email'));
    const [mail] = await env.db.dataSource.query(`SELECT to_address, link FROM outbox_messages WHERE channel = 'email' ORDER BY created_at DESC LIMIT 1`);
    assert.equal(mail.to_address, 'ben@example.test');
    assert.match(mail.link, /^https:\/\/care\.example\.test\/answer\?token=/);
    assert.equal(env.twilio.requests.length, before);
  });
});

async function seedFamily(db: TestDatabase) {
  const user = async (name: string, phone: string | null) =>
    (
      await db.dataSource.query(
        `INSERT INTO users (email, password_hash, display_name, phone, time_zone, email_verified_at, phone_verified_at)
         VALUES ($1, 'x', $2, $3::text, 'Europe/Paris', now(), CASE WHEN $3::text IS NULL THEN NULL ELSE now() END) RETURNING id`,
        [`${name.toLowerCase()}@example.test`, name, phone],
      )
    )[0].id as string;
  const alice = await user('Alice', null);
  const ben = await user('Ben', '+33612345678');
  const noPhone = await user('Cleo', null);
  const [family] = await db.dataSource.query(`INSERT INTO families (name) VALUES ('The Martins') RETURNING id`);
  const [nan] = await db.dataSource.query(`INSERT INTO care_recipients (family_id, display_name, time_zone) VALUES ($1, 'Nan', 'Europe/Paris') RETURNING id`, [family.id]);
  const escalationId = randomUUID();
  await db.dataSource.query(
    `INSERT INTO escalations (id, family_id, care_recipient_id, kind, urgency, status, ack_code, note, started_by) VALUES ($1, $2, $3, 'medication', 'urgent', 'active', '4821', 'Fell in the kitchen', $4)`,
    [escalationId, family.id, nan.id, alice],
  );
  return { familyId: family.id as string, escalationId, ben, noPhone };
}
