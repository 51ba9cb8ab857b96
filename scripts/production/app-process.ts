import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const EXIT_WITH_PARENT = path.join(ROOT, 'scripts', 'exit-with-parent.mjs');

export interface AppProcess {
  name: string;
  pid: number;
  /** The last lines it printed, for error messages. */
  recent(): string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): void;
  stop(graceMs?: number): Promise<void>;
}

/**
 * One API replica or worker, started from its real entry point (api/main.ts,
 * temporal/worker-main.ts) as docker-compose runs it; resolves once it prints `readyLine`.
 * It exits by itself if this process dies (scripts/exit-with-parent.mjs). Not restarted
 * here: that is the job of whatever runs the stack (compose's restart policy, systemd).
 */
export async function startAppProcess(opts: {
  name: string;
  entry: string;
  env: NodeJS.ProcessEnv;
  readyLine: string;
  log: (line: string) => void;
  startTimeoutMs?: number;
}): Promise<AppProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', EXIT_WITH_PARENT, path.join(ROOT, opts.entry)], {
    cwd: ROOT,
    env: opts.env,
    stdio: ['pipe', 'pipe', 'pipe'],
    // Its own process group: a Ctrl-C in the terminal reaches only the stack's owner, which stops things in order.
    detached: true,
  });
  const lines: string[] = [];
  let ready!: () => void;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  for (const stream of [child.stdout, child.stderr]) {
    readline.createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      if (lines.length > 40) lines.shift();
      if (line.includes(opts.readyLine)) ready();
      opts.log(`[${opts.name}] ${line}`);
    });
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const timeoutMs = opts.startTimeoutMs ?? 180_000;
  let timer: NodeJS.Timeout | undefined;
  const failed = Promise.race([
    exited.then(({ code, signal }) => `exited (${signal ?? `code ${code}`})`),
    new Promise<string>((resolve) => (timer = setTimeout(() => resolve(`did not print "${opts.readyLine}" within ${timeoutMs / 1000} s`), timeoutMs))),
  ]);
  const outcome = await Promise.race([isReady.then(() => null), failed]);
  clearTimeout(timer);
  if (outcome !== null) {
    child.kill('SIGKILL');
    throw new Error(`${opts.name} ${outcome} during start-up. Its last lines:\n${lines.join('\n')}`);
  }
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  return {
    name: opts.name,
    pid: child.pid!,
    recent: () => [...lines],
    exited,
    kill: (signal) => void child.kill(signal),
    async stop(graceMs = 15_000) {
      if (gone()) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(t);
    },
  };
}
