import fs from 'node:fs';
import path from 'node:path';
import type { Client, Connection } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { loadConfig, type Config } from '../../api/config';
import { openDatabase } from '../../api/db/data-source';
import { startEmbeddedPostgres } from '../../api/db/embedded-postgres';
import { startApiServer } from '../../api/server';
import { connectClient } from '../../temporal/client';
import { startDevServer } from '../../temporal/dev-server';
import { makeSweptScratchDir } from '../../scripts/scratch-dirs';
import { freePort } from '../../test/support/ports';
import { quietTemporalLogs } from '../../test/support/temporal';
import { startWorkerProcess } from '../../test/support/worker-process';

/**
 * What every section of the bench needs from a stack, whatever its topology: the dev
 * server on SQLite (`dev`) or the production shape (`prod`, bench/suite/prod-stack.ts).
 * The bench process is a client: it seeds PostgreSQL, starts workflows and answers doses;
 * reminders are sent by the stack's worker processes, whose RSS is theirs alone.
 */
export interface BenchStack {
  name: string;
  client: Client;
  dataSource: DataSource;
  config: Config;
  taskQueue: string;
  /** The API's base URL (REST on one port). */
  apiUrl: string;
  workerPids(): number[];
  /** Bytes Temporal's persistence holds on disk now (SQLite file, or the PostgreSQL database). */
  temporalDbBytes(): Promise<number>;
  /** The same when the stack had just started: the empty schema, subtracted from the per-schedule figure. */
  temporalDbBytesAtStart: number;
  stop(): Promise<void>;
}

/** What the in-process API logged as errors, by message: T5 prints it (a 503 under load is a finding, not noise). */
export const apiErrors = new Map<string, number>();
const countingLog = { error: (m: string) => void apiErrors.set(m, (apiErrors.get(m) ?? 0) + 1) };

/** A bench stack's PostgreSQL and Temporal data, under the system temp folder. */
const BENCH_DIR_PREFIX = 'carecircle-bench-';

export function benchConfig(databaseUrl: string, temporalAddress: string, taskQueue: string, port: number): Config {
  return loadConfig({
    NODE_ENV: 'test',
    PORT: String(port),
    APP_BASE_URL: `http://127.0.0.1:${port}`,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_TASK_QUEUE: taskQueue,
    // One bench account answers hundreds of doses a second: the limits are for people.
    RATE_LIMIT_MULTIPLIER: '1000',
    PAYLOAD_KEYS: process.env.PAYLOAD_KEYS,
  });
}

/** Throwaway embedded PostgreSQL + Temporal dev server (SQLite file), `workers` worker processes, the API in this process. */
export async function startDevBenchStack(workers = 1, dynamicConfig?: Record<string, string | number | boolean>): Promise<BenchStack & { serverPids: number[] }> {
  quietTemporalLogs();
  const tmp = makeSweptScratchDir(BENCH_DIR_PREFIX, { open: true, log: (line) => console.log(`[stack] ${line}`) });
  const pg = await startEmbeddedPostgres({ dir: path.join(tmp, 'pg'), port: await freePort() });
  const dbFile = path.join(tmp, 'temporal.db');
  const temporal = await startDevServer({ dbFile, grpcPort: await freePort(), uiPort: await freePort(), dynamicConfig });
  const dataSource = await openDatabase(pg.url);
  const taskQueue = 'bench';
  const { connection, client }: { connection: Connection; client: Client } = await connectClient({ address: temporal.address, namespace: 'default' });
  const procs: Awaited<ReturnType<typeof startWorkerProcess>>[] = [];
  for (let i = 0; i < workers; i++) procs.push(await startWorkerProcess({ databaseUrl: pg.url, temporalAddress: temporal.address, taskQueue }));
  const port = await freePort();
  const config = benchConfig(pg.url, temporal.address, taskQueue, port);
  const api = await startApiServer({ config, dataSource, temporal: { client, taskQueue }, log: countingLog }, { host: '127.0.0.1', port, databaseUrl: pg.url });
  // WAL mode: recent pages live in the -wal file until a checkpoint.
  const temporalDbBytes = async () => ['', '-wal', '-shm'].reduce((sum, ext) => sum + (fs.existsSync(dbFile + ext) ? fs.statSync(dbFile + ext).size : 0), 0);
  return {
    name: `dev server (SQLite), ${workers} worker${workers > 1 ? 's' : ''}`,
    client,
    dataSource,
    config,
    taskQueue,
    apiUrl: api.url,
    workerPids: () => procs.map((p) => p.child.pid!),
    serverPids: [temporal.pid, pg.pid].filter((p): p is number => p !== undefined),
    temporalDbBytes,
    temporalDbBytesAtStart: await temporalDbBytes(),
    async stop() {
      await api.close();
      for (const p of procs) await p.stop();
      await connection.close();
      await dataSource.destroy();
      await temporal.stop();
      await pg.stop();
      fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** Resident and peak resident memory of a process, from /proc (Linux), in bytes. */
export function processMemory(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}
