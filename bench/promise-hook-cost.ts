/**
 * Benchmark (not a test): what the SDK's stack-trace hook costs the worker. Every promise a
 * workflow creates gets a stack trace (v8 promise hooks; up to Error.stackTraceLimit frames,
 * each mapped through the bundle's source map) so that ops can read where a workflow waits.
 * This replays recorded histories in this process (debug mode: the workflow runs on this
 * thread, so the hook can be timed) and prints the promises recorded per workflow task and
 * the hook's time per task and per promise (a replay's own set-up, about a second, is not
 * the hook's: compare the hook's time per task with the worker's CPU per due dose instead).
 *
 *   node --import tsx bench/promise-hook-cost.ts [history.json …]
 *
 * Without arguments it replays the medication histories recorded on the newest code
 * (workflows/medication/histories/*.edit-wakes.json). BENCH_PROMISE_SITES=1 also prints
 * which calls created them (bundle function names, innermost first).
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';

interface Tally {
  promises: number;
  hookMs: number;
  sites: Map<string, number>;
}
const tally: Tally = { promises: 0, hookMs: 0, sites: new Map() };
const showSites = process.env.BENCH_PROMISE_SITES === '1';

/** Our function names in a raw (unmapped) stack, innermost first, without the hook's own frames. */
function site(): string {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 12;
  Error.captureStackTrace(holder);
  Error.stackTraceLimit = limit;
  return (holder.stack ?? '')
    .split('\n')
    .slice(3)
    .map((l) => l.trim().replace(/^at /, '').replace(/ \(.*$/, ''))
    .filter((name) => !name.startsWith('node:') && !name.startsWith('/') && name !== 'initAll')
    .slice(0, 4)
    .join(' < ');
}

// The SDK installs its hook when the first workflow bundle loads: wrap it before that, to time it.
const createHook = v8.promiseHooks.createHook.bind(v8.promiseHooks);
v8.promiseHooks.createHook = (hooks) =>
  createHook({
    ...hooks,
    init: (promise, parent) => {
      const started = performance.now();
      hooks.init?.(promise, parent);
      // The SDK tags the promises it records (those created inside a workflow) with their run id.
      if ((promise as { runId?: string }).runId === undefined) return;
      tally.hookMs += performance.now() - started;
      tally.promises += 1;
      if (showSites) {
        const where = site();
        tally.sites.set(where, (tally.sites.get(where) ?? 0) + 1);
      }
    },
  });

const { Worker } = await import('@temporalio/worker');
const { workflowCodeOptions } = await import('../temporal/worker');
const { historyFromJson } = await import('../temporal/history-json');
const { createDataConverter } = await import('../temporal/data-converter');
const { parsePayloadKeys } = await import('../temporal/codec/payload-keys');
const { quietTemporalLogs } = await import('../test/support/temporal');

const HISTORIES = path.resolve(import.meta.dirname, '..', 'workflows', 'medication', 'histories');
const files = process.argv.length > 2 ? process.argv.slice(2) : fs.readdirSync(HISTORIES).filter((f) => f.endsWith('.edit-wakes.json')).map((f) => path.join(HISTORIES, f));
const keys = parsePayloadKeys(fs.readFileSync(path.join(HISTORIES, 'TEST-ONLY-payload-keys.txt'), 'utf8').trim());
const options = { ...workflowCodeOptions, dataConverter: createDataConverter(() => keys), debugMode: true };
quietTemporalLogs();

const ROUNDS = 3;
let all = { tasks: 0, promises: 0, hookMs: 0 };
for (const file of files) {
  const history = historyFromJson(JSON.parse(fs.readFileSync(file, 'utf8')));
  const tasks = history.events?.filter((e) => e.workflowTaskStartedEventAttributes).length ?? 0;
  // The first rounds load the bundle and parse its source map; the last one is what a running worker pays.
  let last = { promises: 0, hookMs: 0, replayMs: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    Object.assign(tally, { promises: 0, hookMs: 0 });
    tally.sites.clear();
    const started = performance.now();
    await Worker.runReplayHistory(options, history, `${path.basename(file)}-${round}`);
    last = { promises: tally.promises, hookMs: tally.hookMs, replayMs: performance.now() - started };
  }
  all = { tasks: all.tasks + tasks, promises: all.promises + last.promises, hookMs: all.hookMs + last.hookMs };
  console.log(
    `${path.basename(file)}: ${tasks} workflow tasks, ${last.promises} promises recorded (${(last.promises / tasks).toFixed(1)} per task), ` +
      `hook ${last.hookMs.toFixed(1)} ms (${((last.hookMs / last.promises) * 1000).toFixed(0)} µs per promise) of a ${last.replayMs.toFixed(0)} ms replay`,
  );
  if (showSites) for (const [where, n] of [...tally.sites].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${String(n).padStart(4)}  ${where}`);
}
console.log(
  `RESULT histories=${files.length} tasks=${all.tasks} promisesPerTask=${(all.promises / all.tasks).toFixed(1)} hookMsPerTask=${(all.hookMs / all.tasks).toFixed(2)} ` +
    `usPerPromise=${((all.hookMs / all.promises) * 1000).toFixed(0)}`,
);
