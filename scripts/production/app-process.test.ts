import assert from 'node:assert/strict';
import { test } from 'node:test';
import { until } from '../../test/support/worker-process';
import { startAppProcess } from './app-process';

const fixture = { entry: 'test/supervisor/fixtures/serves-then-dies.ts', readyLine: 'fixture ready', log: () => {} };

test('with restart on (npm run start:production), a killed process comes back as a new one and serves again', { timeout: 60_000 }, async () => {
  const p = await startAppProcess({ ...fixture, name: 'api-1', env: { ...process.env, FIXTURE_LIFETIME_MS: '60000' }, restart: true });
  try {
    const first = p.pid;
    p.kill('SIGKILL');
    const second = await until('a new process', async () => (p.pid !== first ? p.pid : undefined), 30_000);
    await until('the new process to be ready', async () => p.recent().some((l) => l.includes(`fixture ready (pid ${second})`)) || undefined, 30_000);
  } finally {
    await p.stop();
  }
  assert.ok((await p.exited).signal === 'SIGTERM', 'stop() ends the current process, and nothing restarts it');
});

test('a process that dies during start-up fails the start, naming its last lines', { timeout: 60_000 }, async () => {
  await assert.rejects(
    startAppProcess({ ...fixture, name: 'worker-1', env: { ...process.env, FIXTURE_LIFETIME_MS: '0' }, readyLine: 'never printed' }),
    /worker-1 exited \(code 3\) during start-up[\s\S]*fixture ready/,
  );
});
