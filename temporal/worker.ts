import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Worker } from '@temporalio/worker';
import type { Activities } from '../activities';
import { activityRules } from './activity-interceptor';
import { activityRetryMetrics } from './activity-metrics';
import { dataConverter } from './data-converter';

export const WORKFLOWS_PATH = path.resolve(import.meta.dirname, '..', 'workflows', 'index.ts');

/**
 * How the workflow code is bundled, shared by the worker and the replay tests so both
 * run exactly the same code. Node built-ins are stubbed rather than rejected: a shared
 * module may name one without workflow code ever calling it. Workflow code itself must
 * not use them (lint bans it) — a stub called at run time fails the workflow task.
 *
 * The workflow modules are evaluated once and shared by every workflow in the cache
 * (`preloadModules`) instead of once per workflow: that halves the JavaScript heap a cached
 * workflow holds (155 → 74 KB) and its share of the worker's RSS drops from about 315 to
 * 230 KB (issue 12's T4). It is safe only while those modules keep no state of their own;
 * workflows/shared-module-scope.test.ts fails on any that does (docs/decisions.md, 21).
 */
export const workflowCodeOptions = {
  workflowsPath: WORKFLOWS_PATH,
  bundlerOptions: {
    ignoreModules: [...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
    preloadModules: [WORKFLOWS_PATH],
  },
};

/**
 * Names a workflow bundle written by `writeWorkflowBundle`, for every worker started with this
 * environment. The test runner sets it: some 60 workers start in one run of the suite (by their
 * call sites), and webpack costs each one 2 to 3 s of CPU. Unset, a worker bundles the code as it
 * is on disk.
 */
export const WORKFLOW_BUNDLE_ENV = 'WORKFLOW_BUNDLE_PATH';

/** The workflow code a worker or a replay runs: the prebuilt bundle when one is named, else bundled now. */
export function workflowCode(): { workflowBundle: { codePath: string } } | typeof workflowCodeOptions {
  const codePath = process.env[WORKFLOW_BUNDLE_ENV];
  return codePath ? { workflowBundle: { codePath } } : workflowCodeOptions;
}

/** Bundles the workflow code exactly as a worker would (`workflowCodeOptions`) and writes it to `file`. */
export async function writeWorkflowBundle(file: string): Promise<void> {
  const { workflowsPath, bundlerOptions } = workflowCodeOptions;
  const { code } = await bundleWorkflowCode({ workflowsPath, ...bundlerOptions, logger: new DefaultLogger('WARN') });
  fs.writeFileSync(file, code);
}

/**
 * Sized for everyone's 08:00 (issue 12), measured with `npm run bench:medication` on the
 * shared 2-core machine:
 *  - maxCachedWorkflows: sleeping workflows need not stay cached, but at a due instant
 *    every due schedule runs a workflow task within seconds, and each one whose workflow is not
 *    in the cache fetches and replays its whole history. 2,000 holds a 2,000-dose minute:
 *    300 doses at once took 45 ms of CPU per dose cached, 62 ms with 100 (worker, server
 *    and PostgreSQL together). Memory (issue 12's T4, `bench/worker-memory.ts`): the worker
 *    starts at about 380 MiB and each cached workflow adds about 230 KB since the workflow
 *    modules are shared (315 KB before); 10,000 sleeping schedules: 985 MiB (1,193 before).
 *    A cache of 1,000 would halve the cached part, but 2,000 doses on one minute then went
 *    from p99 18.8 s to 26.5 s (`bench/burst-cpu.ts`): half of them replayed their history
 *    at the due instant.
 *  - Workflow task slots and pollers stay at their defaults (40 and 10): with 100 slots
 *    and 20 pollers (and this cache) 300 answers at once took 21 s of CPU and p99 45 s,
 *    against 11 s and 9 s with the defaults (and a cache of 100); more slots let more
 *    local outcome writes wait at once on the worker's few database connections.
 *  - Activity slots stay at the default 100: the database pool, not the slots, bounds them.
 *  - stickyQueueScheduleToStartTimeout 30 s (default 10 s): in a 2,000-dose minute the last
 *    due tasks wait about 20 s for this worker, and each one that waited past 10 s was put
 *    back on the shared queue, an extra workflow task and a replay of its history. With
 *    30 s none was (21.0 events per schedule instead of 22.8) and the burst's p99 went from
 *    25.7 s to 20.7 s (`bench/burst-cpu.ts`, 2,000). The cost: when a worker dies without
 *    shutting down, its cached workflows wait up to 30 s for another worker instead of 10 s.
 */
export const WORKER_TUNING = {
  maxCachedWorkflows: 2_000,
  stickyQueueScheduleToStartTimeout: '30 seconds',
} as const;

export interface CreateWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: Activities | Partial<Activities>;
}

export function createWorker(opts: CreateWorkerOptions): Promise<Worker> {
  return Worker.create({
    ...workflowCode(),
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    activities: opts.activities,
    dataConverter,
    interceptors: { activity: [activityRetryMetrics, activityRules] },
    ...WORKER_TUNING,
    // On SIGTERM, in-flight activities (a send, a database write) get this long to finish.
    shutdownGraceTime: '10 seconds',
  });
}

export function connectWorker(address: string): Promise<NativeConnection> {
  return NativeConnection.connect({ address });
}
