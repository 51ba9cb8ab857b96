import { randomBytes } from 'node:crypto';
import type { Client, Connection } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { createActivities } from '../../activities';
import { loadConfig } from '../../api/config';
import type { AppDeps } from '../../api/deps';
import { PortInUseError, startApiServer } from '../../api/server';
import { connectClient } from '../../temporal/client';
import { connectWorker, createWorker } from '../../temporal/worker';
import { createTestDatabase } from './database';
import { freePort } from './ports';
import { quietTemporalLogs } from './temporal';

/** The suite's Temporal dev server, started once by scripts/run-tests.ts. */
export function testTemporalAddress(): string {
  const address = process.env.TEST_TEMPORAL_ADDRESS;
  if (!address) throw new Error('TEST_TEMPORAL_ADDRESS is not set: run tests through `npm test` (or `npm test -- <file filter>`).');
  return address;
}

export interface TestApp {
  baseUrl: string;
  /** The API's Prometheus endpoint, when started with `metrics: true`. */
  metricsUrl: string | null;
  databaseUrl: string;
  dataSource: DataSource;
  client: Client;
  taskQueue: string;
  stop(): Promise<void>;
}

const quietLog = { error: (m: string, f?: Record<string, unknown>) => console.error(`[api] ${m}`, f ?? '') };

/**
 * The real stack for one test file: a fresh database, a worker on its own task queue,
 * and the API + ws + built SPA on a free port.
 */
export async function startTestApp(options: { withWorker?: boolean; metrics?: boolean; env?: Record<string, string> } = {}, attempt = 1): Promise<TestApp> {
  quietTemporalLogs();
  const db = await createTestDatabase();
  const address = testTemporalAddress();
  const port = await freePort();
  const taskQueue = `test-${randomBytes(4).toString('hex')}`;
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: String(port),
    APP_BASE_URL: `http://127.0.0.1:${port}`,
    DATABASE_URL: db.url,
    TEMPORAL_ADDRESS: address,
    TEMPORAL_TASK_QUEUE: taskQueue,
    // Test files sign up dozens of people from one address; the limit tests set it back to 1.
    RATE_LIMIT_MULTIPLIER: '1000',
    // The run's key (scripts/run-tests.ts): the same one this process's clients and workers use.
    PAYLOAD_KEYS: process.env.PAYLOAD_KEYS,
    ...options.env,
  });
  const { connection, client }: { connection: Connection; client: Client } = await connectClient({ address, namespace: 'default' });
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  if (options.withWorker !== false) {
    const workerConnection = await connectWorker(address);
    worker = await createWorker({
      connection: workerConnection,
      namespace: 'default',
      taskQueue,
      activities: createActivities({ dataSource: db.dataSource, config }),
    });
    running = worker.run().finally(() => workerConnection.close());
  }
  const deps: AppDeps = { config, dataSource: db.dataSource, temporal: { client, taskQueue }, log: quietLog };
  const metrics = options.metrics ? { host: '127.0.0.1', port: await freePort() } : undefined;
  let api: Awaited<ReturnType<typeof startApiServer>>;
  try {
    api = await startApiServer(deps, { host: '127.0.0.1', port, databaseUrl: db.url, metrics });
  } catch (err) {
    // Left open, the worker and connections would hold the test file until the watchdog kills it.
    worker?.shutdown();
    await running;
    await connection.close();
    await db.drop();
    // Another test file took the free port between the pick and the listen (seen once in CI): pick again.
    if (err instanceof PortInUseError && attempt < 3) return startTestApp(options, attempt + 1);
    throw err;
  }
  return {
    baseUrl: api.url,
    metricsUrl: api.metricsUrl,
    databaseUrl: db.url,
    dataSource: db.dataSource,
    client,
    taskQueue,
    async stop() {
      await api.close();
      worker?.shutdown();
      await running;
      await connection.close();
      await db.drop();
    },
  };
}
