import { builtinModules } from 'node:module';
import path from 'node:path';
import { NativeConnection, Worker } from '@temporalio/worker';
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
 */
export const workflowCodeOptions = {
  workflowsPath: WORKFLOWS_PATH,
  bundlerOptions: { ignoreModules: [...builtinModules, ...builtinModules.map((m) => `node:${m}`)] },
};

export interface CreateWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: Activities | Partial<Activities>;
}

export function createWorker(opts: CreateWorkerOptions): Promise<Worker> {
  return Worker.create({
    ...workflowCodeOptions,
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue,
    activities: opts.activities,
    dataConverter,
    interceptors: { activity: [activityRetryMetrics, activityRules] },
    // Our workflows sleep for hours or days; keeping them cached buys nothing, as they
    // replay from history when they wake. Each cached one costs about 1 MB, so the
    // default (derived from the machine's memory) is far more than we want to spend.
    maxCachedWorkflows: 100,
    // On SIGTERM, in-flight activities (a send, a database write) get this long to finish.
    shutdownGraceTime: '10 seconds',
  });
}

export function connectWorker(address: string): Promise<NativeConnection> {
  return NativeConnection.connect({ address });
}
