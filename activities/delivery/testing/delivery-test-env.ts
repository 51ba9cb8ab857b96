import https from 'node:https';
import pg from 'pg';
import { loadConfig, type Config } from '../../../api/config';
import type { DeliveryAttemptView } from '../../../api/contracts/escalations';
import { EVENTS_CHANNEL } from '../../../api/events/publisher';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database';
import { startFakePushService, startFakeSendGrid, startFakeTwilio, type FakeProvider } from './fake-provider';
import { TEST_TLS_CERT } from './test-tls';

export interface DeliveryTestEnv {
  db: TestDatabase;
  sendgrid: FakeProvider;
  twilio: FakeProvider;
  push: FakeProvider;
  /** SendGrid and Twilio pointed at the fakes; push always goes through web-push. */
  providers: Config;
  /** No credentials: email and SMS land in the dev outbox. */
  outboxOnly: Config;
  /** delivery.changed events announced to families, in order; clear it between tests. */
  events: { type: string; delivery: DeliveryAttemptView }[];
  /** NOTIFY arrives after commit; a round trip on the listener flushes what was already sent. */
  settle(): Promise<unknown>;
  close(): Promise<void>;
}

/** A fresh database, the three fake providers and a listener on family events, for one test file. */
export async function startDeliveryTestEnv(): Promise<DeliveryTestEnv> {
  // web-push speaks HTTPS only; trust the fake push service's self-signed certificate in this test process.
  https.globalAgent.options.ca = TEST_TLS_CERT;
  const db = await createTestDatabase();
  const [sendgrid, twilio, push] = await Promise.all([startFakeSendGrid(), startFakeTwilio(), startFakePushService()]);
  const events: DeliveryTestEnv['events'] = [];
  const listener = new pg.Client({ connectionString: db.url });
  await listener.connect();
  listener.on('notification', (n) => events.push(JSON.parse(n.payload!).event));
  await listener.query(`LISTEN ${EVENTS_CHANNEL}`);
  const configured = loadConfig({
    NODE_ENV: 'test',
    APP_BASE_URL: 'https://care.example.test',
    SENDGRID_API_KEY: 'SG.test',
    SENDGRID_FROM: 'alerts@carecircle.test',
    SENDGRID_API_BASE_URL: sendgrid.url,
    TWILIO_ACCOUNT_SID: `AC${'2'.repeat(32)}`,
    TWILIO_AUTH_TOKEN: 'token',
    TWILIO_FROM_NUMBER: '+15005550006',
    TWILIO_API_BASE_URL: twilio.url,
  });
  // The fake push service, and a port where nothing listens (an unreachable push service).
  const testServiceOrigins = [push.url, 'http://127.0.0.1:1'];
  const providers: Config = { ...configured, delivery: { ...configured.delivery, push: { ...configured.delivery.push, testServiceOrigins } } };
  const outboxOnly = loadConfig({ NODE_ENV: 'test', APP_BASE_URL: 'https://care.example.test' });
  return {
    db,
    sendgrid,
    twilio,
    push,
    providers,
    outboxOnly,
    events,
    settle: () => listener.query('SELECT 1'),
    async close() {
      await listener.end();
      await Promise.all([sendgrid.close(), twilio.close(), push.close()]);
      await db.drop();
    },
  };
}
