/**
 * Starts one PostgreSQL and one Temporal dev server for the whole suite (each test file
 * makes its own database on it), then runs every `*.test.ts` with Node's test runner.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../api/db/embedded-postgres';
import { resolveTemporalCli, resolveTestServer } from '../temporal/binaries';
import { startDevServer } from '../temporal/dev-server';
import { freePort } from '../test/support/ports';

const ROOT = path.resolve(import.meta.dirname, '..');
const SEARCH_DIRS = ['api', 'workflows', 'activities', 'temporal', 'test', 'web/src', 'scripts'];

function findTests(dir: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') findTests(p, out);
    else if (entry.isFile() && entry.name.endsWith('.test.ts')) out.push(path.relative(ROOT, p));
  }
  return out;
}

async function main() {
  const filter = process.argv.slice(2);
  const files = SEARCH_DIRS.flatMap((d) => findTests(path.join(ROOT, d))).filter(
    (f) => filter.length === 0 || filter.some((x) => f.includes(x)),
  );
  const log = (line: string) => console.log(`[setup] ${line}`);
  await resolveTemporalCli({ log });
  await resolveTestServer({ log });

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'carecircle-test-'));
  fs.chmodSync(tmp, 0o777);
  const t0 = Date.now();
  const [pg, temporal] = await Promise.all([
    startEmbeddedPostgres({ dir: path.join(tmp, 'pg'), port: await freePort(), database: 'postgres' }),
    startDevServer({ dbFile: path.join(tmp, 'temporal', 'temporal.db'), grpcPort: await freePort(), uiPort: await freePort(), log }),
  ]);
  log(`PostgreSQL and Temporal ready in ${((Date.now() - t0) / 1000).toFixed(1)} s; running ${files.length} test files`);

  const code = await new Promise<number>((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files],
      {
        cwd: ROOT,
        stdio: 'inherit',
        env: { ...process.env, NODE_ENV: 'test', TEST_PG_ADMIN_URL: pg.url, TEST_TEMPORAL_ADDRESS: temporal.address },
      },
    );
    child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
  });

  await temporal.stop().catch(() => {});
  await pg.stop().catch(() => {});
  fs.rmSync(tmp, { recursive: true, force: true });
  process.exit(code);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
