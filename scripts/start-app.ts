/**
 * The embedded stack behind `npm start`: PostgreSQL and the Temporal dev server under data/,
 * the worker as a supervised child process, and the API + ws + SPA on one port. With
 * DATABASE_URL / TEMPORAL_ADDRESS set it uses those services instead of starting its own.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ConfigError, loadConfig } from '../api/config';
import { openDatabase } from '../api/db/data-source';
import { startEmbeddedPostgres } from '../api/db/embedded-postgres';
import { consoleLogger } from '../api/log';
import { startApiServer, PortInUseError } from '../api/server';
import { connectClient } from '../temporal/client';
import { startDevServer } from '../temporal/dev-server';
import { ensureSearchAttributes } from '../temporal/search-attributes';
import { superviseWorker } from './worker-process';

const say = (line: string) => console.log(line);
const stops: (() => Promise<unknown>)[] = [];

async function assertPortFree(port: number, host: string, envVar: string) {
  await new Promise<void>((resolve, reject) => {
    const s = net.createServer();
    s.once('error', () => reject(new PortInUseError(`Port ${port} is already in use. Stop whatever uses it or set ${envVar}.`)));
    s.listen(port, host, () => s.close(() => resolve()));
  });
}

async function main() {
  const started = Date.now();
  const config = loadConfig();
  fs.mkdirSync(config.dataDir, { recursive: true });
  await assertPortFree(config.port, config.host, 'PORT');

  let databaseUrl: string;
  if (config.database.mode === 'embedded') {
    await assertPortFree(config.database.port, '127.0.0.1', 'EMBEDDED_PG_PORT');
    say(`Starting PostgreSQL (embedded, data in ${path.join(config.dataDir, 'postgres')}) …`);
    const pg = await startEmbeddedPostgres({ dir: path.join(config.dataDir, 'postgres'), port: config.database.port });
    stops.unshift(() => pg.stop());
    databaseUrl = pg.url;
  } else {
    databaseUrl = config.database.url;
  }
  const dataSource = await openDatabase(databaseUrl);
  stops.unshift(() => dataSource.destroy());

  let temporalAddress = config.temporal.address;
  let uiUrl = config.temporal.uiUrl;
  if (config.temporal.mode === 'embedded') {
    say('Starting the Temporal dev server …');
    const server = await startDevServer({
      dbFile: path.join(config.dataDir, 'temporal', 'temporal.db'),
      grpcPort: config.temporal.grpcPort,
      uiPort: config.temporal.uiPort,
      namespace: config.temporal.namespace,
      log: say,
    });
    stops.unshift(() => server.stop());
    temporalAddress = server.address;
    uiUrl = server.uiUrl.replace('127.0.0.1', 'localhost');
  }
  const { connection, client } = await connectClient({ address: temporalAddress, namespace: config.temporal.namespace });
  stops.unshift(() => connection.close());
  if (config.temporal.mode === 'external') await ensureSearchAttributes(connection, config.temporal.namespace);

  say('Starting the Temporal worker …');
  const worker = superviseWorker({ ...process.env, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporalAddress }, say);
  stops.unshift(() => worker.stop());
  await worker.ready;

  const log = consoleLogger('api');
  const api = await startApiServer(
    { config, dataSource, temporal: { client, taskQueue: config.temporal.taskQueue }, log },
    { host: config.host, port: config.port, databaseUrl },
  );
  stops.unshift(() => api.close());

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  say('');
  say(`CareCircle is ready (${seconds} s).`);
  say(`  App:          ${config.appBaseUrl}`);
  say(`  Temporal UI:  ${uiUrl}`);
  say('Press Ctrl-C to stop.');
}

let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  for (const stop of stops) {
    await stop().catch((err: unknown) => console.error(`while stopping: ${String(err)}`));
  }
  process.exit(code);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

main().catch(async (err: unknown) => {
  const known = err instanceof ConfigError || err instanceof PortInUseError;
  console.error(`\nCareCircle could not start: ${known ? (err as Error).message : String((err as Error)?.stack ?? err)}`);
  await shutdown(1);
});
