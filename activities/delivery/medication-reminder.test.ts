import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import { MockActivityEnvironment } from '@temporalio/testing';
import { sampleSum } from '../../test/support/prometheus';
import { workerRegistry } from '../metrics/registry';
import { seedScheduleRow } from '../medication/schedule.test-seed';
import type { DoseReminderInput } from '../medication/types';
import { PROVIDER_TRIES } from './failures';
import { medicationReminderActivities } from './medication-reminder';
import { startDeliveryTestEnv, type DeliveryTestEnv } from './testing/delivery-test-env';
import { twilioError } from './testing/fake-provider';

const DOSE_KEY = '2026-03-28T08:00';
const DUE_AT = '2026-03-28T07:00:00.000Z';
const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);

/**
 * remindDose: the channels, the send and the live status of a due dose in one activity,
 * through the real providers (fakes of Twilio and SendGrid) and PostgreSQL.
 */
describe("remindDose: Grandma's 08:00 Metformin reminder to Anna in one activity", { timeout: 60_000 }, () => {
  let env: DeliveryTestEnv;
  let f: Awaited<ReturnType<typeof seedScheduleRow>>;

  before(async () => {
    env = await startDeliveryTestEnv();
    f = await seedScheduleRow(env.db.dataSource);
    await env.db.dataSource.query(`UPDATE users SET phone = '+33612345670', phone_verified_at = now(), time_zone = 'UTC' WHERE id = $1`, [f.anna]);
    await env.db.dataSource.query(`INSERT INTO notification_preferences (user_id, channels) VALUES ($1, '{sms,email}')`, [f.anna]);
  });
  after(() => env?.close());
  beforeEach(async () => {
    await env.settle();
    env.events.length = 0;
  });

  const remindDose = (input: DoseReminderInput) => medicationReminderActivities({ dataSource: env.db.dataSource, config: env.providers }).remindDose(input);
  const reminder = (overrides: Partial<DoseReminderInput> = {}): DoseReminderInput => ({
    scheduleId: f.scheduleId,
    familyId: f.familyId,
    userId: f.anna,
    kind: 'due',
    doseKey: DOSE_KEY,
    idempotencyKeyPrefix: `med/${f.scheduleId}/${DOSE_KEY}/due-${randomUUID()}/${f.anna}`,
    routine: true,
    live: { dueAt: DUE_AT, status: 'due', escalationId: null, snoozes: 0 },
    ...overrides,
  });
  const attempt = async (key: string) => (await env.db.dataSource.query('SELECT status, tries FROM delivery_attempts WHERE idempotency_key = $1', [key]))[0];
  const retried = <T>(run: () => Promise<T>) => new MockActivityEnvironment({ attempt: 2 }).run(run);

  test('her first channel (SMS) is sent and recorded, then the dose shows "due" live; a retry is a duplicate that sends nothing', async () => {
    const input = reminder();
    const before = env.twilio.requests.length;
    assert.deepEqual(await remindDose(input), { status: 'sent', channel: 'sms' });
    await env.settle();
    assert.deepEqual(
      env.events.map((e) => (e.type === 'delivery.changed' ? [e.type, e.delivery.status, e.delivery.channel] : [e.type, (e as unknown as { dose: { status: string } }).dose.status])),
      [['delivery.changed', 'sent', 'sms'], ['dose.changed', 'due']],
      'the live status after the delivery record',
    );
    assert.deepEqual(await retried(() => remindDose(input)), { status: 'duplicate', channel: 'sms' });
    assert.equal(env.twilio.requests.length - before, 1, 'Twilio was called once');
  });

  test('Twilio refuses her number for good → the email goes out in the same activity; a retried attempt skips the refused SMS and sends nothing twice', async () => {
    const input = reminder();
    const [twilio, sendgrid] = [env.twilio.requests.length, env.sendgrid.requests.length];
    env.twilio.answerNext(twilioError(400, 21211, "The 'To' number is not a valid phone number."));
    assert.deepEqual(await remindDose(input), { status: 'sent', channel: 'email' });
    assert.equal((await attempt(`${input.idempotencyKeyPrefix}/sms`)).status, 'failed_permanent');
    assert.deepEqual(await retried(() => remindDose(input)), { status: 'duplicate', channel: 'email' });
    assert.deepEqual([env.twilio.requests.length - twilio, env.sendgrid.requests.length - sendgrid], [1, 1]);
  });

  test('Twilio down: the attempt fails for Temporal to retry (the dose still shows "due"); after PROVIDER_TRIES failures the SMS gives way to the email', async () => {
    const input = reminder();
    env.twilio.answerNext(twilioError(503, 20503, 'Service Unavailable'));
    await assert.rejects(remindDose(input), /503/);
    await env.settle();
    assert.ok(env.events.some((e) => e.type === 'dose.changed'), 'the live status is published by the failed attempt too');
    // The earlier attempts' failures, as sendOnce counts them: the next failure is the last the channel gets.
    await env.db.dataSource.query('UPDATE delivery_attempts SET tries = $2 WHERE idempotency_key = $1', [`${input.idempotencyKeyPrefix}/sms`, PROVIDER_TRIES - 1]);
    env.twilio.answerNext(twilioError(503, 20503, 'Service Unavailable'));
    assert.deepEqual(await retried(() => remindDose(input)), { status: 'sent', channel: 'email' });
    const before = env.twilio.requests.length;
    assert.deepEqual(await retried(() => remindDose(input)), { status: 'duplicate', channel: 'email' });
    assert.equal(env.twilio.requests.length, before, 'the channel given up is not tried again');
  });

  test('a local try that fails and the activity that takes over (both on attempt 1) count one due reminder, not two', async () => {
    const input = reminder();
    const labels = { kind: 'dose_due', channel: 'sms' };
    const due = async () => sampleSum(await workerRegistry.metrics(), 'carecircle_reminders_due_total', labels);
    const before = await due();
    env.twilio.answerNext(twilioError(503, 20503, 'Service Unavailable'));
    await assert.rejects(remindDose(input), /503/);
    assert.deepEqual(await new MockActivityEnvironment({ attempt: 1 }).run(() => remindDose(input)), { status: 'sent', channel: 'sms' });
    assert.equal(await due(), before + 1);
    assert.equal((await attempt(`${input.idempotencyKeyPrefix}/sms`)).tries, 2, 'both reached Twilio');
  });

  test('in her quiet hours: nothing is sent, the end is returned for the workflow to wait, the dose shows "due"; after them it goes out', async () => {
    const now = Date.now();
    await env.db.dataSource.query('UPDATE notification_preferences SET quiet_start = $2, quiet_end = $3 WHERE user_id = $1', [f.anna, hhmm(now - 3_600_000), hhmm(now + 3_600_000)]);
    try {
      const input = reminder();
      const before = env.twilio.requests.length;
      const quiet = await remindDose(input);
      assert.equal(quiet.status, 'quiet');
      assert.ok(quiet.status === 'quiet' && Date.parse(quiet.quietUntil) > now);
      assert.equal(env.twilio.requests.length, before, 'nothing sent');
      await env.settle();
      assert.deepEqual(env.events.map((e) => e.type), ['dose.changed']);
      // The workflow waited them out: they are not looked at again.
      assert.deepEqual(await remindDose({ ...input, afterQuiet: true, live: undefined }), { status: 'sent', channel: 'sms' });
    } finally {
      await env.db.dataSource.query('UPDATE notification_preferences SET quiet_start = NULL, quiet_end = NULL WHERE user_id = $1', [f.anna]);
    }
  });
});
