import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';

const ROOT = path.resolve(import.meta.dirname, '..');

/**
 * `npm run bench -- --quick` as a smoke test: the command runs end to end on its own
 * throwaway stack and every section prints figures. It never asserts a speed (the
 * machine is shared); it does assert what must hold at any speed: every dose reminded, and
 * no reminder sent twice.
 */
test('the quick bench prints every section and reminds no dose twice', { timeout: 12 * 60_000 }, async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 0, out);

  const lines = (tag: string) => out.split('\n').filter((l) => l.startsWith(`[${tag}] `));
  const figures = /p50=\d+ ms p99=\d+ ms max=\d+ ms/;
  for (const tag of ['T1', 'T2', 'T3', 'T5', 'T6', 'baseline']) {
    assert.ok(lines(tag).some((l) => figures.test(l)), `no figures from ${tag}:\n${out}`);
  }
  assert.ok(lines('T4').some((l) => /worker RSS \d+ MiB/.test(l)) && lines('T4').some((l) => /\d+ bytes per open schedule/.test(l)), out);
  assert.equal(lines('ratio').length, 2, out);
  assert.ok(lines('ratio').every((l) => /p99 \d+\.\d+/.test(l)), out);
  // Exactly once, whatever the speed: every "reminded twice" count the run printed is 0.
  const twice = [...out.matchAll(/reminded twice: (\d+)(?: \(attempts\), (\d+) \(outbox\))?/g)];
  assert.ok(twice.length >= 3, out);
  for (const m of twice) assert.deepEqual([m[1], m[2] ?? '0'], ['0', '0'], m[0]);
  assert.match(lines('done').join(''), /whole run/);
  // Every dose reminded, none twice: a delivery flaw would have made the exit code 1 above.
  assert.match(lines('verdict').join(''), /^\[verdict\] valid/);
});
