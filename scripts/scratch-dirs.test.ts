import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { describeSweep, makeScratchDir, sweepScratchDirs } from './scratch-dirs';

const ROOT = path.resolve(import.meta.dirname, '..');
const MODULE = path.join(ROOT, 'scripts', 'scratch-dirs.ts');
const DAY_MS = 24 * 3_600_000;

/** A folder made by another process, which has exited since. */
function madeByAnExitedRun(base: string, prefix: string): string {
  const code = `import(${JSON.stringify(MODULE)}).then((m) => console.log(m.makeScratchDir(${JSON.stringify(prefix)}, { base: ${JSON.stringify(base)} })))`;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '-e', code], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.trim();
}

describe('folders that killed runs leave behind', () => {
  let base: string;
  before(() => void (base = fs.mkdtempSync(path.join(os.tmpdir(), 'carecircle-sweep-'))));
  after(() => fs.rmSync(base, { recursive: true, force: true }));

  test('a folder whose run has exited is removed with what is in it; a live run\'s folder is kept, and so are other names', { timeout: 20_000 }, () => {
    const left = madeByAnExitedRun(base, 'carecircle-test-');
    fs.mkdirSync(path.join(left, 'pg', 'base'), { recursive: true });
    fs.writeFileSync(path.join(left, 'pg', 'base', 'table'), Buffer.alloc(2 * 1_048_576));
    const mine = makeScratchDir('carecircle-test-', { base });
    const other = makeScratchDir('carecircle-bench-', { base });
    fs.rmSync(path.join(other, '.owner'));

    const sweep = sweepScratchDirs('carecircle-test-', { base });
    assert.deepEqual(sweep.removed.map((r) => r.dir), [left]);
    assert.ok(sweep.removed[0]!.bytes >= 2 * 1_048_576, `bytes counted: ${sweep.removed[0]!.bytes}`);
    assert.equal(fs.existsSync(left), false);
    assert.equal(fs.existsSync(mine), true);
    assert.equal(fs.existsSync(other), true, 'another prefix is not looked at');
    assert.match(describeSweep(sweep)!, /^removed 1 folder\(s\) that killed runs left behind \(2 MB\): carecircle-test-/);
    assert.equal(describeSweep(sweepScratchDirs('carecircle-test-', { base })), undefined, 'nothing left to say');
  });

  test('a mark naming this pid but another start time is a reused pid: that run is gone', { timeout: 10_000 }, () => {
    const dir = makeScratchDir('carecircle-reused-', { base });
    fs.writeFileSync(path.join(dir, '.owner'), `${process.pid} 1\n`);
    assert.deepEqual(sweepScratchDirs('carecircle-reused-', { base }).removed.map((r) => r.dir), [dir]);
  });

  test('an unmarked folder (made before folders were marked) is removed only once a day old', { timeout: 10_000 }, () => {
    const dir = fs.mkdtempSync(path.join(base, 'carecircle-old-'));
    assert.deepEqual(sweepScratchDirs('carecircle-old-', { base }).removed, []);
    assert.deepEqual(sweepScratchDirs('carecircle-old-', { base, now: Date.now() + DAY_MS + 60_000 }).removed.map((r) => r.dir), [dir]);
  });

  test('a gone run\'s folder that a live process still names (an orphaned server) is kept and reported', { timeout: 20_000 }, async () => {
    const dir = madeByAnExitedRun(base, 'carecircle-orphan-');
    const orphan = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)', '--', `--data=${path.join(dir, 'pg')}`], { stdio: 'ignore' });
    try {
      await new Promise((resolve) => orphan.once('spawn', resolve));
      const sweep = sweepScratchDirs('carecircle-orphan-', { base });
      assert.deepEqual(sweep, { removed: [], inUse: [{ dir, pids: [orphan.pid] }] });
      assert.equal(describeSweep(sweep), `kept ${dir}: its run is gone, but pid ${orphan.pid} still uses it`);
    } finally {
      orphan.kill('SIGKILL');
      await new Promise((resolve) => orphan.once('exit', resolve));
    }
    assert.deepEqual(sweepScratchDirs('carecircle-orphan-', { base }).removed.map((r) => r.dir), [dir]);
  });
});
