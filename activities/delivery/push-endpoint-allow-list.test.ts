import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import type { Config } from '../../api/config';
import { NO_ADDRESS } from '../escalation/types';
import { pushSubscriptionsOf } from './channels';
import { startDeliveryTestEnv, type DeliveryTestEnv } from './testing/delivery-test-env';

/** Subscriptions saved before the API checked endpoints: the worker sends only to known push services. */
describe('push endpoints the allow-list refuses are never sent to', { timeout: 30_000 }, () => {
  let env: DeliveryTestEnv;
  before(async () => {
    env = await startDeliveryTestEnv();
  });
  after(() => env?.close());

  async function userWith(name: string, endpoints: string[]): Promise<string> {
    const [user] = await env.db.dataSource.query(
      `INSERT INTO users (email, password_hash, display_name, time_zone, email_verified_at) VALUES ($1, 'x', $2, 'UTC', now()) RETURNING id`,
      [`${name}@example.test`, name],
    );
    for (const endpoint of endpoints) {
      await env.db.dataSource.query('INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth) VALUES ($1, $2, $3, $4)', [user.id, endpoint, 'k', 'a']);
    }
    return user.id as string;
  }

  test('an old subscription to an internal address is skipped; a known push service and the test fake are kept', async () => {
    const fcm = 'https://fcm.googleapis.com/fcm/send/device-1';
    const fake = `${env.push.url}/device-2`;
    const eve = await userWith('eve', ['http://169.254.169.254/latest/meta-data', fcm, 'https://10.0.0.7/admin', fake]);
    assert.deepEqual((await pushSubscriptionsOf(env.db.dataSource, env.providers, eve)).map((s) => s.endpoint), [fcm, fake]);
    // Production ignores the test origins whatever the config says.
    const production: Config = { ...env.providers, env: 'production' };
    assert.ok(production.delivery.push.testServiceOrigins.includes(env.push.url));
    assert.deepEqual((await pushSubscriptionsOf(env.db.dataSource, production, eve)).map((s) => s.endpoint), [fcm]);
  });

  test('only refused endpoints → no push address, so the next channel is tried', async () => {
    const mallory = await userWith('mallory', ['http://169.254.169.254/latest/user-data', 'https://fcm.googleapis.com:8443/x']);
    await assert.rejects(pushSubscriptionsOf(env.db.dataSource, env.providers, mallory), (err) => err instanceof ApplicationFailure && err.type === NO_ADDRESS);
  });
});
