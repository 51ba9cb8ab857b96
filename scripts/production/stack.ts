import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../api/db/embedded-postgres';
import { embeddedOpsToken } from '../../api/ops/ops-auth';
import { embeddedPayloadKeys, formatPayloadKeys, generatePayloadKey } from '../../temporal/codec/payload-keys';
import { freePort } from '../../test/support/ports';
import { makeSweptScratchDir } from '../scratch-dirs';
import { startAppProcess, type AppProcess } from './app-process';
import { startRoundRobinProxy, type RoundRobinProxy } from './round-robin-proxy';
import { ensureTemporalServerBinaries } from './temporal-server-binaries';
import { freeTemporalPorts, keptTemporalPorts, pgTarget, prepareNamespace, setupTemporalSchemas, startTemporalServer, type TemporalServer } from './temporal-server';

export interface ProductionStackOptions {
  workers: 1 | 2;
  /** Default 2. */
  apiReplicas?: number;
  /** Kept between runs when given (`npm run start:production` uses data/production); a throwaway folder otherwise, removed by stop(). */
  dataDir?: string;
  /** The one public port (the proxy); a free one by default. */
  port?: number;
  /** The Temporal frontend's port; a free one by default. */
  temporalPort?: number;
  /** Only read when the cluster is created. Default 4, as the server's own development config. */
  numHistoryShards?: number;
  /** Extra environment for the API replicas and the workers (e.g. RATE_LIMIT_MULTIPLIER, TEMPORAL_LOG_LEVEL). */
  env?: Record<string, string>;
  /** Restart an API replica or worker that dies, with backoff (compose's restart policy). Off by default: tests and the bench kill on purpose. */
  restart?: boolean;
  /** Progress and the processes' output; silent by default. */
  log?: (line: string) => void;
}

export interface ProductionStack {
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  /** The proxy in front of the API replicas. */
  apiUrl: string;
  /** The app's database (not Temporal's). */
  databaseUrl: string;
  /** The key the API and the workers encrypt workflow payloads with (PAYLOAD_KEYS if set; otherwise made, and set in this process for its clients). */
  payloadKeys: string;
  apis: AppProcess[];
  workers: AppProcess[];
  proxy: RoundRobinProxy;
  temporal: TemporalServer;
  /** Milliseconds: the Go build (0 when cached) and the start-up after it. */
  timings: { buildMs: number; startMs: number };
  stop(): Promise<void>;
}

const NAMESPACE = 'default';
const TASK_QUEUE = 'carecircle';
/** A stack without a data folder of its own keeps its data here, removed when it stops. */
const THROWAWAY_DIR_PREFIX = 'carecircle-production-';

/**
 * The production topology on one machine, every part a process of its own on 127.0.0.1:
 * PostgreSQL (embedded) holding the app's database and Temporal's two, the Temporal server
 * (frontend, history, matching, worker services) built from source, N API replicas behind
 * one round-robin port, and 1–2 worker processes on one task queue.
 */
export async function startProductionStack(opts: ProductionStackOptions): Promise<ProductionStack> {
  const log = opts.log ?? (() => {});
  const stops: (() => Promise<unknown>)[] = [];
  const throwaway = !opts.dataDir;
  // Open to all: embedded-postgres runs as an unprivileged user when we are root.
  const dir = opts.dataDir ?? makeSweptScratchDir(THROWAWAY_DIR_PREFIX, { open: true, log });
  fs.mkdirSync(dir, { recursive: true });
  const stop = async () => {
    for (const s of stops.splice(0)) await s().catch((err: unknown) => log(`while stopping: ${String(err)}`));
    if (throwaway) fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    const t0 = Date.now();
    const bins = await ensureTemporalServerBinaries({ log });
    const buildMs = Date.now() - t0;
    const t1 = Date.now();

    log('Starting PostgreSQL …');
    const pg: EmbeddedDatabase = await startEmbeddedPostgres({ dir: path.join(dir, 'postgres'), port: await freePort(), database: 'carecircle' });
    stops.unshift(() => pg.stop());
    const target = pgTarget(pg.url);
    await setupTemporalSchemas(bins, target, log);

    log('Starting the Temporal server (frontend, history, matching, worker) …');
    const ports = throwaway ? await freeTemporalPorts() : await keptTemporalPorts(path.join(dir, 'temporal'), opts.temporalPort);
    if (throwaway && opts.temporalPort) ports.frontend = opts.temporalPort;
    const temporal = await startTemporalServer({ bins, postgres: target, dir: path.join(dir, 'temporal'), ports, numHistoryShards: opts.numHistoryShards ?? 4 });
    stops.unshift(() => temporal.stop());
    await prepareNamespace(temporal.address, NAMESPACE);
    log(`Temporal server serving on ${temporal.address}, namespace ${NAMESPACE} and search attributes ready`);

    const publicPort = opts.port ?? (await freePort());
    const apiUrl = `http://127.0.0.1:${publicPort}`;
    // A kept stack keeps its key (in owner-only files), or its sleeping workflows could not be read after a restart.
    const payloadKeys = process.env.PAYLOAD_KEYS || (throwaway ? formatPayloadKeys([generatePayloadKey(`prod-${randomBytes(3).toString('hex')}`)]) : embeddedPayloadKeys(dir));
    // This process's own clients (a test, the bench) encrypt with the same key.
    process.env.PAYLOAD_KEYS ??= payloadKeys;
    const opsToken = process.env.OPS_TOKEN || (throwaway ? randomBytes(24).toString('hex') : embeddedOpsToken(dir).token);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: pg.url,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: NAMESPACE,
      TEMPORAL_TASK_QUEUE: TASK_QUEUE,
      APP_BASE_URL: apiUrl,
      PAYLOAD_KEYS: payloadKeys,
      OPS_TOKEN: opsToken,
      // Plain HTTP on loopback here; a real deployment puts TLS in front and keeps cookies Secure.
      COOKIE_SECURE: 'false',
      HOST: '127.0.0.1',
      // Several processes on one host: each metrics endpoint takes a free port.
      METRICS_PORT: '0',
      WORKER_METRICS_PORT: '0',
      TEMPORAL_METRICS_PORT: '0',
      ...opts.env,
    };

    const apis: AppProcess[] = [];
    const startApi = async (i: number) => {
      const port = await freePort();
      const api = await startAppProcess({ name: `api-${i + 1}`, entry: 'api/main.ts', env: { ...env, PORT: String(port) }, readyLine: 'API listening on', log, restart: opts.restart });
      apis[i] = api;
      stops.unshift(() => api.stop());
      return port;
    };
    const replicas = opts.apiReplicas ?? 2;
    // The first replica runs the migrations; the others and the workers then find the tables.
    const apiPorts = [await startApi(0)];
    const workers: AppProcess[] = [];
    const startWorker = async (i: number) => {
      const w = await startAppProcess({ name: `worker-${i + 1}`, entry: 'temporal/worker-main.ts', env, readyLine: 'worker ready', log, restart: opts.restart });
      workers[i] = w;
      stops.unshift(() => w.stop());
    };
    const rest = await Promise.all([
      ...Array.from({ length: replicas - 1 }, (_, i) => startApi(i + 1)),
      ...Array.from({ length: opts.workers }, (_, i) => startWorker(i).then(() => undefined)),
    ]);
    apiPorts.push(...rest.filter((p): p is number => p !== undefined));

    const proxy = await startRoundRobinProxy(apiPorts.map((port) => ({ host: '127.0.0.1', port })), { host: '127.0.0.1', port: publicPort });
    stops.unshift(() => proxy.close());
    const startMs = Date.now() - t1;
    log(`Production stack ready in ${(startMs / 1000).toFixed(1)} s: ${replicas} API replicas behind ${apiUrl}, ${opts.workers} worker(s)`);
    return {
      temporalAddress: temporal.address,
      namespace: NAMESPACE,
      taskQueue: TASK_QUEUE,
      apiUrl,
      databaseUrl: pg.url,
      payloadKeys,
      apis,
      workers,
      proxy,
      temporal,
      timings: { buildMs, startMs },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
