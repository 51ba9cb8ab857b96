import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { loadConfig } from '../api/config';
import { apiRegistry } from '../api/metrics/api-metrics';
import { workerRegistry } from '../activities/metrics/registry';
import '../activities/metrics/escalations'; // registers the open-escalations gauge
import { TEMPORAL_SDK_METRICS } from '../temporal/worker-telemetry';

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
  test('has PostgreSQL, Temporal on PostgreSQL, Temporal UI, the API, the worker, Prometheus and Grafana as separate services', () => {
    assert.deepEqual(Object.keys(compose.services).sort(), ['api', 'grafana', 'postgres', 'prometheus', 'temporal', 'temporal-ui', 'worker']);
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
      if (svc.image && !svc.build) assert.match(svc.image, /:v?\d+\.\d+/, `${name} image is not pinned`);
      for (const port of svc.ports ?? []) assert.match(String(port), /^127\.0\.0\.1:/, `${name} publishes ${port} beyond loopback`);
    }
  });

  test('the API scales beyond one replica: its published port is a range, one host port per replica', () => {
    const [published] = (compose.services.api.ports as string[]).map(String);
    const [, from, to] = /^127\.0\.0\.1:(\d+)-(\d+):3000$/.exec(published ?? '') ?? [];
    assert.ok(from && to && Number(to) > Number(from), `api publishes ${published}: a fixed host port refuses a second replica`);
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

  test('the API trusts the forwarded headers of the TLS proxy in front of it', () => {
    const config = loadConfig(resolveEnv(compose.services.api.environment));
    assert.deepEqual(config.proxy, { trusted: true, hops: 1 });
  });

  test('the image it builds exists in the repository', () => {
    const dockerfile = compose.services.api.build.dockerfile as string;
    assert.ok(fs.existsSync(path.join(ROOT, dockerfile)), dockerfile);
    assert.equal(compose.services.api.build.dockerfile, compose.services.worker.build.dockerfile);
  });

  test('Prometheus scrapes every API and worker replica on the metrics ports the app listens on, which are never published', () => {
    const prometheus = parse(read(mountedFile('prometheus', '/etc/prometheus/prometheus.yml'))) as { scrape_configs: any[] };
    const targets = prometheus.scrape_configs.flatMap((job) => job.dns_sd_configs.flatMap((sd: any) => sd.names.map((n: string) => `${n}:${sd.port}`)));
    const ports = (name: string) => loadConfig(resolveEnv(compose.services[name].environment)).metrics;
    const { apiPort, workerPort, temporalPort } = ports('worker');
    assert.deepEqual(targets.sort(), [`api:${ports('api').apiPort}`, `worker:${temporalPort}`, `worker:${workerPort}`].sort());
    for (const name of ['api', 'worker']) {
      assert.equal(ports(name).host, '0.0.0.0', `${name} metrics must be reachable on the compose network`);
      const published = (compose.services[name].ports ?? []).map(String).join(' ');
      for (const port of [apiPort, workerPort, temporalPort]) assert.doesNotMatch(published, new RegExp(`:${port}\\b`), `${name} publishes metrics port ${port}`);
    }
  });

  test('Grafana is provisioned with the Prometheus data source and the dashboard, whose panels draw only metrics the code exports', async () => {
    const grafana = compose.services.grafana;
    assert.match(grafana.environment.GF_SECURITY_ADMIN_PASSWORD, /:\?/, 'the admin password must be set, not defaulted');
    const datasources = parse(read(mountedFile('grafana', '/etc/grafana/provisioning', 'datasources/prometheus.yml'))) as { datasources: any[] };
    const provider = parse(read(mountedFile('grafana', '/etc/grafana/provisioning', 'dashboards/carecircle.yml'))) as { providers: any[] };
    const dashboardDir = provider.providers[0].options.path as string;
    const dashboard = JSON.parse(read(mountedFile('grafana', dashboardDir, 'carecircle.json'))) as { panels: any[] };
    assert.equal(datasources.datasources[0].url, 'http://prometheus:9090');

    const registered = new Set([
      ...(await apiRegistry.getMetricsAsJSON()).map((m) => m.name),
      ...(await workerRegistry.getMetricsAsJSON()).map((m) => m.name),
      ...TEMPORAL_SDK_METRICS,
    ]);
    const drawn = dashboard.panels.filter((p) => p.type !== 'row');
    assert.ok(drawn.length >= 10);
    for (const panel of drawn) {
      assert.ok(panel.targets.length > 0, `${panel.title} draws nothing`);
      for (const target of panel.targets) {
        assert.equal(target.datasource.uid, datasources.datasources[0].uid, `${panel.title} uses another data source`);
        const names = [...(target.expr as string).matchAll(/\b(?:carecircle|temporal)_\w+/g)].map((m) => m[0].replace(/_(bucket|count|sum)$/, ''));
        assert.ok(names.length > 0, `${panel.title}: ${target.expr}`);
        for (const name of names) assert.ok(registered.has(name), `${panel.title} draws ${name}, which nothing exports`);
      }
    }
    // Every metric we export is on the dashboard (the process_* and nodejs_* defaults aside).
    const onDashboard = JSON.stringify(dashboard);
    const ours = [...registered].filter((n) => n.startsWith('carecircle_'));
    assert.deepEqual(ours.filter((n) => !onDashboard.includes(n)), []);
  });
});

/** The repository file a service mounts at `target` (or a file under a mounted folder). */
function mountedFile(service: string, target: string, under = ''): string {
  for (const volume of compose.services[service].volumes as string[]) {
    const [source, mountPoint] = volume.split(':') as [string, string];
    if (source.startsWith('./') && mountPoint === target) return path.join(ROOT, source, under);
  }
  throw new Error(`${service} mounts nothing from the repository at ${target}`);
}

function read(file: string): string {
  return fs.readFileSync(file, 'utf8');
}
