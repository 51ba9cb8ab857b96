import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { isAlive } from './pid-file';
import { watchTestFiles } from './test-watchdog';

/**
 * Issue 8 item 24: a test file that hangs (here: in a hook, with a process of its own
 * running, as the medication test did behind a lost activity) must fail the run by name,
 * and take what it started down with it, instead of keeping the suite waiting for ever.
 */
function hangingFiles(names: string[]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carecircle-hang-'));
  const files = names.map((name) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, `
import { spawn } from 'node:child_process';
import { before, test } from 'node:test';
before(() => new Promise(() => {
  const helper = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  console.log('helper pid ' + helper.pid);
}));
test('never reached', () => {});
`);
    return file;
  });
  // Without NODE_TEST_CONTEXT: that would make this runner report to ours instead of running its files.
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  const runner = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  runner.stdout.on('data', (c: Buffer) => (output += c.toString()));
  runner.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => runner.on('close', (code) => resolve(code)));
  return { dir, files, runner, exited, output: () => output };
}

describe('the test watchdog', () => {
  test('a file still running past its limit is killed with what it started, named, and the run fails', { timeout: 30_000 }, async () => {
    const hang = hangingFiles(['hangs-in-a-hook.test.ts']);
    const lines: string[] = [];
    // Long enough for the file to load through tsx and start its helper: beside two suites that took over 2 s.
    const watchdog = watchTestFiles({ runnerPids: () => [hang.runner.pid!], fileTimeoutMs: 8_000, runTimeoutMs: 60_000, log: (l) => lines.push(l), pollMs: 200 });
    try {
      assert.equal(await hang.exited, 1);
      assert.deepEqual(watchdog.killed, hang.files);
      assert.match(lines.join('\n'), /TIMEOUT: .*hangs-in-a-hook\.test\.ts still running after 8 s; killing it and the \d+ process\(es\) it started/);
      assert.match(hang.output(), /✖ .*hangs-in-a-hook\.test\.ts/);
      const helper = Number(/helper pid (\d+)/.exec(hang.output())?.[1]);
      assert.ok(helper > 0);
      assert.equal(isAlive(helper), false, 'the process the hung file started is gone too');
    } finally {
      watchdog.stop();
      fs.rmSync(hang.dir, { recursive: true, force: true });
    }
  });

  test('a file built to JavaScript is watched too, and named by the TypeScript file it came from', { timeout: 30_000 }, async () => {
    const hang = hangingFiles(['hangs-built.test.mjs']);
    const lines: string[] = [];
    const fileName = (file: string) => `${path.basename(file, '.mjs')}.ts`;
    const watchdog = watchTestFiles({ runnerPids: () => [hang.runner.pid!], fileTimeoutMs: 2_000, runTimeoutMs: 60_000, log: (l) => lines.push(l), pollMs: 200, fileName });
    try {
      assert.equal(await hang.exited, 1);
      assert.deepEqual(watchdog.killed, ['hangs-built.test.ts']);
      assert.match(lines.join('\n'), /TIMEOUT: hangs-built\.test\.ts still running after 2 s/);
    } finally {
      watchdog.stop();
      fs.rmSync(hang.dir, { recursive: true, force: true });
    }
  });

  test('a file given a limit of its own (the type check and lint) outlives the others\' limit, and is killed at its own', { timeout: 30_000 }, async () => {
    const hang = hangingFiles(['usual.test.ts', 'slow-checks.test.ts']);
    const lines: string[] = [];
    const killedAt: Record<string, number> = {};
    const watchdog = watchTestFiles({
      runnerPids: () => [hang.runner.pid!],
      fileTimeoutMs: 1_500,
      fileTimeoutsByName: { 'slow-checks.test.ts': 5_000 },
      runTimeoutMs: 60_000,
      log: (l) => {
        lines.push(l);
        for (const name of ['usual', 'slow-checks']) if (l.includes(`${name}.test.ts still running`)) killedAt[name] = Date.now();
      },
      pollMs: 200,
    });
    try {
      await hang.exited;
      assert.deepEqual(watchdog.killed.map((f) => path.basename(f)), ['usual.test.ts', 'slow-checks.test.ts']);
      assert.match(lines.join('\n'), /usual\.test\.ts still running after 2 s/);
      assert.match(lines.join('\n'), /slow-checks\.test\.ts still running after 5 s/);
      // Both started together (the runner starts two files at once): the checks outlived the usual limit by seconds.
      const gap = killedAt['slow-checks']! - killedAt['usual']!;
      assert.ok(gap >= 2_000, `the checks were allowed their own limit: killed ${gap} ms after the usual file`);
    } finally {
      watchdog.stop();
      fs.rmSync(hang.dir, { recursive: true, force: true });
    }
  });

  test('the whole run past its limit → every file still running is named and killed, then the runner', { timeout: 30_000 }, async () => {
    const hang = hangingFiles(['first.test.ts', 'second.test.ts']);
    const lines: string[] = [];
    const watchdog = watchTestFiles({ runnerPids: () => [hang.runner.pid!], fileTimeoutMs: 60_000, runTimeoutMs: 3_000, log: (l) => lines.push(l), pollMs: 200 });
    try {
      await hang.exited;
      assert.deepEqual([...watchdog.killed].sort(), [...hang.files].sort());
      assert.match(lines.join('\n'), /TIMEOUT: the test run took over 3 s\. Still running: .*(first|second)\.test\.ts, .*(first|second)\.test\.ts\. Killing them\./);
    } finally {
      watchdog.stop();
      fs.rmSync(hang.dir, { recursive: true, force: true });
    }
  });
});
