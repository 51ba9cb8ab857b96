import { DefaultLogger, Runtime } from '@temporalio/worker';
import { createActivities } from '../activities';
import { countOpenEscalationsIn } from '../activities/metrics/escalations';
import { workerRegistry } from '../activities/metrics/registry';
import { loadConfig, requirePayloadKeys } from '../api/config';
import { createDataSource } from '../api/db/data-source';
import { startMetricsServer } from '../api/metrics/server';
import { connectClient, connectTemporal } from './client';
import { ensureSearchAttributes } from './search-attributes';
import { ensureWatchdogSchedule } from './watchdog-schedule';
import { connectWorker, createWorker } from './worker';
import { temporalTelemetry } from './worker-telemetry';

/**
 * The worker process: started as a child by `npm start`'s orchestrator and as the
 * `worker` service in docker-compose. It never runs migrations (the API does), and it
 * prints `worker ready` once it polls, which is what the orchestrator waits for.
 */
const config = loadConfig();
requirePayloadKeys();
// INFO would print the whole webpack report on every start; warnings and errors are what ops need.
Runtime.install({
  logger: new DefaultLogger((process.env.TEMPORAL_LOG_LEVEL as 'INFO' | undefined) ?? 'WARN'),
  telemetryOptions: temporalTelemetry(config.metrics),
});
if (config.database.mode !== 'external') {
  throw new Error('The worker needs DATABASE_URL; in embedded mode the orchestrator passes the embedded database URL.');
}
// Below the database activities' 5-s start-to-close (workflows/activity-options.ts): a
// database that does not answer fails the attempt, which is retried, rather than hang it.
const dataSource = createDataSource(config.database.url, { poolSize: 5, connectTimeoutMs: 2000, queryTimeoutMs: 4000 });
await dataSource.initialize();
countOpenEscalationsIn(dataSource);
const metrics = await startMetricsServer(workerRegistry, { host: config.metrics.host, port: config.metrics.workerPort, envVar: 'WORKER_METRICS_PORT' });

if (config.temporal.mode === 'external') {
  // The dev server registers our search attributes itself; an external server may not have them yet.
  const admin = await connectTemporal(config.temporal);
  try {
    const added = await ensureSearchAttributes(admin, config.temporal.namespace);
    if (added.length > 0) console.log(`registered search attributes: ${added.join(', ')}`);
  } catch (err) {
    console.warn(`could not check search attributes (needs operator rights): ${(err as Error).message}`);
  } finally {
    await admin.close();
  }
}

const connection = await connectWorker(config.temporal.address);
// For the watchdog: it lists failed workflows through visibility and keeps its schedule.
const system = await connectClient(config.temporal);
const worker = await createWorker({
  connection,
  namespace: config.temporal.namespace,
  taskQueue: config.temporal.taskQueue,
  activities: createActivities({ dataSource, config, temporal: system.client }),
});
await ensureWatchdogSchedule(system.client, config.temporal.taskQueue);

// A second signal while stopping must not throw: shutdown() is only valid once.
const stop = () => worker.getState() === 'RUNNING' && worker.shutdown();
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, stop);

const running = worker.run();
console.log(`worker ready (task queue ${config.temporal.taskQueue}, namespace ${config.temporal.namespace}, ${config.temporal.address})`);
const sdkPort = config.metrics.temporalPort || 'a free port';
console.log(`worker metrics on ${metrics.url}, Temporal SDK metrics on ${config.metrics.host}:${sdkPort} /metrics`);
try {
  await running;
} finally {
  await connection.close();
  await system.connection.close();
  await metrics.close();
  await dataSource.destroy();
}
console.log('worker stopped');
