import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createActivities } from '../activities';
import { loadConfig } from '../api/config';
import { openDatabase } from '../api/db/data-source';
import { startEmbeddedPostgres } from '../api/db/embedded-postgres';
import { freePort } from '../test/support/ports';
import { quietTemporalLogs } from '../test/support/temporal';
import { connectClient } from './client';
import { useFixtureKey } from './codec/fixture-keys';
import { startDevServer } from './dev-server';
import { exportHistory } from './export-history';
import { connectWorker, createWorker } from './worker';

/**
 * A throwaway PostgreSQL and dev server with the real worker and activities, for the
 * scripts that record replay fixtures and for the benchmark. `save` exports a finished
 * workflow's history into `outDir` (RECORD_OUT overrides it, to try a script safely).
 * Payloads are encrypted as in production, with a key made for this run (never a real
 * one from the environment): `save` appends it to the folder's test-only key file.
 */
export async function startThrowawayStack(taskQueue: string, outDir: string) {
  const out = process.env.RECORD_OUT ?? outDir;
  const fixtureKey = useFixtureKey();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'carecircle-record-'));
  fs.chmodSync(tmp, 0o777); // embedded-postgres runs as an unprivileged user when we are root
  quietTemporalLogs();
  const pg = await startEmbeddedPostgres({ dir: path.join(tmp, 'pg'), port: await freePort() });
  const temporal = await startDevServer({ dbFile: path.join(tmp, 'temporal.db'), grpcPort: await freePort(), uiPort: await freePort() });
  const target = { address: temporal.address, namespace: 'default' };
  const dataSource = await openDatabase(pg.url);
  const { connection, client } = await connectClient(target);
  const workerConnection = await connectWorker(temporal.address);
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: pg.url, TEMPORAL_ADDRESS: temporal.address, APP_BASE_URL: 'http://127.0.0.1:3000' });
  const worker = await createWorker({ connection: workerConnection, namespace: 'default', taskQueue, activities: createActivities({ dataSource, config, temporal: client }) });

  return {
    connection,
    client,
    dataSource,
    worker,
    taskQueue,
    async save(name: string, workflowId: string) {
      fs.mkdirSync(out, { recursive: true });
      fs.writeFileSync(path.join(out, `${name}.json`), await exportHistory({ ...target, workflowId }));
      fixtureKey.remember(out);
      console.log(`wrote ${path.relative(process.cwd(), path.join(out, `${name}.json`))}`);
    },
    async stop() {
      await workerConnection.close();
      await connection.close();
      await dataSource.destroy();
      await temporal.stop();
      await pg.stop();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}
