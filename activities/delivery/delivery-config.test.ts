import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from '../../api/config';

// Delivery settings live in api/config.ts; these scenarios sit with the code that uses them.

test('with no provider settings every channel uses the dev outbox, and pushes are copied there outside production', () => {
  const c = loadConfig({});
  assert.deepEqual(c.delivery.email, { provider: 'outbox' });
  assert.deepEqual(c.delivery.sms, { provider: 'outbox' });
  assert.equal(c.delivery.push.vapidKeys, null);
  assert.equal(c.delivery.push.copyToOutbox, true);
  assert.equal(c.twilioAuthToken, null);
});

test('docker-compose passes unset settings as empty strings: still the outbox, not an error', () => {
  const c = loadConfig({ SENDGRID_API_KEY: '', TWILIO_ACCOUNT_SID: '', TWILIO_AUTH_TOKEN: '', TWILIO_FROM_NUMBER: '', VAPID_PUBLIC_KEY: '', VAPID_PRIVATE_KEY: '' });
  assert.equal(c.delivery.email.provider, 'outbox');
  assert.equal(c.delivery.sms.provider, 'outbox');
});

test('a complete provider is used; TWILIO_AUTH_TOKEN alone only enables webhook checks', () => {
  const c = loadConfig({ SENDGRID_API_KEY: 'SG.k', SENDGRID_FROM: 'alerts@care.example', TWILIO_AUTH_TOKEN: 'tok' });
  assert.equal(c.delivery.email.provider, 'sendgrid');
  assert.equal(c.delivery.sms.provider, 'outbox');
  assert.equal(c.twilioAuthToken, 'tok');
  const full = loadConfig({ TWILIO_ACCOUNT_SID: 'AC1', TWILIO_AUTH_TOKEN: 'tok', TWILIO_FROM_NUMBER: '+15005550006' });
  assert.equal(full.delivery.sms.provider, 'twilio');
});

test('half a provider is refused at start-up, naming what is missing', () => {
  assert.throws(() => loadConfig({ SENDGRID_API_KEY: 'SG.k' }), (e: Error) => e instanceof ConfigError && /SENDGRID_FROM/.test(e.message));
  assert.throws(() => loadConfig({ TWILIO_ACCOUNT_SID: 'AC1', TWILIO_FROM_NUMBER: '+1500' }), /TWILIO_AUTH_TOKEN/);
  assert.throws(() => loadConfig({ VAPID_PUBLIC_KEY: 'abc' }), /VAPID_PRIVATE_KEY/);
  assert.throws(() => loadConfig({ SENDGRID_API_KEY: 'SG.k', SENDGRID_FROM: 'not an email' }), /SENDGRID_FROM/);
});

test('production does not copy pushes into the outbox; the VAPID subject defaults to the https app URL', () => {
  const c = loadConfig({
    NODE_ENV: 'production', DATABASE_URL: 'postgres://x@db/c', TEMPORAL_ADDRESS: 't:7233', APP_BASE_URL: 'https://care.example',
    PAYLOAD_KEYS: `k1:${Buffer.alloc(32).toString('base64')}`,
  });
  assert.equal(c.delivery.push.copyToOutbox, false);
  assert.equal(c.delivery.push.subject, 'https://care.example');
});
