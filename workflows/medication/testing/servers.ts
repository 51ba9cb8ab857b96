import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { connectClient } from '../../../temporal/client';
import { startDevServer } from '../../../temporal/dev-server';
import { connectWorker } from '../../../temporal/worker';
import { freePort } from '../../../test/support/ports';
import { quietTemporalLogs, startTimeSkipping } from '../../../test/support/temporal';

/** Where the harness runs its workflows: a client, a worker connection and the server's clock. */
export interface TestServer {
  client: Client;
  workerConnection: NativeConnection;
  now(): Promise<number>;
  /** Lets server time run on; only the time-skipping server can. */
  skip?(ms: number): Promise<void>;
  /** Releases one time-skipping lock (the time-skipping server only; see leaked-time-locks.ts). */
  releaseTimeLock?(): Promise<void>;
  stop(): Promise<void>;
}

/** The time-skipping test server: 90 days pass in seconds. */
export async function timeSkippingServer(): Promise<TestServer> {
  const env = await startTimeSkipping();
  return {
    client: env.client,
    workerConnection: env.nativeConnection,
    now: () => env.currentTimeMs(),
    skip: (ms) => env.sleep(ms),
    releaseTimeLock: async () => {
      if (!env.connection.testService) throw new Error('not a time-skipping server');
      await env.connection.testService.unlockTimeSkipping({});
    },
    stop: () => env.teardown(),
  };
}

/**
 * A dev server of this process's own (free ports, a throwaway SQLite file), for what only
 * a real server does, such as suggesting continue-as-new once a history is long: the
 * shared suite server must keep its defaults. Time is the wall clock.
 */
export async function privateDevServer(dynamicConfig: Record<string, string | number | boolean>): Promise<TestServer> {
  quietTemporalLogs();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carecircle-private-temporal-'));
  const server = await startDevServer({ dbFile: path.join(dir, 'temporal.db'), grpcPort: await freePort(), uiPort: await freePort(), dynamicConfig });
  const { connection, client } = await connectClient({ address: server.address, namespace: 'default' });
  const workerConnection = await connectWorker(server.address);
  return {
    client,
    workerConnection,
    now: async () => Date.now(),
    async stop() {
      await workerConnection.close();
      await connection.close();
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
