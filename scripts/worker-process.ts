import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

const ROOT = path.resolve(import.meta.dirname, '..');
const READY_LINE = 'worker ready';

/**
 * Runs the Temporal worker as its own process (as in production) and restarts it if it dies:
 * a crashed worker loses nothing, since Temporal hands its tasks to the next poller.
 */
export function superviseWorker(env: NodeJS.ProcessEnv, log: (line: string) => void) {
  let child: ChildProcess | undefined;
  let stopping = false;
  let resolveReady!: () => void;
  let rejectReady!: (e: Error) => void;
  const ready = new Promise<void>((res, rej) => ((resolveReady = res), (rejectReady = rej)));
  let everReady = false;

  const start = () => {
    const c = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'temporal', 'worker-main.ts')], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = c;
    for (const stream of [c.stdout!, c.stderr!]) {
      readline.createInterface({ input: stream }).on('line', (line) => {
        if (line.includes(READY_LINE) && !everReady) {
          everReady = true;
          resolveReady();
        }
        log(`[worker] ${line}`);
      });
    }
    c.on('exit', (code, signal) => {
      if (stopping) return;
      if (!everReady) return rejectReady(new Error(`The Temporal worker exited during start-up (code ${code ?? signal}); see [worker] lines above.`));
      log(`[worker] exited (code ${code ?? signal}); restarting in 2 s`);
      setTimeout(() => !stopping && start(), 2000).unref();
    });
  };
  start();

  return {
    ready,
    async stop() {
      stopping = true;
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      const exited = new Promise<void>((res) => c.once('exit', () => res()));
      c.kill('SIGTERM');
      const timer = setTimeout(() => c.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
