import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** A process whose output lines can be awaited: "wait until it says X", never "sleep and look". */
export class WatchedProcess {
  readonly lines: string[] = [];
  private waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** After the exit, once every process holding its stdout / stderr is gone too. */
  readonly closed: Promise<void>;

  constructor(readonly child: ChildProcess) {
    for (const stream of [child.stdout!, child.stderr!]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        this.lines.push(line);
        this.waiters = this.waiters.filter((w) => !(w.pattern.test(line) && (w.resolve(line), true)));
      });
    }
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    this.closed = new Promise((resolve) => child.once('close', () => resolve()));
  }

  /** The next line (from now on) matching `pattern`; rejects with the output so far after `timeoutMs`. */
  next(pattern: RegExp, timeoutMs: number): Promise<string> {
    return this.waitFor(pattern, timeoutMs, this.lines.length);
  }

  /** A line matching `pattern`, said already or to come. */
  seen(pattern: RegExp, timeoutMs: number): Promise<string> {
    return this.waitFor(pattern, timeoutMs, 0);
  }

  private waitFor(pattern: RegExp, timeoutMs: number, from: number): Promise<string> {
    const already = this.lines.slice(from).find((l) => pattern.test(l));
    if (already !== undefined) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(new Error(`no line matching ${String(pattern)} within ${timeoutMs} ms; output:\n${this.lines.join('\n')}`));
      }, timeoutMs);
      const done = (line: string) => {
        clearTimeout(timer);
        resolve(line);
      };
      this.waiters.push({ pattern, resolve: done });
    });
  }
}

export interface StackPorts {
  PORT: string;
  EMBEDDED_PG_PORT: string;
  TEMPORAL_GRPC_PORT: string;
  TEMPORAL_UI_PORT: string;
  METRICS_PORT: string;
  WORKER_METRICS_PORT: string;
  TEMPORAL_METRICS_PORT: string;
}

/** `npm start`'s supervisor (without the install and build steps) on the given ports and data folder. */
export function startSupervisor(ports: StackPorts, dataDir: string): WatchedProcess {
  const env: NodeJS.ProcessEnv = { ...process.env, ...ports, DATA_DIR: dataDir, NODE_ENV: 'development' };
  // The suite's own services must not be picked up: this stack starts its own.
  delete env.DATABASE_URL;
  delete env.TEMPORAL_ADDRESS;
  // Nor the suite's payload key: the embedded mode makes its own in the data folder.
  delete env.PAYLOAD_KEYS;
  delete env.OPS_TOKEN;
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'start-app.ts')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new WatchedProcess(child);
}

export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
