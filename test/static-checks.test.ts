import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';

/** Type errors and the lint rules that protect determinism and promise handling fail the suite. */
const ROOT = path.resolve(import.meta.dirname, '..');
const run = (bin: string, args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'node_modules', bin), ...args], { cwd: ROOT, encoding: 'utf8' });

test('the whole project type-checks under strict TypeScript', () => {
  const r = run('typescript/bin/tsc', ['--noEmit', '-p', 'tsconfig.json']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

test('eslint: no floating promises, exhaustive switches, deterministic workflow code', () => {
  const r = run('eslint/bin/eslint.js', ['.', '--max-warnings=0']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

test('the SPA (including .vue files) type-checks with vue-tsc', () => {
  const r = run('vue-tsc/bin/vue-tsc.js', ['--noEmit', '-p', 'web/tsconfig.json']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
});
