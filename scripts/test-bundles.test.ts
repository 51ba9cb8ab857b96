import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { buildTestFiles, makeBuildDir } from './test-bundles';
import { testFileName } from './test-file-names.mjs';

const FIXTURE = path.join(import.meta.dirname, 'test-bundles-fixture');

function withTmp<T>(use: (dir: string) => Promise<T>): Promise<T> {
  const dir = makeBuildDir(path.resolve(import.meta.dirname, '..'));
  return use(dir).finally(() => fs.rmSync(dir, { recursive: true, force: true }));
}

describe('the test files built to JavaScript', () => {
  test('each module still finds files beside its TypeScript source; packages load from node_modules, deep imports too', { timeout: 30_000 }, () =>
    withTmp(async (out) => {
      const [built] = await buildTestFiles(FIXTURE, ['entry.ts'], out);
      assert.equal(built, path.join(out, 'entry.mjs'));
      const run = spawnSync(process.execPath, ['--enable-source-maps', built!], { encoding: 'utf8', timeout: 20_000 });
      assert.equal(run.status, 0, run.stderr);
      const where = path.join(FIXTURE, 'nested', 'where.ts');
      assert.deepEqual(JSON.parse(run.stdout), { dirname: path.dirname(where), filename: where, url: pathToFileURL(where).href, twoSeconds: 2_000 });
      assert.match(fs.readFileSync(built!, 'utf8'), /from "\/[^"]*node_modules\/@temporalio\/common\/lib\/time\.js"/, 'the package is imported, not copied in');
    }),
  );

  test("a failure's stack names the TypeScript file and line", { timeout: 30_000 }, () =>
    withTmp(async (out) => {
      const [built] = await buildTestFiles(FIXTURE, ['entry.ts'], out);
      const run = spawnSync(process.execPath, ['--enable-source-maps', built!, 'throw'], { encoding: 'utf8', timeout: 20_000 });
      assert.notEqual(run.status, 0);
      assert.match(run.stderr, /thrown by the fixture/);
      assert.ok(run.stderr.includes(`${path.join(FIXTURE, 'entry.ts')}:5:`), run.stderr);
    }),
  );

  test('a file that does not compile fails the build, naming it', { timeout: 30_000 }, () =>
    withTmp(async (dir) => {
      fs.writeFileSync(path.join(dir, 'broken.test.ts'), 'export const x = ;\n');
      await assert.rejects(buildTestFiles(dir, ['broken.test.ts'], path.join(dir, 'out')), /broken\.test\.ts/);
    }),
  );

  test('reports name a built file by the TypeScript file it came from; other files relative to the project', { timeout: 5_000 }, () => {
    const buildDir = '/repo/node_modules/.cache/carecircle-tests-x';
    assert.equal(testFileName(`${buildDir}/api/audit/audit.test.mjs`, { buildDir, cwd: '/repo' }), 'api/audit/audit.test.ts');
    assert.equal(testFileName('/repo/test/static-checks.test.ts', { buildDir, cwd: '/repo' }), 'test/static-checks.test.ts');
    assert.equal(testFileName('/repo/api/a.test.ts', { buildDir: undefined, cwd: '/repo' }), 'api/a.test.ts');
  });
});
