import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';
import { sampleSum } from '../../test/support/prometheus';
import { ActivityRetryMetrics } from '../../temporal/activity-metrics';
import { channelUnavailable, failureForStatus, networkFailure, noAddress, permanentFailure, transientFailure } from '../delivery/failures';
import { seedScheduleRow } from '../medication/schedule.test-seed';
import type { MedicationMessageInput } from '../medication/types';
import { medicationDueAtMs } from './dose-due';
import { workerRegistry } from './registry';
import { failureReason, observeSend } from './reminders';

const metric = async (name: string, labels: Record<string, string>) => sampleSum(await workerRegistry.metrics(), name, labels);

describe('worker metrics: what each send, failure and retry adds', () => {
  test('a failure reason is one of a few fixed values, from the type or the wording failures.ts gives it', { timeout: 5_000 }, () => {
    assert.equal(failureReason(noAddress('user x has no verified phone number')), 'no_address');
    assert.equal(failureReason(permanentFailure('twilio: refused (400)')), 'refused');
    assert.equal(failureReason(failureForStatus('sendgrid', 429, 3000)), 'rate_limited');
    assert.equal(failureReason(failureForStatus('sendgrid', 429)), 'rate_limited');
    assert.equal(failureReason(failureForStatus('twilio', 503)), 'provider_error');
    assert.equal(failureReason(transientFailure('push subscription 1: push service unavailable')), 'provider_error');
    assert.equal(failureReason(networkFailure('twilio', Object.assign(new Error('x'), { code: 'ECONNRESET' }))), 'network');
    assert.equal(failureReason(channelUnavailable('sms provider failed 10 times in a row')), 'gave_up');
    assert.equal(failureReason(new Error('Connection terminated unexpectedly')), 'other');
  });

  test('a send is due when its record is first claimed, sent once with its lateness, and a failed one counted by provider and reason', { timeout: 5_000 }, async () => {
    const labels = { kind: 'escalation', channel: 'sms' };
    const before = {
      due: await metric('carecircle_reminders_due_total', labels),
      sent: await metric('carecircle_reminders_sent_total', labels),
      late: await metric('carecircle_reminder_lateness_seconds_count', labels),
      failed: await metric('carecircle_delivery_failures_total', { provider: 'twilio', reason: 'provider_error' }),
    };
    const meta = { ...labels, provider: 'twilio', dueAtMs: async () => Date.now() - 90_000 };
    // Claimed, then refused by Twilio; claimed again (not the first claim) and sent; then a duplicate, never claimed.
    await assert.rejects(
      observeSend(meta, async (firstClaim) => {
        firstClaim();
        throw failureForStatus('twilio', 502);
      }),
    );
    await observeSend(meta, async () => ({ status: 'sent', provider: 'twilio', providerMessageId: 'SM1' }));
    await observeSend(meta, async () => ({ status: 'duplicate', provider: 'twilio', providerMessageId: 'SM1' }));

    assert.equal(await metric('carecircle_reminders_due_total', labels), before.due + 1);
    assert.equal(await metric('carecircle_reminders_sent_total', labels), before.sent + 1);
    assert.equal(await metric('carecircle_reminder_lateness_seconds_count', labels), before.late + 1);
    // 90 s late: in the 120 s bucket, not the 60 s one.
    assert.equal(await metric('carecircle_reminder_lateness_seconds_bucket', { ...labels, le: '60' }), 0);
    assert.equal(await metric('carecircle_reminder_lateness_seconds_bucket', { ...labels, le: '120' }), before.late + 1);
    assert.equal(await metric('carecircle_delivery_failures_total', { provider: 'twilio', reason: 'provider_error' }), before.failed + 1);
  });

  test('an activity attempt after the first is counted as a retry, and as running while it runs', { timeout: 5_000 }, async () => {
    const labels = { activity: 'deliver' };
    const before = await metric('carecircle_activity_retries_total', labels);
    await new ActivityRetryMetrics({ attempt: 1, activityType: 'deliver' }).execute({} as never, async () => 'ok');
    assert.equal(await metric('carecircle_activity_retries_total', labels), before);

    let runningDuring = -1;
    const retry = new ActivityRetryMetrics({ attempt: 3, activityType: 'deliver' });
    await assert.rejects(
      retry.execute({} as never, async () => {
        runningDuring = await metric('carecircle_activities_retrying', labels);
        throw new Error('still down');
      }),
    );
    assert.equal(runningDuring, 1);
    assert.equal(await metric('carecircle_activities_retrying', labels), 0);
    assert.equal(await metric('carecircle_activity_retries_total', labels), before + 1);
  });
});

describe("medicationDueAtMs: a reminder's lateness is measured from when it was due", () => {
  let db: TestDatabase;
  let f: Awaited<ReturnType<typeof seedScheduleRow>>;
  before(async () => {
    db = await createTestDatabase();
    f = await seedScheduleRow(db.dataSource, { headsUpMinutes: 15 });
  });
  after(() => db?.drop());

  const message = (kind: MedicationMessageInput['kind'], step: string): MedicationMessageInput => ({
    scheduleId: f.scheduleId,
    familyId: f.familyId,
    userId: f.anna,
    channel: 'email',
    kind,
    doseKey: '2026-03-28T08:00',
    idempotencyKey: `med/${f.scheduleId}/2026-03-28T08:00/${step}/${f.anna}/email`,
  });

  test('the dose instant in the schedule zone; the heads-up its minutes before; a snooze or a refill has none of its own', { timeout: 10_000 }, async () => {
    // 08:00 in Paris on 28 March 2026 is still winter time (UTC+1): clocks change the next night.
    assert.equal(await medicationDueAtMs(db.dataSource, message('due', 'due')), Date.parse('2026-03-28T07:00:00Z'));
    assert.equal(await medicationDueAtMs(db.dataSource, message('heads_up', 'heads_up')), Date.parse('2026-03-28T06:45:00Z'));
    assert.equal(await medicationDueAtMs(db.dataSource, message('due', 'snooze0')), null);
    assert.equal(await medicationDueAtMs(db.dataSource, { ...message('refill', 'refill'), idempotencyKey: `med/${f.scheduleId}/refill/x/${f.anna}/email` }), null);
  });

  test("a due reminder held by the caregiver's quiet hours was due when they ended", { timeout: 10_000 }, async () => {
    await db.dataSource.query(`INSERT INTO notification_preferences (user_id, channels, quiet_start, quiet_end) VALUES ($1, '{email}', '22:00', '09:30')`, [f.anna]);
    assert.equal(await medicationDueAtMs(db.dataSource, message('due', 'due')), Date.parse('2026-03-28T08:30:00Z'));
  });

  test('a due reminder that names its instant (sent at once by remindDose) is due then, with no read; a snooze still has none', { timeout: 10_000 }, async () => {
    const gone = { ...message('due', 'due'), scheduleId: '00000000-0000-4000-8000-000000000000', dueAt: '2026-03-28T07:00:00.000Z' };
    assert.equal(await medicationDueAtMs(db.dataSource, gone), Date.parse('2026-03-28T07:00:00Z'), 'the schedule row is not read');
    assert.equal(await medicationDueAtMs(db.dataSource, { ...message('due', 'snooze0'), dueAt: '2026-03-28T07:00:00.000Z' }), null);
  });
});
