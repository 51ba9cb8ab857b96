import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { isAlive, pidFile, readPids, type StackPids } from '../../scripts/pid-file';
import { freePort } from '../support/ports';
import { isPortFree, startSupervisor, type StackPorts, type WatchedProcess } from './start-process';

const READY = /CareCircle is ready/;
// A cold start on a loaded 2-core machine: PostgreSQL initdb, the Temporal binary, the worker's bundle.
const START_MS = 90_000;

/**
 * Issue 8 item 3, for real: the embedded stack of `npm start` (PostgreSQL, the Temporal dev
 * server, the API and the worker) on free ports with its own data folder. A killed API comes
 * back by itself; a supervisor killed with SIGKILL leaves no process and no busy port behind,
 * and the next start finds the data where it was.
 */
describe('npm start supervises its processes and never leaves orphans', { timeout: 240_000 }, () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'carecircle-start-'));
  let ports: StackPorts;
  let portNumbers: number[];
  let first: WatchedProcess;
  let second: WatchedProcess | undefined;
  const pgUrl = () => `postgres://carecircle:carecircle-local@127.0.0.1:${ports.EMBEDDED_PG_PORT}/carecircle`;

  before(async () => {
    fs.chmodSync(dataDir, 0o777); // as root, PostgreSQL runs as its own user and must write here
    portNumbers = [];
    for (let i = 0; i < 7; i++) portNumbers.push(await freePort());
    const [app, pgPort, grpc, ui, metrics, workerMetrics, sdkMetrics] = portNumbers.map(String) as [string, string, string, string, string, string, string];
    ports = {
      PORT: app,
      EMBEDDED_PG_PORT: pgPort,
      TEMPORAL_GRPC_PORT: grpc,
      TEMPORAL_UI_PORT: ui,
      METRICS_PORT: metrics,
      WORKER_METRICS_PORT: workerMetrics,
      TEMPORAL_METRICS_PORT: sdkMetrics,
    };
    first = startSupervisor(ports, dataDir);
    await first.seen(READY, START_MS);
  });

  after(async () => {
    for (const run of [first, second]) {
      if (run && run.child.exitCode === null && run.child.signalCode === null) {
        run.child.kill('SIGTERM');
        await run.exited;
      }
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('payloads are encrypted with a key made in data/, and Temporal UI is pointed at the codec server behind the ops token', { timeout: 30_000 }, async () => {
    for (const name of ['payload-keys', 'ops-token']) {
      assert.equal(fs.statSync(path.join(dataDir, name)).mode & 0o777, 0o600, `${name} is readable by others`);
    }
    const token = fs.readFileSync(path.join(dataDir, 'ops-token'), 'utf8').trim();
    await first.seen(/ops\/sign-in/, 5_000);
    await first.seen(/codec server settings/, 5_000);
    assert.ok(!first.lines.some((line) => line.includes(token)), 'npm start printed the ops token itself');
    const settings = (await (await fetch(`http://127.0.0.1:${ports.TEMPORAL_UI_PORT}/api/v1/settings`)).json()) as { Codec: { Endpoint: string } };
    assert.equal(settings.Codec.Endpoint, `http://localhost:${ports.PORT}/ops/codec`);
    const decode = (headers: Record<string, string>) =>
      fetch(`http://127.0.0.1:${ports.PORT}/ops/codec/decode`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"payloads":[]}' });
    assert.equal((await decode({})).status, 401);
    assert.equal((await decode({ authorization: `Bearer ${token}` })).status, 200);
  });

  test('the API process is SIGKILLed → the supervisor restarts it and /health answers again', { timeout: 30_000 }, async () => {
    const killed = readPids(pidFile(dataDir)).api;
    assert.ok(killed, 'the pid file names the API process');
    const back = first.next(/API listening on/, 25_000);
    process.kill(killed, 'SIGKILL');
    await first.next(/\[api\] exited \(SIGKILL\); restarting/, 10_000);
    await back;
    const health = await fetch(`http://127.0.0.1:${ports.PORT}/health`);
    assert.equal(health.status, 200);
    // The restarted API serves its metrics again, on their own port.
    assert.match(await (await fetch(`http://127.0.0.1:${ports.METRICS_PORT}/metrics`)).text(), /carecircle_http_request_duration_seconds/);
    const restarted = readPids(pidFile(dataDir)).api;
    assert.ok(restarted && restarted !== killed && isAlive(restarted));
  });

  test('PostgreSQL, then the Temporal server, is SIGKILLed → each is started again in place and the API reaches it', { timeout: 60_000 }, async () => {
    for (const [part, check] of [['postgres', 'database'], ['temporal', 'temporal']] as const) {
      const killed = readPids(pidFile(dataDir))[part];
      assert.ok(killed, `the pid file names ${part}`);
      const restarted = first.next(new RegExp(`\\[${part}\\] restarted`), 40_000);
      process.kill(killed, 'SIGKILL');
      await restarted;
      const ready = (await (await fetch(`http://127.0.0.1:${ports.PORT}/ready`)).json()) as { checks: Record<string, { ok: boolean }> };
      assert.equal(ready.checks[check]?.ok, true, JSON.stringify(ready));
      assert.notEqual(readPids(pidFile(dataDir))[part], killed);
    }
  });

  test('the supervisor is SIGKILLed → every process of the stack stops and the ports are free', { timeout: 30_000 }, async () => {
    // Something to find again after the next start.
    const client = new pg.Client({ connectionString: pgUrl() });
    await client.connect();
    await client.query('CREATE TABLE supervisor_probe (note text)');
    await client.query('INSERT INTO supervisor_probe VALUES ($1)', ['still here']);
    await client.end();

    const pids: StackPids = readPids(pidFile(dataDir));
    for (const part of ['supervisor', 'reaper', 'postgres', 'temporal', 'api', 'worker'] as const) assert.ok(pids[part], `the pid file names ${part}`);
    const reaped = first.next(/\[reaper\] stopped/, 25_000);
    process.kill(pids.supervisor!, 'SIGKILL');
    await reaped;
    // Closed once the supervisor and the reaper (which inherited its stderr) have both exited.
    await first.closed;

    const survivors = Object.entries(pids).filter(([, pid]) => isAlive(pid));
    assert.deepEqual(survivors, [], 'no process of the killed stack is left');
    for (const port of portNumbers) assert.ok(await isPortFree(port), `port ${port} is free`);
  });

  test('the next start works on the same ports and keeps the data; SIGTERM stops everything cleanly', { timeout: START_MS + 30_000 }, async () => {
    second = startSupervisor(ports, dataDir);
    await second.seen(READY, START_MS);
    const health = await fetch(`http://127.0.0.1:${ports.PORT}/health`);
    assert.equal(health.status, 200);
    const client = new pg.Client({ connectionString: pgUrl() });
    await client.connect();
    const { rows } = await client.query<{ note: string }>('SELECT note FROM supervisor_probe');
    await client.end();
    assert.deepEqual(rows, [{ note: 'still here' }]);

    const pids = readPids(pidFile(dataDir));
    second.child.kill('SIGTERM');
    assert.deepEqual(await second.exited, { code: 0, signal: null });
    assert.deepEqual(Object.entries(pids).filter(([, pid]) => isAlive(pid)), [], 'nothing outlives a clean stop');
    assert.equal(fs.existsSync(pidFile(dataDir)), false, 'a clean stop removes the pid file');
  });
});
