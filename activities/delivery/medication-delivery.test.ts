import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { vapidKeys } from '../../api/notifications/vapid';
import { storeInOutbox } from '../../api/outbox/dev-outbox';
import type { TestDatabase } from '../../test/support/database';
import { NO_ADDRESS, PERMANENT_DELIVERY_FAILURE } from '../escalation/types';
import { seedScheduleRow } from '../medication/schedule.test-seed';
import type { MedicationMessageInput } from '../medication/types';
import { medicationDeliveryActivities } from './medication-delivery';
import { startDeliveryTestEnv, type DeliveryTestEnv } from './testing/delivery-test-env';
import { fakeBrowserSubscription, verifyVapid } from './testing/fake-browser';
import { sendGridError, twilioError } from './testing/fake-provider';

describe("sendMedicationMessage: Grandma's Metformin reminder through the real providers, once", () => {
  let env: DeliveryTestEnv;
  let f: Awaited<ReturnType<typeof seedSchedule>>;

  before(async () => {
    env = await startDeliveryTestEnv();
    f = await seedSchedule(env.db);
  });
  after(() => env?.close());
  beforeEach(() => {
    env.events.length = 0;
  });

  const activity = (config = env.providers) => medicationDeliveryActivities({ dataSource: env.db.dataSource, config }).sendMedicationMessage;
  const message = (channel: MedicationMessageInput['channel'], overrides: Partial<MedicationMessageInput> = {}): MedicationMessageInput => ({
    scheduleId: f.scheduleId,
    familyId: f.familyId,
    userId: f.anna,
    channel,
    kind: 'due',
    doseKey: '2026-03-28T08:00',
    idempotencyKey: `med/${f.scheduleId}/2026-03-28T08:00/due/${f.anna}/${channel}/${randomUUID()}`,
    ...overrides,
  });
  const attempt = async (key: string) => (await env.db.dataSource.query('SELECT * FROM delivery_attempts WHERE idempotency_key = $1', [key]))[0];
  const smsBody = () => new URLSearchParams(env.twilio.requests.at(-1)!.body.toString()).get('Body')!;
  const today = () => `https://care.example.test/families/${f.familyId}/today`;

  test("Anna's due reminder goes out by Twilio without the medication's name; the retry is a duplicate and sends nothing", async () => {
    const sendMedicationMessage = activity();
    const msg = message('sms');
    const before = env.twilio.requests.length;

    const first = await sendMedicationMessage(msg);
    assert.equal(first.status, 'sent');
    assert.equal(first.provider, 'twilio');
    assert.match(first.providerMessageId!, /^SM/);
    assert.equal(smsBody(), "CareCircle: a medication for Grandma is due now (08:00 Grandma's time). Reply TAKEN once given, or SKIP and the reason.");

    assert.deepEqual(await sendMedicationMessage(msg), { status: 'duplicate', provider: 'twilio', providerMessageId: first.providerMessageId });
    assert.equal(env.twilio.requests.length - before, 1, 'Twilio was called once');
    const row = await attempt(msg.idempotencyKey);
    assert.deepEqual(
      [row.status, row.tries, row.schedule_id, row.dose_key, row.escalation_id, row.user_id, row.family_id],
      ['sent', 1, f.scheduleId, '2026-03-28T08:00', null, f.anna, f.familyId],
    );
    await env.settle();
    assert.deepEqual(
      env.events.map((e) => [e.type, e.delivery.status, e.delivery.channel, e.delivery.scheduleId, e.delivery.doseKey]),
      [['delivery.changed', 'sent', 'sms', f.scheduleId, '2026-03-28T08:00']],
    );
  });

  test("the email names Metformin and its dose and links to the family's Today page", async () => {
    const sendMedicationMessage = activity();
    const msg = message('email', { kind: 'heads_up' });
    assert.equal((await sendMedicationMessage(msg)).provider, 'sendgrid');
    const mail = JSON.parse(env.sendgrid.requests.at(-1)!.body.toString());
    assert.equal(mail.personalizations[0].to[0].email, f.annaEmail);
    assert.equal(mail.subject, "CareCircle: coming up at 08:00 Grandma's time");
    assert.equal(mail.custom_args.idempotency_key, msg.idempotencyKey);
    const text: string = mail.content[0].value;
    assert.match(text, /^Coming up at 08:00 Grandma's time: Metformin \(500 mg\) for Grandma\./);
    assert.ok(text.includes(`Today's doses: ${today()}`), text);
  });

  test('the push reaches her phone encrypted, routine (no waking from battery saving), with the Today url and no answer action', async () => {
    const phone = fakeBrowserSubscription();
    await env.db.dataSource.query('INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth) VALUES ($1, $2, $3, $4)', [f.anna, `${env.push.url}/anna-phone`, phone.p256dh, phone.auth]);
    const sendMedicationMessage = activity();
    const msg = message('push');

    assert.equal((await sendMedicationMessage(msg)).status, 'sent');
    const req = env.push.requests.at(-1)!;
    assert.equal(req.path, '/anna-phone');
    assert.equal(req.headers.urgency, 'normal');
    assert.equal(req.headers.ttl, String(6 * 3600));
    verifyVapid(req.headers, (await vapidKeys(env.db.dataSource, env.providers)).publicKey);
    assert.deepEqual(JSON.parse(phone.decrypt(req.body)), {
      title: "CareCircle: due now (08:00 Grandma's time)",
      body: "Due now (08:00 Grandma's time): Metformin (500 mg) for Grandma. Open the app to mark it taken or skipped.",
      familyId: f.familyId,
      scheduleId: f.scheduleId,
      doseKey: '2026-03-28T08:00',
      url: `/families/${f.familyId}/today`,
      actions: [],
    });
    // Outside production the push is also copied into the dev outbox, so the SPA shows it.
    const [copy] = await env.db.dataSource.query('SELECT channel, subject, link FROM outbox_messages WHERE idempotency_key = $1', [msg.idempotencyKey]);
    assert.deepEqual(copy, { channel: 'push', subject: "CareCircle: due now (08:00 Grandma's time)", link: today() });
  });

  test('with no provider credentials, the SMS and the refill email land in the dev outbox through the same path, once', async () => {
    const sendMedicationMessage = activity(env.outboxOnly);
    const before = env.twilio.requests.length + env.sendgrid.requests.length;
    const sms = message('sms', { userId: f.ben });
    assert.equal((await sendMedicationMessage(sms)).provider, 'outbox');
    assert.equal((await sendMedicationMessage(sms)).status, 'duplicate');
    const smsRows = await env.db.dataSource.query('SELECT to_address, body FROM outbox_messages WHERE idempotency_key = $1', [sms.idempotencyKey]);
    assert.deepEqual(smsRows, [{ to_address: '+33612345678', body: "CareCircle: a medication for Grandma is due now (08:00 Grandma's time). Reply TAKEN once given, or SKIP and the reason." }]);

    const refill = message('email', { userId: f.admin, kind: 'refill' });
    const result = await sendMedicationMessage(refill);
    const [mail] = await env.db.dataSource.query('SELECT id, subject, body, link FROM outbox_messages WHERE idempotency_key = $1', [refill.idempotencyKey]);
    assert.equal(result.providerMessageId, `outbox:${mail.id}`);
    assert.equal(mail.subject, 'CareCircle: time to refill');
    assert.match(mail.body, /^Metformin \(500 mg\) for Grandma is running low: time to refill\./);
    assert.equal(mail.link, today());
    assert.equal(env.twilio.requests.length + env.sendgrid.requests.length, before, 'no provider was called');
    assert.equal((await attempt(refill.idempotencyKey)).schedule_id, f.scheduleId);
  });

  test('a worker that died after the outbox stored the message and before the attempt said sent: the retry finds that message, one copy', async () => {
    const sendMedicationMessage = activity(env.outboxOnly);
    const email = message('email');
    const first = await storeInOutbox(env.db.dataSource, { idempotencyKey: email.idempotencyKey, channel: 'email', toAddress: f.annaEmail, body: 'stored by the try that died' });
    assert.ok(first, 'the first store returns its id');
    assert.equal(await storeInOutbox(env.db.dataSource, { idempotencyKey: email.idempotencyKey, channel: 'email', toAddress: f.annaEmail, body: 'again' }), null, 'a repeated key stores nothing');
    const result = await sendMedicationMessage(email);
    assert.deepEqual([result.status, result.providerMessageId], ['sent', `outbox:${first}`]);
    const copies = await env.db.dataSource.query('SELECT body FROM outbox_messages WHERE idempotency_key = $1', [email.idempotencyKey]);
    assert.deepEqual(copies, [{ body: 'stored by the try that died' }]);
  });

  test('no phone number or no push subscription: NoAddressForChannel, so the workflow tries her next channel; no provider is called', async () => {
    const sendMedicationMessage = activity();
    const before = env.twilio.requests.length;
    const noAddress = (err: unknown) => err instanceof ApplicationFailure && err.nonRetryable && err.type === NO_ADDRESS;
    const noPhone = message('sms', { userId: f.viewer });
    await assert.rejects(sendMedicationMessage(noPhone), noAddress);
    await assert.rejects(sendMedicationMessage(message('push', { userId: f.viewer })), noAddress);
    assert.equal(env.twilio.requests.length, before);
    assert.equal((await attempt(noPhone.idempotencyKey)).status, 'failed_permanent');
  });

  test('a provider refusing (Twilio 400, SendGrid 400) fails for good; a 503 is retried and the retry gets through', async () => {
    const sendMedicationMessage = activity();
    const permanent = (err: unknown) => err instanceof ApplicationFailure && err.nonRetryable && err.type === PERMANENT_DELIVERY_FAILURE;
    const badNumber = message('sms', { userId: f.ben });
    env.twilio.answerNext(twilioError(400, 21211, "The 'To' number +33612345678 is not a valid phone number."));
    await assert.rejects(sendMedicationMessage(badNumber), permanent);
    const refused = await attempt(badNumber.idempotencyKey);
    assert.equal(refused.status, 'failed_permanent');
    assert.ok(!refused.error.includes('+33'), refused.error);
    env.sendgrid.answerNext(sendGridError(400, 'personalizations.0.to.0.email', 'Does not contain a valid address'));
    await assert.rejects(sendMedicationMessage(message('email')), permanent);

    const outage = message('sms', { userId: f.ben });
    env.twilio.answerNext(twilioError(503, 20503, 'Service Unavailable'));
    await assert.rejects(sendMedicationMessage(outage), (err) => !(err instanceof ApplicationFailure) && /503/.test((err as Error).message));
    assert.equal((await attempt(outage.idempotencyKey)).status, 'failed_transient');
    assert.equal((await sendMedicationMessage(outage)).status, 'sent');
    assert.deepEqual([(await attempt(outage.idempotencyKey)).tries, (await attempt(outage.idempotencyKey)).error], [2, null]);
  });

  test('a schedule or a person deleted meanwhile fails for good: nothing left to remind about', async () => {
    const sendMedicationMessage = activity();
    const gone = await seedSchedule(env.db);
    const nonRetryable = (err: unknown) => err instanceof ApplicationFailure && err.nonRetryable;
    await env.db.dataSource.query('DELETE FROM users WHERE id = $1', [gone.ben]);
    await assert.rejects(sendMedicationMessage({ ...message('email'), familyId: gone.familyId, scheduleId: gone.scheduleId, userId: gone.ben }), nonRetryable);
    // Deleted through the API (the row stays, marked): a send still retrying reminds nobody.
    await env.db.dataSource.query(`UPDATE medication_schedules SET status = 'deleted' WHERE id = $1`, [gone.scheduleId]);
    await assert.rejects(sendMedicationMessage({ ...message('email'), familyId: gone.familyId, scheduleId: gone.scheduleId, userId: gone.anna, idempotencyKey: `med/${gone.scheduleId}/marked-deleted` }), nonRetryable);
    await env.db.dataSource.query('DELETE FROM medication_schedules WHERE id = $1', [gone.scheduleId]);
    await assert.rejects(sendMedicationMessage({ ...message('email'), familyId: gone.familyId, scheduleId: gone.scheduleId, userId: gone.anna }), (err) => {
      assert.ok(err instanceof ApplicationFailure && err.nonRetryable);
      assert.equal(err.message, `schedule ${gone.scheduleId}: family, schedule or user no longer exists`);
      return true;
    });
  });
});

let seeded = 0;

/** Grandma takes Metformin 500 mg at 08:00 and 20:00; Anna and Ben have phones, the viewer has neither a phone nor a push subscription. */
async function seedSchedule(db: TestDatabase) {
  const f = await seedScheduleRow(db.dataSource);
  // A verified number belongs to one person, so each seeded family has its own.
  const [annaPhone, benPhone] = seeded++ === 0 ? ['+33612345677', '+33612345678'] : [`+3361230${seeded}001`, `+3361230${seeded}002`];
  await db.dataSource.query(`UPDATE users SET phone = CASE WHEN id = $1 THEN $3 ELSE $4 END, phone_verified_at = now() WHERE id IN ($1, $2)`, [
    f.anna,
    f.ben,
    annaPhone,
    benPhone,
  ]);
  const [anna] = await db.dataSource.query('SELECT email FROM users WHERE id = $1', [f.anna]);
  return { ...f, annaEmail: anna.email as string };
}
