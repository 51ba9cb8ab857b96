/**
 * Starts one PostgreSQL and one Temporal dev server for the whole suite (each test file
 * makes its own database on it), bundles the workflow code once for its workers and builds the
 * test files to JavaScript once, then runs every `*.test.ts` so built with Node's test runner.
 * The static checks (type check, lint) start at once, beside the servers' start-up; the
 * production-topology test runs beside the suite once they have ended. A hung test file fails
 * the run: each file has a time limit, and so has the whole run.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startEmbeddedPostgres } from '../api/db/embedded-postgres';
import { resolveTemporalCli, resolveTestServer } from '../temporal/binaries';
import { formatPayloadKeys, generatePayloadKey } from '../temporal/codec/payload-keys';
import { startDevServer } from '../temporal/dev-server';
import { WORKFLOW_BUNDLE_ENV, writeWorkflowBundle } from '../temporal/worker';
import { freePort } from '../test/support/ports';
import { ensureTemporalServerBinaries } from './production/temporal-server-binaries';
import { machineState, missingModules } from './lost-modules';
import { makeSweptScratchDir } from './scratch-dirs';
import { buildTestFiles, makeBuildDir } from './test-bundles';
import { TEST_BUILD_DIR_ENV, testFileName } from './test-file-names.mjs';
import { ensureDependencies, missingPackages } from './setup.mjs';
import { watchTestFiles } from './test-watchdog';

const ROOT = path.resolve(import.meta.dirname, '..');
const SEARCH_DIRS = ['api', 'workflows', 'activities', 'temporal', 'test', 'web/src', 'scripts', 'bench'];
const STATIC_CHECKS = path.join('test', 'static-checks.test.ts');
/** The suite's PostgreSQL and Temporal data, under the system temp folder. */
const SUITE_DIR_PREFIX = 'carecircle-test-';
// Lists the slowest files once the run ends (where CI's time goes).
const FILE_TIMES_REPORTER = path.join(ROOT, 'scripts', 'file-times-reporter.mjs');
/** The slowest file (a real worker killed mid-escalation, real 1-minute waits) needs about 2.5 min; a loaded machine doubles that. */
const FILE_TIMEOUT_MS = Number(process.env.TEST_FILE_TIMEOUT_MS ?? 8 * 60_000);
/**
 * The type check and lint of the whole project, beside the suite: 3.4 min alone on a slow day
 * (2026-12-02), and past 8 min with a second suite on the same 2 cores.
 */
const STATIC_CHECKS_TIMEOUT_MS = Number(process.env.TEST_STATIC_CHECKS_TIMEOUT_MS ?? 20 * 60_000);
/**
 * A backstop: a hung file is caught by FILE_TIMEOUT_MS. The run takes about 15 min on a quiet
 * 2-core machine, but on 2026-12-01 the shared machine ran about three times slower and two
 * runs side by side were both still going at 30 min.
 */
const RUN_TIMEOUT_MS = Number(process.env.TEST_RUN_TIMEOUT_MS ?? 50 * 60_000);
/**
 * Test files at a time. Much of the suite waits for real minutes (whole-minute schedules,
 * 1-minute escalation steps): with two at a time only 1.3 of the 2 cores were busy on average.
 * A fresh clone on 2026-12-02 took 25.1 min with three (the production test beside), 29.5 with two.
 * Built to JavaScript, fresh clones alone on 2026-12-03 took 17.8 and 18.0 min with four, 18.8
 * with three; but two suites at once with four each failed tests on the API's 503 (its 3-s
 * Temporal deadline, load average 20), where two with three each had passed.
 */
const CONCURRENCY = Number(process.env.TEST_CONCURRENCY ?? 3);

function findTests(dir: string, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') findTests(p, out);
    else if (entry.isFile() && entry.name.endsWith('.test.ts')) out.push(path.relative(ROOT, p));
  }
  return out;
}

/** `git ls-files --deleted`, when this is a git checkout: a tracked file really removed shows here. */
function deletedTrackedFiles(): string {
  const git = spawnSync('git', ['ls-files', '--deleted'], { cwd: ROOT, encoding: 'utf8' });
  if (git.status !== 0) return `unknown (${git.error?.message ?? git.stderr.trim()})`;
  const files = git.stdout.split('\n').filter(Boolean);
  return files.length === 0 ? 'none' : files.slice(0, 20).join(', ');
}

interface NodeTestResult {
  code: number;
  output: string;
}

/** Every `node --test` process started, so the watchdog watches their files. */
const runners: ChildProcess[] = [];

/**
 * `node --test` over `files`. `inherit` prints its report as it comes; `capture` keeps it for
 * later instead. `built`: the files are JavaScript (scripts/test-bundles.ts), not TypeScript.
 */
function runNodeTests(files: string[], env: NodeJS.ProcessEnv, report: 'inherit' | 'capture', { fileTimeoutMs = FILE_TIMEOUT_MS, built = false } = {}): Promise<NodeTestResult> {
  // Node 20 applies --test-timeout to each file as a whole; it backs up the watchdog, which also kills what the file started.
  const reporters = ['--test-reporter=spec', '--test-reporter-destination=stdout', `--test-reporter=${FILE_TIMES_REPORTER}`, '--test-reporter-destination=stdout'];
  const loader = built ? ['--enable-source-maps'] : ['--import', 'tsx'];
  const args = [...loader, '--test', `--test-concurrency=${CONCURRENCY}`, `--test-timeout=${fileTimeoutMs + 60_000}`, ...reporters, ...files];
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: report === 'inherit' ? 'inherit' : ['ignore', 'pipe', 'pipe'] });
  runners.push(child);
  let output = '';
  const keep = (chunk: Buffer) => void (output += chunk.toString());
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output })));
}

/**
 * The production-topology test, once the Temporal server is built and `after` (the type check
 * and lint) has ended. It starts its own PostgreSQL and Temporal server, not the suite's.
 */
async function runProductionTests(
  files: string[],
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
  after: Promise<unknown> | undefined,
): Promise<NodeTestResult> {
  const [built] = await Promise.allSettled([ensureTemporalServerBinaries({ log }), after]);
  if (built.status === 'rejected') {
    return { code: 1, output: `✖✖ the Temporal server build failed, so ${files.join(', ')} could not run:\n${String(built.reason)}` };
  }
  let notes = '';
  // Once (one CI run), a package folder was gone before this test though every test before had loaded it; said loudly, and put back so this test still runs.
  const lost = missingPackages();
  if (lost.length > 0) {
    notes += `✖✖ node_modules lost ${lost.length} package(s) while the tests ran: ${lost.slice(0, 10).join(', ')} ✖✖\n`;
    ensureDependencies();
  }
  log(`the production topology test started (${files.join(', ')}); its report follows the tests`);
  const run = () => runNodeTests(files, env, 'capture');
  let result = await run();
  const notFound = result.code === 0 ? [] : missingModules(result.output, ROOT, files);
  if (notFound.length > 0) {
    const names = notFound.map((m) => `${path.isAbsolute(m.name) ? path.relative(ROOT, m.name) : m.name} (${m.thereNow ? 'there now' : 'still missing'})`).join(', ');
    notes += `${result.output}\n✖✖ ${files.join(', ')} could not load ${names}; ${machineState(ROOT)}; tracked files missing: ${deletedTrackedFiles()}. Running it once more ✖✖\n`;
    ensureDependencies();
    result = await run();
  }
  return { code: result.code, output: notes + result.output };
}

/**
 * The workflow code bundled once for the suite's workers (WORKFLOW_BUNDLE_ENV), from the tree as
 * it is now. If it does not bundle, each worker bundles for itself and the tests say why.
 */
async function sharedWorkflowBundle(file: string, log: (line: string) => void): Promise<Record<string, string>> {
  try {
    await writeWorkflowBundle(file);
    return { [WORKFLOW_BUNDLE_ENV]: file };
  } catch (err) {
    log(`✖ the workflow code did not bundle (${String(err).split('\n')[0]}); each worker will bundle it for itself`);
    return {};
  }
}

/**
 * The test files built to JavaScript in `dir`, and the reporter's key to their names. If they do
 * not build, they run through tsx as they are, and each file's own run says what is wrong.
 */
async function builtTests(files: string[], dir: string, log: (line: string) => void): Promise<{ files: string[]; env: Record<string, string>; built: boolean }> {
  try {
    return { files: await buildTestFiles(ROOT, files, dir), env: { [TEST_BUILD_DIR_ENV]: dir }, built: true };
  } catch (err) {
    log(`✖ the test files did not build to JavaScript (${String(err).split('\n')[0]}); they run through tsx`);
    return { files, env: {}, built: false };
  }
}

async function main() {
  const filter = process.argv.slice(2);
  const files = SEARCH_DIRS.flatMap((d) => findTests(path.join(ROOT, d))).filter(
    (f) => filter.length === 0 || filter.some((x) => f.includes(x)),
  );
  const log = (line: string) => console.log(`[setup] ${line}`);
  if (files.length === 0) {
    // A mistyped filter must not pass as a green run of nothing.
    console.error(`no test file matches ${filter.join(' ')} (under ${SEARCH_DIRS.join(', ')})`);
    process.exit(1);
  }
  // Tests encrypt workflow payloads like production, with a key of their own made for this run.
  const testEnv = { ...process.env, NODE_ENV: 'test', PAYLOAD_KEYS: process.env.PAYLOAD_KEYS ?? formatPayloadKeys([generatePayloadKey('test-run')]) };

  const checks = files.includes(STATIC_CHECKS) ? runNodeTests([STATIC_CHECKS], testEnv, 'capture', { fileTimeoutMs: STATIC_CHECKS_TIMEOUT_MS }) : undefined;
  if (checks) {
    log('type check and lint started (test/static-checks.test.ts); their report follows the tests');
    void checks.then(({ code }) => code !== 0 && console.log('\n✖✖ STATIC CHECKS FAILED (npm run typecheck / npm run lint); the report follows the tests ✖✖\n'));
  }
  const isProduction = (f: string) => f.startsWith(path.join('test', 'production'));
  const production = files.filter(isProduction);
  const rest = files.filter((f) => f !== STATIC_CHECKS && !isProduction(f));
  const buildDir = makeBuildDir(ROOT, log);
  const watchdog = watchTestFiles({
    runnerPids: () => runners.filter((r) => r.exitCode === null && r.signalCode === null).map((r) => r.pid).filter((pid): pid is number => pid !== undefined),
    fileTimeoutMs: FILE_TIMEOUT_MS,
    fileTimeoutsByName: { [STATIC_CHECKS]: STATIC_CHECKS_TIMEOUT_MS },
    runTimeoutMs: RUN_TIMEOUT_MS,
    log: (line) => console.log(`\n${line}\n`),
    fileName: (file) => testFileName(file, { buildDir }),
  });
  // The production-topology test needs the Temporal server built from source (minutes on a cold
  // machine; built beside the suite, so no file's limit pays for it). It runs beside the suite too,
  // in the slot the type check and lint leave, and its report is printed after the suite's.
  const productionDone =
    production.length > 0
      ? runProductionTests(production, testEnv, log, checks)
      : Promise.resolve({ code: 0, output: '' });

  let code = 0;
  if (rest.length > 0) {
    await resolveTemporalCli({ log });
    await resolveTestServer({ log });
    // The suite's PostgreSQL and Temporal data, and its workflow bundle.
    const tmp = makeSweptScratchDir(SUITE_DIR_PREFIX, { open: true, log });
    const t0 = Date.now();
    const temporalDb = path.join(tmp, 'temporal', 'temporal.db');
    const [pg, temporal, bundle, tests] = await Promise.all([
      startEmbeddedPostgres({ dir: path.join(tmp, 'pg'), port: await freePort(), database: 'postgres' }),
      startDevServer({ dbFile: temporalDb, grpcPort: await freePort(), uiPort: await freePort(), log }),
      sharedWorkflowBundle(path.join(tmp, 'workflow-bundle.js'), log),
      builtTests(rest, buildDir, log),
    ]);
    log(`PostgreSQL, Temporal, the workflow bundle and the test files ready in ${((Date.now() - t0) / 1000).toFixed(1)} s; running ${rest.length} test files, ${CONCURRENCY} at a time`);
    const servers = { TEST_PG_ADMIN_URL: pg.url, TEST_TEMPORAL_ADDRESS: temporal.address, TEST_TEMPORAL_DB_FILE: temporalDb, TEST_TEMPORAL_UI_URL: temporal.uiUrl };
    const t1 = Date.now();
    code = (await runNodeTests(tests.files, { ...testEnv, ...servers, ...bundle, ...tests.env }, 'inherit', { built: tests.built })).code;
    // Against the tests' own times (the slowest-files list), this shows what starting the files costs.
    log(`the ${rest.length} test files ran in ${((Date.now() - t1) / 1000).toFixed(0)} s, ${CONCURRENCY} at a time`);
    await temporal.stop().catch(() => {});
    await pg.stop().catch(() => {});
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  fs.rmSync(buildDir, { recursive: true, force: true });
  if (production.length > 0) {
    const result = await productionDone;
    console.log(`\n── the production topology (${production.join(', ')}) ──\n${result.output}`);
    code ||= result.code;
  }

  if (checks) {
    const result = await checks;
    console.log(`\n── static checks (test/static-checks.test.ts) ──\n${result.output}`);
    if (result.code !== 0) console.log('✖✖ STATIC CHECKS FAILED: see npm run typecheck / npm run lint above ✖✖');
    code ||= result.code;
  }
  watchdog.stop();
  if (watchdog.killed.length > 0) {
    console.log(`\n✖✖ TIMED OUT (killed by the watchdog): ${watchdog.killed.join(', ')} ✖✖`);
    code ||= 1;
  }
  process.exit(code);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
