import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { setTimeout as delay } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { msNumberToTs } from '@temporalio/common/lib/time';
import pg from 'pg';
import { ensureSearchAttributes, hasSearchAttributes } from '../../temporal/search-attributes';
import type { TemporalServerBinaries } from './temporal-server-binaries';
import { TEMPORAL_PORT_NAMES, temporalDynamicConfig, temporalServerConfig, type TemporalServerPorts } from './temporal-server-config';

const run = promisify(execFile);
const SERVICES = ['frontend', 'history', 'matching', 'worker'];
const GRPC_ALREADY_EXISTS = 6;

export interface TemporalServer {
  address: string;
  pid?: number;
  ports: TemporalServerPorts;
  logFile: string;
  exited: Promise<void>;
  stop(): Promise<void>;
}

interface PgTarget {
  host: string;
  port: number;
  user: string;
  password: string;
}

export function pgTarget(databaseUrl: string): PgTarget {
  const u = new URL(databaseUrl);
  return { host: u.hostname, port: Number(u.port), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password) };
}

/**
 * Temporal's own databases on the given PostgreSQL, made and migrated with the server's SQL
 * tool (the schemas embedded in that binary, the same files as the module's
 * schema/postgresql/v12). Safe on every start: an existing schema is only brought up to date.
 */
export async function setupTemporalSchemas(bins: TemporalServerBinaries, target: PgTarget, log: (line: string) => void): Promise<void> {
  const base = ['--plugin', 'postgres12', '--endpoint', target.host, '--port', String(target.port), '--user', target.user, '--password', target.password];
  for (const [database, schema] of [['temporal', 'postgresql/v12/temporal'], ['temporal_visibility', 'postgresql/v12/visibility']] as const) {
    const t0 = Date.now();
    const db = [...base, '--database', database];
    if (!(await databaseExists(target, database))) await sqlTool(bins, [...db, 'create-database']);
    if (!(await hasVersionTable(target, database))) await sqlTool(bins, [...db, 'setup-schema', '--version', '0.0']);
    await sqlTool(bins, [...db, 'update-schema', '--schema-name', schema]);
    log(`Temporal schema ${database} ready (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }
}

async function sqlTool(bins: TemporalServerBinaries, args: string[]): Promise<void> {
  try {
    await run(bins.sql, args, { timeout: 120_000 });
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    throw new Error(`temporal-sql-tool ${args.filter((_, i) => args[i - 1] !== '--password').join(' ')} failed: ${e.stderr || e.stdout || e.message}`);
  }
}

async function withPg<T>(target: PgTarget, database: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ ...target, database });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const databaseExists = (t: PgTarget, name: string) =>
  withPg(t, 'postgres', async (c) => ((await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount ?? 0) > 0);
const hasVersionTable = (t: PgTarget, name: string) =>
  withPg(t, name, async (c) => (await c.query(`SELECT to_regclass('schema_version') IS NOT NULL AS found`)).rows[0].found as boolean);

/**
 * Free ports below 32768: the server stores its services' ports in a PostgreSQL SMALLINT
 * (cluster_membership.rpc_port), and the OS hands out ephemeral ports above that.
 */
export async function freeTemporalPorts(): Promise<TemporalServerPorts> {
  const ports = {} as TemporalServerPorts;
  const taken = new Set<number>();
  for (const name of TEMPORAL_PORT_NAMES) {
    for (let tries = 0; ; tries++) {
      const port = 20_000 + Math.floor(Math.random() * 12_700);
      if (!taken.has(port) && (await isFree(port))) {
        taken.add(port);
        ports[name] = port;
        break;
      }
      if (tries > 200) throw new Error('no free port between 20000 and 32700 on 127.0.0.1');
    }
  }
  return ports;
}

/**
 * A kept cluster reuses its ports (saved beside its config): the membership table still
 * lists the last run's hosts for a while, and hosts found at the same addresses rejoin at
 * once instead of the ring routing to addresses nobody answers on.
 */
export async function keptTemporalPorts(dir: string, frontend?: number): Promise<TemporalServerPorts> {
  const file = path.join(dir, 'ports.json');
  if (fs.existsSync(file)) {
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as TemporalServerPorts;
    if (frontend) saved.frontend = frontend;
    const free = await Promise.all(TEMPORAL_PORT_NAMES.map((name) => isFree(saved[name])));
    if (free.every(Boolean)) return saved;
  }
  const ports = await freeTemporalPorts();
  if (frontend) ports.frontend = frontend;
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(ports, null, 2)}\n`);
  return ports;
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * Starts the four Temporal services in one process on 127.0.0.1 and waits until the
 * frontend reports SERVING (as `temporal operator cluster health` does).
 */
export async function startTemporalServer(opts: {
  bins: TemporalServerBinaries;
  postgres: PgTarget;
  dir: string;
  ports: TemporalServerPorts;
  numHistoryShards: number;
  startTimeoutMs?: number;
}): Promise<TemporalServer> {
  fs.mkdirSync(opts.dir, { recursive: true });
  const dynamicConfigFile = path.join(opts.dir, 'dynamicconfig.yaml');
  const configFile = path.join(opts.dir, 'temporal-server.yaml');
  fs.writeFileSync(dynamicConfigFile, temporalDynamicConfig());
  fs.writeFileSync(configFile, temporalServerConfig({ postgres: opts.postgres, ports: opts.ports, numHistoryShards: opts.numHistoryShards, dynamicConfigFile }), { mode: 0o600 });
  const logFile = path.join(opts.dir, 'temporal-server.log');
  const out = fs.openSync(logFile, 'a');
  const args = ['--config-file', configFile, '--allow-no-auth', 'start', ...SERVICES.flatMap((s) => ['--service', s])];
  // Its own process group: a Ctrl-C in the terminal reaches only our process, which stops the workers before the server.
  const child = spawn(opts.bins.server, args, { stdio: ['ignore', out, out], detached: true });
  fs.closeSync(out);
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const address = `127.0.0.1:${opts.ports.frontend}`;
  const early = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) => reject(new Error(`temporal-server exited early (${signal ?? `code ${code}`}); see ${logFile}:\n${tail(logFile)}`))),
  );
  early.catch(() => {});
  try {
    await Promise.race([waitUntilServing(address, opts.startTimeoutMs ?? 120_000), early]);
  } catch (err) {
    process.removeListener('exit', killOnExit);
    await stopChild(child);
    throw err;
  }
  return {
    address,
    pid: child.pid,
    ports: opts.ports,
    logFile,
    exited: new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()))),
    async stop() {
      process.removeListener('exit', killOnExit);
      await stopChild(child);
    },
  };
}

async function waitUntilServing(address: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const connection = await Connection.connect({ address, connectTimeout: 2_000 });
      try {
        const res = await connection.healthService.check({ service: 'temporal.api.workflowservice.v1.WorkflowService' });
        if (res.status === 1) return; // SERVING
        last = `health status ${res.status}`;
      } finally {
        await connection.close();
      }
    } catch (err) {
      last = err;
    }
    await delay(500);
  }
  throw new Error(`Temporal server at ${address} did not report SERVING within ${timeoutMs} ms: ${String(last)}`);
}

/**
 * The app's namespace and search attributes, which a fresh cluster lacks (the dev server
 * makes them from its command line). Registering twice is harmless; returns once the
 * attributes are visible, so a worker can set them straight away.
 */
export async function prepareNamespace(address: string, namespace: string, retentionDays = 30, timeoutMs = 60_000): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    try {
      await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msNumberToTs(retentionDays * 86_400_000) });
    } catch (err) {
      if ((err as { code?: number }).code !== GRPC_ALREADY_EXISTS) throw err;
    }
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      // Right after registering, the frontend may not know the namespace yet (its cache refreshes every few seconds).
      const ok = await ensureSearchAttributes(connection, namespace).then(() => hasSearchAttributes(connection, namespace), () => false);
      if (ok) return;
      if (Date.now() > deadline) throw new Error(`namespace ${namespace} or its search attributes not ready on ${address} within ${timeoutMs} ms`);
      await delay(500);
    }
  } finally {
    await connection.close();
  }
}

/** SIGTERM lets the services leave the membership ring and close shards cleanly. */
async function stopChild(child: ChildProcess, graceMs = 15_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await gone;
  clearTimeout(timer);
}

function tail(file: string, lines = 30): string {
  try {
    // JSON log lines carry whole Go stack traces: the message and the error are what tell.
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).map((l) => l.slice(0, 400)).join('\n');
  } catch {
    return '(no log)';
  }
}
