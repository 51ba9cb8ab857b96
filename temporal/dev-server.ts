import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { resolveTemporalCli, type BinarySource } from './binaries';
import { ensureSearchAttributes, hasSearchAttributes, SEARCH_ATTRIBUTES, searchAttributeCliArgs } from './search-attributes';

export interface DevServerOptions {
  /** SQLite file: workflows, timers and history survive a restart only because of it. */
  dbFile: string;
  ip?: string;
  grpcPort: number;
  uiPort: number;
  namespace?: string;
  /** Progress lines for the orchestrator; the server's own output goes to `logFile`. */
  log?: (line: string) => void;
  /** Defaults to temporal-dev-server.log beside `dbFile`. */
  logFile?: string;
  /** A cold start of the 150 MB binary on 2 cores takes seconds; be generous. */
  startTimeoutMs?: number;
  /**
   * Server dynamic config, each passed as `--dynamic-config-value KEY=<JSON value>`; e.g.
   * `{ 'limit.historyCount.suggestContinueAsNew': 10 }` makes a test's workflow be told to
   * continue as new after 10 events instead of 4,096.
   */
  dynamicConfig?: Record<string, string | number | boolean>;
  /** Temporal UI decodes payloads through this codec server (the API's /ops/codec) with `--ui-codec-endpoint`. */
  codecEndpoint?: string;
}

export interface DevServer {
  address: string;
  uiUrl: string;
  source: BinarySource;
  /** The server process, so a supervisor can make sure it never outlives it; absent for the SDK's download. */
  pid?: number;
  /** Resolves when the server process exits, asked to or not (never, for the SDK's download). */
  exited: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Dynamic config every dev server gets (the app's, the test stacks', the bench's);
 * `dynamicConfig` in the options adds to it or overrides it. Eager activity execution:
 * a workflow task completion that schedules an activity on the worker's own task queue
 * gets the activity task back in its reply (the SDK reserves up to 3 free activity slots
 * per workflow task), instead of a transfer task, a matching dispatch and a poll. A due
 * dose's reminder is such an activity: 300 doses on one minute took a median of 37.2 ms
 * of CPU per dose with it on, 40.7 ms off (9 interleaved pairs, 7 lower, median ratio
 * 0.88; worker + dev server + PostgreSQL, bench/burst-cpu.ts). The gain shows under load:
 * on a quiet machine two pairs split and one 1,000-dose pair was 33.4 vs 31.5 ms. Off by
 * default in the server; the production shape turns it on too (temporalDynamicConfig).
 */
export const DEV_SERVER_DYNAMIC_CONFIG: Readonly<Record<string, string | number | boolean>> = {
  'system.enableActivityEagerExecution': true,
};

/** Starts `temporal server start-dev` (the CLI's dev server with the Web UI) and waits until it serves. */
export async function startDevServer(opts: DevServerOptions): Promise<DevServer> {
  const ip = opts.ip ?? '127.0.0.1';
  const namespace = opts.namespace ?? 'default';
  const log = opts.log ?? (() => {});
  await assertPortFree(ip, opts.grpcPort, 'TEMPORAL_GRPC_PORT');
  await assertPortFree(ip, opts.uiPort, 'TEMPORAL_UI_PORT');
  fs.mkdirSync(path.dirname(opts.dbFile), { recursive: true });

  const source = await resolveTemporalCli({ log });
  log(`Temporal CLI: ${source.kind === 'cached-download' ? 'SDK cached-download' : source.path} (${source.kind})`);
  const address = `${ip}:${opts.grpcPort}`;
  const uiUrl = `http://${ip}:${opts.uiPort}`;
  const extraArgs = ['--sqlite-pragma', 'journal_mode=wal', '--ui-ip', ip, ...dynamicConfigArgs({ ...DEV_SERVER_DYNAMIC_CONFIG, ...opts.dynamicConfig })];
  if (opts.codecEndpoint) extraArgs.push('--ui-codec-endpoint', opts.codecEndpoint);
  if (source.kind === 'cached-download') {
    // Only reachable on a machine with internet; @temporalio/testing is a dev dependency, hence the lazy import.
    const { TestWorkflowEnvironment } = await import('@temporalio/testing');
    const env = await TestWorkflowEnvironment.createLocal({
      server: { dbFilename: opts.dbFile, ip, port: opts.grpcPort, ui: true, uiPort: opts.uiPort, namespace,
        searchAttributes: SEARCH_ATTRIBUTES, log: { format: 'pretty', level: 'warn' }, extraArgs },
    });
    return { address, uiUrl, source, exited: new Promise<void>(() => {}), stop: () => env.teardown() };
  }

  const logFile = opts.logFile ?? path.join(path.dirname(opts.dbFile), 'temporal-dev-server.log');
  const out = fs.openSync(logFile, 'a');
  const args = ['server', 'start-dev', '--db-filename', opts.dbFile, '--ip', ip, '--port', String(opts.grpcPort),
    '--ui-port', String(opts.uiPort), '--namespace', namespace, '--log-level', 'warn', ...extraArgs, ...searchAttributeCliArgs()];
  const child = spawn(source.path, args, { stdio: ['ignore', out, out] });
  fs.closeSync(out);
  // A crashed parent must not leave a server holding the ports and the SQLite lock.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<never>((_, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      reject(new Error(`temporal server start-dev exited early (${signal ?? `code ${code}`}). Last log lines from ${logFile}:\n${tail(logFile)}`)),
    );
  });
  exited.catch(() => {}); // observed below while starting; after start-up an exit is not an error here

  try {
    await Promise.race([waitUntilServing(address, namespace, opts.startTimeoutMs ?? 60_000), exited]);
  } catch (err) {
    process.removeListener('exit', killOnExit);
    await stopChild(child);
    throw err;
  }
  return {
    address,
    uiUrl,
    source,
    pid: child.pid,
    exited: new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()))),
    async stop() {
      process.removeListener('exit', killOnExit);
      await stopChild(child);
    },
  };
}

// The CLI parses each value as JSON: a string must arrive quoted.
function dynamicConfigArgs(values: Record<string, string | number | boolean>): string[] {
  return Object.entries(values).flatMap(([key, value]) => ['--dynamic-config-value', `${key}=${JSON.stringify(value)}`]);
}

async function waitUntilServing(address: string, namespace: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    let connection: Connection | undefined;
    try {
      connection = await Connection.connect({ address, connectTimeout: 2_000 });
      await connection.workflowService.describeNamespace({ namespace });
      if (await hasSearchAttributes(connection, namespace)) return;
      // The CLI registers its --search-attribute list only when it creates the database: a
      // data folder from an older version lacks the attributes added since, so add them.
      await ensureSearchAttributes(connection, namespace);
      lastError = new Error('search attributes not registered yet');
    } catch (err) {
      lastError = err;
    } finally {
      await connection?.close();
    }
    await delay(250);
  }
  throw new Error(`Temporal dev server at ${address} did not answer within ${timeoutMs} ms: ${String(lastError)}`);
}

async function assertPortFree(ip: string, port: number, envVar: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', () =>
      reject(new Error(`Port ${port} on ${ip} is already in use; set ${envVar} to a free port (or stop whatever holds it).`)),
    );
    server.listen(port, ip, () => server.close(() => resolve()));
  });
}

/** SIGTERM lets the server flush SQLite; SIGKILL only if it hangs. */
async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await gone;
  clearTimeout(timer);
}

function tail(file: string, lines = 20): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
