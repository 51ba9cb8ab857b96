import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { DEFAULT_RESTART_POLICY, DeathCounter, type RestartPolicy } from './restart-policy';

const ROOT = path.resolve(import.meta.dirname, '..');
const EXIT_WITH_PARENT = path.join(ROOT, 'scripts', 'exit-with-parent.mjs');

export interface SupervisedChildOptions {
  /** Short name: prefixes its output and names it in messages. */
  name: string;
  /** TypeScript entry point, relative to the repository root. */
  entry: string;
  env: NodeJS.ProcessEnv;
  /** The child prints a line containing this once it serves. */
  readyLine: string;
  log: (line: string) => void;
  /** Each new process, so the caller can record it (pid file, reaper). */
  onSpawn?: (pid: number) => void;
  onExit?: (pid: number) => void;
  /** The child died too often (or during start-up): the caller should stop everything. */
  onGiveUp: (reason: string) => void;
  policy?: RestartPolicy;
  /** A first start that never reports ready (a hang, a changed log line) fails instead of waiting for ever. */
  startTimeoutMs?: number;
  stopGraceMs?: number;
}

export class ChildStartError extends Error {}

export interface SupervisedChild {
  /** Resolves when the first process prints its ready line; rejects if it dies first. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs a part of the stack (the API, the worker) as its own process and restarts it with
 * backoff when it dies: an uncaught error in one part then costs a few seconds of that part
 * instead of the whole stack. The child is in its own process group (a Ctrl-C reaches only
 * the supervisor, which stops things in order) and exits by itself when the supervisor dies.
 */
export function superviseChild(opts: SupervisedChildOptions): SupervisedChild {
  const deaths = new DeathCounter(opts.policy ?? DEFAULT_RESTART_POLICY);
  let child: ChildProcess | undefined;
  let stopping = false;
  let everReady = false;
  let restartTimer: NodeJS.Timeout | undefined;
  const recent: string[] = [];
  let resolveReady!: () => void;
  let rejectReady!: (e: Error) => void;
  const ready = new Promise<void>((res, rej) => ((resolveReady = res), (rejectReady = rej)));
  ready.catch(() => {}); // the caller awaits it; a late rejection must not crash the supervisor
  const startTimeoutMs = opts.startTimeoutMs ?? 180_000;
  const startTimer = setTimeout(() => {
    if (everReady || stopping) return;
    const reason = `The ${opts.name} process did not print "${opts.readyLine}" within ${startTimeoutMs / 1000} s. Its last lines:\n${recent.join('\n')}`;
    rejectReady(new ChildStartError(reason));
    opts.onGiveUp(reason);
  }, startTimeoutMs);

  const print = (line: string) => {
    recent.push(line);
    if (recent.length > 15) recent.shift();
    opts.log(line.includes(`[${opts.name}]`) ? line : `[${opts.name}] ${line}`);
  };

  const start = () => {
    const c = spawn(process.execPath, ['--import', 'tsx', '--import', EXIT_WITH_PARENT, path.join(ROOT, opts.entry)], {
      cwd: ROOT,
      env: opts.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    child = c;
    const pid = c.pid;
    if (pid !== undefined) opts.onSpawn?.(pid);
    c.on('error', (err) => print(`could not start: ${err.message}`));
    for (const stream of [c.stdout!, c.stderr!]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        if (!everReady && line.includes(opts.readyLine)) {
          everReady = true;
          clearTimeout(startTimer);
          resolveReady();
        }
        print(line);
      });
    }
    c.on('exit', (code, signal) => {
      if (pid !== undefined) opts.onExit?.(pid);
      if (stopping) return;
      const how = signal ?? `code ${code}`;
      if (!everReady) {
        clearTimeout(startTimer);
        const reason = `The ${opts.name} process exited during start-up (${how}). Its last lines:\n${recent.join('\n')}`;
        rejectReady(new ChildStartError(reason));
        return opts.onGiveUp(reason);
      }
      const death = deaths.record();
      if (death.giveUp) {
        return opts.onGiveUp(`The ${opts.name} process keeps dying (${deaths.describe(death.recent)}, last: ${how}). Its last lines:\n${recent.join('\n')}`);
      }
      const wait = death.delayMs;
      opts.log(`[${opts.name}] exited (${how}); restarting in ${(wait / 1000).toFixed(1)} s`);
      restartTimer = setTimeout(() => !stopping && start(), wait);
    });
  };
  start();

  return {
    ready,
    async stop() {
      stopping = true;
      clearTimeout(restartTimer);
      clearTimeout(startTimer);
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      const exited = new Promise<void>((res) => c.once('exit', () => res()));
      c.kill('SIGTERM');
      const timer = setTimeout(() => c.kill('SIGKILL'), opts.stopGraceMs ?? 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
