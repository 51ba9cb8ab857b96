import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { AlreadyRunningError, isAlive, pidFile, stopLeftovers, writePids } from '../../scripts/pid-file';
import { ChildStartError, superviseChild } from '../../scripts/supervised-child';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const FIXTURE = 'test/supervisor/fixtures/serves-then-dies.ts';
const fastPolicy = { firstDelayMs: 100, maxDelayMs: 400, maxDeaths: 2, windowMs: 60_000 };

describe('a supervised child process', () => {
  test('dies after it served → restarted with backoff; dies a third time within the window → given up with a clear reason', { timeout: 30_000 }, async () => {
    const spawned: number[] = [];
    const lines: string[] = [];
    const gaveUp = new Promise<string>((resolve) => {
      const child = superviseChild({
        name: 'api', entry: FIXTURE, env: { ...process.env, FIXTURE_LIFETIME_MS: '0' }, readyLine: 'fixture ready',
        log: (l) => lines.push(l), onSpawn: (pid) => spawned.push(pid), onGiveUp: resolve, policy: fastPolicy,
      });
      void child.ready;
    });
    const reason = await gaveUp;
    assert.equal(spawned.length, 3, 'first start and two restarts');
    assert.equal(new Set(spawned).size, 3);
    assert.match(reason, /The api process keeps dying \(3 times in 60 s, last: code 3\)/);
    assert.deepEqual(lines.filter((l) => l.includes('restarting')), [
      '[api] exited (code 3); restarting in 0.1 s',
      '[api] exited (code 3); restarting in 0.2 s',
    ]);
  });

  test('dies before it is ready → start-up fails at once (a bad configuration must not loop)', { timeout: 20_000 }, async () => {
    const spawned: number[] = [];
    let gaveUp = '';
    const child = superviseChild({
      name: 'worker', entry: FIXTURE, env: process.env, readyLine: 'a line it never prints',
      log: () => {}, onSpawn: (pid) => spawned.push(pid), onGiveUp: (r) => (gaveUp = r), policy: fastPolicy,
    });
    await assert.rejects(child.ready, (err: Error) => err instanceof ChildStartError && /worker process exited during start-up \(code 3\)/.test(err.message) && /fixture ready/.test(err.message));
    assert.equal(spawned.length, 1);
    assert.match(gaveUp, /exited during start-up/);
  });

  test('never prints its ready line → start-up fails after the start timeout, naming the line it waited for', { timeout: 20_000 }, async () => {
    let gaveUp = '';
    const child = superviseChild({
      name: 'worker', entry: FIXTURE, env: { ...process.env, FIXTURE_LIFETIME_MS: '60000' }, readyLine: 'worker ready',
      log: () => {}, onGiveUp: (r) => (gaveUp = r), policy: fastPolicy, startTimeoutMs: 1_500,
    });
    await assert.rejects(child.ready, (err: Error) => err instanceof ChildStartError && /did not print "worker ready" within 1.5 s/.test(err.message));
    assert.match(gaveUp, /did not print/);
    await child.stop();
  });

  test('stop() ends a serving child and no restart follows', { timeout: 20_000 }, async () => {
    const spawned: number[] = [];
    const child = superviseChild({
      name: 'api', entry: FIXTURE, env: { ...process.env, FIXTURE_LIFETIME_MS: '60000' }, readyLine: 'fixture ready',
      log: () => {}, onSpawn: (pid) => spawned.push(pid), onGiveUp: () => assert.fail('not given up'), policy: fastPolicy,
    });
    await child.ready;
    await child.stop();
    assert.equal(spawned.length, 1);
    assert.equal(isAlive(spawned[0]!), false);
  });
});

describe('a child of npm start whose supervisor is gone', () => {
  test('its stdin pipe closes (as when the supervisor is SIGKILLed) → it stops itself with SIGTERM', { timeout: 20_000 }, async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--import', path.join(ROOT, 'scripts', 'exit-with-parent.mjs'), path.join(ROOT, FIXTURE)], {
      env: { ...process.env, FIXTURE_LIFETIME_MS: '60000' },
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    await new Promise((resolve) => child.stdout.once('data', resolve)); // it serves
    child.stdin.end();
    assert.equal(await exited, 'SIGTERM');
  });
});

describe('leftovers of a previous npm start', () => {
  const idle = (mark: string) =>
    spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', mark], { stdio: 'ignore' });

  test('a recorded worker whose supervisor is gone is stopped before the next start', { timeout: 20_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carecircle-pids-'));
    const worker = idle('temporal/worker-main.ts');
    const stranger = idle('not-ours.js');
    try {
      // A dead supervisor, our worker, and a pid now used by someone else under the "api" label.
      writePids(pidFile(dir), { supervisor: 2 ** 22 + 1, worker: worker.pid!, api: stranger.pid! });
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      await stopLeftovers(pidFile(dir), () => {});
      await exited;
      assert.equal(isAlive(stranger.pid!), true, 'a process that is not ours is left alone');
      assert.equal(fs.existsSync(pidFile(dir)), false);
    } finally {
      worker.kill('SIGKILL');
      stranger.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a recorded supervisor that is still running is refused, not killed', { timeout: 20_000 }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carecircle-pids-'));
    const supervisor = idle('scripts/start.mjs');
    try {
      writePids(pidFile(dir), { supervisor: supervisor.pid! });
      await assert.rejects(stopLeftovers(pidFile(dir), () => {}), (err: Error) => err instanceof AlreadyRunningError && err.message.includes(`pid ${supervisor.pid}`));
      assert.equal(isAlive(supervisor.pid!), true);
    } finally {
      supervisor.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
