import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { DEFAULT_RESTART_POLICY, DeathCounter } from '../restart-policy';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const EXIT_WITH_PARENT = path.join(ROOT, 'scripts', 'exit-with-parent.mjs');

type Exit = { code: number | null; signal: NodeJS.Signals | null };

export interface AppProcess {
  name: string;
  /** The current process (a restart makes a new one). */
  readonly pid: number;
  /** The last lines it printed, for error messages. */
  recent(): string[];
  /** The current process's exit. */
  readonly exited: Promise<Exit>;
  kill(signal: NodeJS.Signals): void;
  stop(graceMs?: number): Promise<void>;
}

export interface AppProcessOptions {
  name: string;
  entry: string;
  env: NodeJS.ProcessEnv;
  readyLine: string;
  log: (line: string) => void;
  startTimeoutMs?: number;
  /**
   * Start it again with backoff when it dies, as compose's `restart: unless-stopped` does
   * (scripts/restart-policy.ts; given up on if it keeps dying). Off for tests and the bench,
   * which kill processes on purpose and must see the survivors carry on alone.
   */
  restart?: boolean;
}

/**
 * One API replica or worker, started from its real entry point (api/main.ts,
 * temporal/worker-main.ts) as docker-compose runs it; resolves once it prints `readyLine`.
 * It exits by itself if this process dies (scripts/exit-with-parent.mjs).
 */
export async function startAppProcess(opts: AppProcessOptions): Promise<AppProcess> {
  const lines: string[] = [];
  const deaths = new DeathCounter(DEFAULT_RESTART_POLICY);
  let stopping = false;
  let restartTimer: NodeJS.Timeout | undefined;
  let current = spawnOnce(opts, lines);

  const watch = (run: Run) => {
    void run.exited.then(({ code, signal }) => {
      if (stopping || !opts.restart) return;
      const death = deaths.record();
      const how = signal ?? `code ${code}`;
      if (death.giveUp) return opts.log(`!! ${opts.name} keeps dying (${deaths.describe(death.recent)}, last: ${how}); not restarted again`);
      opts.log(`!! ${opts.name} exited (${how}); restarting in ${(death.delayMs / 1000).toFixed(1)} s`);
      restartTimer = setTimeout(() => {
        if (stopping) return;
        current = spawnOnce(opts, lines);
        current.ready.catch((err: unknown) => opts.log(`!! ${String(err)}`));
        watch(current);
      }, death.delayMs);
    });
  };

  try {
    await current.ready;
  } catch (err) {
    current.child.kill('SIGKILL');
    throw err;
  }
  watch(current);
  return {
    name: opts.name,
    get pid() {
      return current.child.pid!;
    },
    recent: () => [...lines],
    get exited() {
      return current.exited;
    },
    kill: (signal) => void current.child.kill(signal),
    async stop(graceMs = 15_000) {
      stopping = true;
      clearTimeout(restartTimer);
      const { child, exited } = current;
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(t);
    },
  };
}

interface Run {
  child: ChildProcess;
  ready: Promise<void>;
  exited: Promise<Exit>;
}

function spawnOnce(opts: AppProcessOptions, lines: string[]): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', EXIT_WITH_PARENT, path.join(ROOT, opts.entry)], {
    cwd: ROOT,
    env: opts.env,
    stdio: ['pipe', 'pipe', 'pipe'],
    // Its own process group: a Ctrl-C in the terminal reaches only the stack's owner, which stops things in order.
    detached: true,
  });
  let markReady!: () => void;
  const isReady = new Promise<void>((resolve) => (markReady = resolve));
  for (const stream of [child.stdout!, child.stderr!]) {
    readline.createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      if (lines.length > 40) lines.shift();
      if (line.includes(opts.readyLine)) markReady();
      opts.log(`[${opts.name}] ${line}`);
    });
  }
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const timeoutMs = opts.startTimeoutMs ?? 180_000;
  let timer: NodeJS.Timeout | undefined;
  const failed = Promise.race([
    exited.then(({ code, signal }) => `exited (${signal ?? `code ${code}`})`),
    new Promise<string>((resolve) => (timer = setTimeout(() => resolve(`did not print "${opts.readyLine}" within ${timeoutMs / 1000} s`), timeoutMs))),
  ]);
  const ready = Promise.race([isReady.then(() => null), failed]).then((outcome) => {
    clearTimeout(timer);
    if (outcome !== null) throw new Error(`${opts.name} ${outcome} during start-up. Its last lines:\n${lines.join('\n')}`);
  });
  ready.catch(() => {}); // awaited by the caller; a restart's failure is only logged
  return { child, ready, exited };
}
