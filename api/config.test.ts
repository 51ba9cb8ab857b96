import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config';

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
  const env = { NODE_ENV: 'production', DATABASE_URL: 'postgres://x@db/c', TEMPORAL_ADDRESS: 't:7233', APP_BASE_URL: 'https://c.example' } as const;
  assert.equal(loadConfig(env).sessions.secureCookie, true);
  assert.equal(loadConfig({ ...env, COOKIE_SECURE: 'false' }).sessions.secureCookie, false);
});
