import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import ts from 'typescript';

/**
 * `npm test` (and so CI) fails on a type error, in .ts or .vue files, and on a lint error.
 * scripts/run-tests.ts starts this file beside the test servers' start-up, so the checks cost
 * little wall time; the checks run side by side. Their limits are long because they share the
 * two cores with the whole suite (scripts/run-tests.ts gives this file 20 minutes).
 */
const ROOT = path.resolve(import.meta.dirname, '..');
const exec = promisify(execFile);
const npmRun = async (script: string) => {
  try {
    await exec('npm', ['run', '--silent', script], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
  } catch (err) {
    const { stdout, stderr } = err as { stdout?: string; stderr?: string };
    assert.fail(`npm run ${script} failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
};

describe('static checks', { concurrency: true }, () => {
  test('npm run typecheck: the whole project and the Vue single-file components type-check', { timeout: 15 * 60_000 }, async () => {
    await npmRun('typecheck');
  });

  test('npm run lint: no floating promises, exhaustive switches, deterministic workflow code, no warnings', { timeout: 15 * 60_000 }, async () => {
    await npmRun('lint');
  });

  test('npm run typecheck runs vue-tsc over a project that holds every .vue file of the SPA', { timeout: 30_000 }, () => {
    const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    assert.match(scripts.typecheck ?? '', /vue-tsc --noEmit -p web\/tsconfig\.json/);

    // The file list vue-tsc derives from web/tsconfig.json (.vue files are "extra extensions" to TypeScript).
    const configPath = path.join(ROOT, 'web', 'tsconfig.json');
    const { config } = ts.readConfigFile(configPath, (f) => ts.sys.readFile(f));
    const parsed = ts.parseJsonConfigFileContent(config, ts.sys, path.dirname(configPath), undefined, configPath, undefined, [
      { extension: '.vue', isMixedContent: true, scriptKind: ts.ScriptKind.Deferred },
    ]);
    const checked = new Set(parsed.fileNames.map((f) => path.resolve(f)));
    const sfcs = fs.readdirSync(path.join(ROOT, 'web', 'src'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.vue'))
      .map((f) => path.join(ROOT, 'web', 'src', f));
    assert.ok(sfcs.length > 0);
    assert.deepEqual(sfcs.filter((f) => !checked.has(f)), [], 'every .vue file is type-checked');
  });
});
