import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import { seedScheduleRow } from '../medication/schedule.test-seed';
import { CHANNEL_UNAVAILABLE } from '../escalation/types';
import { PROVIDER_TRIES } from './failures';
import { medicationDeliveryActivities } from './medication-delivery';
import { startDeliveryTestEnv, type DeliveryTestEnv } from './testing/delivery-test-env';
import { twilioError } from './testing/fake-provider';

/**
 * Sends retry without an attempt limit (so a database outage never fails a reminder); a
 * provider that keeps failing is what gives a channel up, counted in the attempt row.
 */
describe('a provider that keeps failing gives up its channel', { timeout: 60_000 }, () => {
  let env: DeliveryTestEnv;
  before(async () => {
    env = await startDeliveryTestEnv();
  });
  after(() => env?.close());

  test(`Twilio answers 503 ${PROVIDER_TRIES} times → retryable until then, ChannelUnavailable (non-retryable) on the last`, async () => {
    const row = await seedScheduleRow(env.db.dataSource);
    await env.db.dataSource.query(`UPDATE users SET phone = '+33612345678', phone_verified_at = now() WHERE id = $1`, [row.anna]);
    const { sendMedicationMessage } = medicationDeliveryActivities({ dataSource: env.db.dataSource, config: env.providers });
    const input = {
      scheduleId: row.scheduleId,
      familyId: row.familyId,
      userId: row.anna,
      channel: 'sms' as const,
      kind: 'due' as const,
      doseKey: '2026-03-28T08:00',
      idempotencyKey: `med/${row.scheduleId}/2026-03-28T08:00/due/${row.anna}/sms`,
    };
    const outcomes: string[] = [];
    for (let i = 0; i < PROVIDER_TRIES; i++) {
      env.twilio.answerNext(twilioError(503, 20503, 'Service Unavailable'));
      const err = await sendMedicationMessage(input).then(
        () => assert.fail('Twilio is down'),
        (e: unknown) => e,
      );
      outcomes.push(err instanceof ApplicationFailure && err.nonRetryable ? (err.type ?? '?') : 'retry');
    }
    assert.deepEqual(outcomes, [...Array(PROVIDER_TRIES - 1).fill('retry'), CHANNEL_UNAVAILABLE]);
    const [attempt] = await env.db.dataSource.query('SELECT status, tries FROM delivery_attempts WHERE idempotency_key = $1', [input.idempotencyKey]);
    assert.deepEqual([attempt.status, attempt.tries], ['failed_transient', PROVIDER_TRIES]);
  });
});
