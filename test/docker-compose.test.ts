import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { loadConfig } from '../api/config';

/**
 * No Docker engine runs here, so the production compose file is checked statically: the
 * shape the architecture asks for, health checks everywhere, and an environment that the
 * app's own config validation accepts in production mode.
 */
const ROOT = path.resolve(import.meta.dirname, '..');
const compose = parse(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, any>;
};

function resolveEnv(env: Record<string, string>): Record<string, string> {
  // ${VAR:?msg} and ${VAR:-default} as a user would fill them in.
  const filled: Record<string, string> = {
    POSTGRES_PASSWORD: 'pw',
    APP_BASE_URL: 'https://care.example',
    PAYLOAD_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
    OPS_TOKEN: 'o'.repeat(48),
  };
  return Object.fromEntries(
    Object.entries(env).map(([k, v]) => [k, String(v).replace(/\$\{(\w+)(?::([?-])([^}]*))?\}/g, (_, name: string, op?: string, fallback?: string) => filled[name] ?? (op === '-' ? fallback! : ''))]),
  );
}

describe('docker-compose.yml', () => {
  test('has PostgreSQL, Temporal on PostgreSQL, Temporal UI, the API and the worker as separate services', () => {
    assert.deepEqual(Object.keys(compose.services).sort(), ['api', 'postgres', 'temporal', 'temporal-ui', 'worker']);
    assert.equal(compose.services.temporal.environment.DB, 'postgres12');
    assert.equal(compose.services.temporal.environment.POSTGRES_SEEDS, 'postgres');
    assert.match(compose.services.api.command.join(' '), /api\/main\.ts/);
    assert.match(compose.services.worker.command.join(' '), /temporal\/worker-main\.ts/);
  });

  test('every service has a health check and waits for what it needs to be healthy', () => {
    for (const [name, svc] of Object.entries(compose.services)) assert.ok(svc.healthcheck?.test, `${name} has no healthcheck`);
    for (const name of ['api', 'worker']) {
      assert.equal(compose.services[name].depends_on.postgres.condition, 'service_healthy');
      assert.equal(compose.services[name].depends_on.temporal.condition, 'service_healthy');
    }
    assert.match(compose.services.api.healthcheck.test.join(' '), /\/ready/);
  });

  test('images are pinned and published ports bind to loopback only', () => {
    for (const [name, svc] of Object.entries(compose.services)) {
      if (svc.image && !svc.build) assert.match(svc.image, /:\d+\.\d+/, `${name} image is not pinned`);
      for (const port of svc.ports ?? []) assert.match(String(port), /^127\.0\.0\.1:/, `${name} publishes ${port} beyond loopback`);
    }
  });

  test('the API and worker environment passes the production config validation', () => {
    for (const name of ['api', 'worker']) {
      const config = loadConfig(resolveEnv(compose.services[name].environment));
      assert.equal(config.production, true);
      assert.equal(config.database.mode, 'external');
      assert.equal(config.temporal.mode, 'external');
    }
  });

  test('Temporal UI decodes through the API codec server, which allows only the UI origin and requires keys and an ops token', () => {
    const ui = resolveEnv(compose.services['temporal-ui'].environment);
    assert.equal(ui.TEMPORAL_CODEC_ENDPOINT, 'https://care.example/ops/codec');
    assert.equal(ui.TEMPORAL_CODEC_INCLUDE_CREDENTIALS, 'true');
    const api = loadConfig(resolveEnv(compose.services.api.environment));
    assert.deepEqual(api.ops.codecCorsOrigins, [ui.TEMPORAL_CORS_ORIGINS]);
    assert.equal(api.ops.token, 'o'.repeat(48));
    for (const name of ['api', 'worker']) {
      assert.match(String(compose.services[name].environment.PAYLOAD_KEYS), /:\?/, `${name} must refuse to start without PAYLOAD_KEYS`);
    }
    assert.equal(compose.services.worker.environment.OPS_TOKEN, undefined, 'the worker does not need the ops credential');
  });

  test('the image it builds exists in the repository', () => {
    const dockerfile = compose.services.api.build.dockerfile as string;
    assert.ok(fs.existsSync(path.join(ROOT, dockerfile)), dockerfile);
    assert.equal(compose.services.api.build.dockerfile, compose.services.worker.build.dockerfile);
  });
});
