import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig, requirePayloadKeys } from './config';

const KEY = Buffer.alloc(32, 1).toString('base64');
const PRODUCTION = { NODE_ENV: 'production', DATABASE_URL: 'postgres://x@db/c', TEMPORAL_ADDRESS: 't:7233', APP_BASE_URL: 'https://c.example', PAYLOAD_KEYS: `k1:${KEY}` };

test('with nothing set, everything is embedded on the documented default ports', () => {
  const c = loadConfig({});
  assert.equal(c.port, 3000);
  assert.equal(c.database.mode, 'embedded');
  assert.equal(c.temporal.mode, 'embedded');
  assert.equal(c.temporal.address, '127.0.0.1:7233');
  assert.equal(c.temporal.uiPort, 8233);
  assert.equal(c.host, '127.0.0.1');
  assert.deepEqual(c.metrics, { host: '127.0.0.1', apiPort: 9464, workerPort: 9465, temporalPort: 9466 });
});

test('metrics stay on loopback unless told otherwise; under test they take free ports so parallel workers never collide', () => {
  assert.deepEqual(loadConfig({ NODE_ENV: 'test' }).metrics, { host: '127.0.0.1', apiPort: 0, workerPort: 0, temporalPort: 0 });
  assert.equal(loadConfig({ NODE_ENV: 'test', WORKER_METRICS_PORT: '9999' }).metrics.workerPort, 9999);
  assert.throws(() => loadConfig({ METRICS_PORT: '70000' }), /METRICS_PORT/);
});

test('production names every missing external setting in one message', () => {
  assert.throws(() => loadConfig({ NODE_ENV: 'production' }), (e: Error) => {
    assert.ok(e instanceof ConfigError);
    assert.match(e.message, /DATABASE_URL, TEMPORAL_ADDRESS, APP_BASE_URL/);
    return true;
  });
});

test('a malformed port is refused at start-up with the variable named', () => {
  assert.throws(() => loadConfig({ PORT: 'eighty' }), /PORT/);
  assert.throws(() => loadConfig({ TEMPORAL_UI_PORT: '70000' }), /TEMPORAL_UI_PORT/);
});

test('production cookies are Secure unless explicitly turned off', () => {
  const env = { ...PRODUCTION } as const;
  assert.equal(loadConfig(env).sessions.secureCookie, true);
  assert.equal(loadConfig({ ...env, COOKIE_SECURE: 'false' }).sessions.secureCookie, false);
});

test('production refuses to start without payload keys; a malformed key is named at start-up', () => {
  const { PAYLOAD_KEYS: _, ...withoutKeys } = PRODUCTION;
  assert.throws(() => loadConfig(withoutKeys), (e: Error) => e instanceof ConfigError && /PAYLOAD_KEYS/.test(e.message));
  assert.throws(() => loadConfig({ ...PRODUCTION, PAYLOAD_KEYS: 'k1:c2hvcnQ=' }), (e: Error) => e instanceof ConfigError && /"k1" must be 32 bytes/.test(e.message));
  assert.throws(() => loadConfig({ PAYLOAD_KEYS: `:${KEY}` }), /needs an id/);
  assert.equal(loadConfig({ ...PRODUCTION, PAYLOAD_KEYS: `k2:${KEY},k1:${KEY}` }).production, true);
  // The API and worker processes refuse to start without keys in any mode.
  assert.throws(() => requirePayloadKeys({}), (e: Error) => e instanceof ConfigError && /npm start/.test(e.message));
});

test('ops: a short OPS_TOKEN is refused; codec CORS defaults to the embedded Temporal UI only', () => {
  assert.throws(() => loadConfig({ OPS_TOKEN: 'short' }), /OPS_TOKEN must be at least 24/);
  const c = loadConfig({});
  assert.equal(c.ops.token, null);
  assert.deepEqual(c.ops.codecCorsOrigins, ['http://localhost:8233', 'http://127.0.0.1:8233']);
  assert.deepEqual(loadConfig({ CODEC_CORS_ORIGINS: 'https://ui.example.com' }).ops.codecCorsOrigins, ['https://ui.example.com']);
  assert.throws(() => loadConfig({ CODEC_CORS_ORIGINS: 'https://ui.example.com/path' }), /origin only/);
  assert.throws(() => loadConfig({ CODEC_CORS_ORIGINS: 'not a url' }), /not an origin/);
});

test("the shift late ladder is the workflow's own unless a test shortens it; never in production", { timeout: 5_000 }, () => {
  assert.equal(loadConfig({}).shifts.lateLadderMs, null);
  assert.deepEqual(loadConfig({ NODE_ENV: 'test', SHIFT_LATE_LADDER_SECONDS_FOR_TESTS: '20,40,900' }).shifts.lateLadderMs, { nudge: 20_000, page: 40_000, admins: 900_000 });
  assert.throws(() => loadConfig({ SHIFT_LATE_LADDER_SECONDS_FOR_TESTS: '20,40' }), /nudge,page,admins/);
  assert.throws(() => loadConfig({ ...PRODUCTION, SHIFT_LATE_LADDER_SECONDS_FOR_TESTS: '20,40,900' }), /tests only/);
});
