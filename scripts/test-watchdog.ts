import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);
/** The file a per-file child runs: TypeScript, or built to JavaScript (scripts/test-bundles.ts). */
const TEST_FILE = /\.test\.(?:ts|mjs)(?:\s|$)/;

interface Proc {
  pid: number;
  ppid: number;
  args: string;
}

export interface WatchdogOptions {
  /** The `node --test` processes whose per-file children are watched. */
  runnerPids: () => number[];
  /** A test file still running after this is killed, with every process it started. */
  fileTimeoutMs: number;
  /** Files (matched by the end of their path) allowed a limit of their own instead. */
  fileTimeoutsByName?: Record<string, number>;
  /** The whole run: past this, every file still running is named and killed, then the runners. */
  runTimeoutMs: number;
  log: (line: string) => void;
  pollMs?: number;
  /** A file's name in the log, from the path the runner gave it (a built file's is its TypeScript file). */
  fileName?: (file: string) => string;
}

export interface Watchdog {
  /** Files the watchdog killed, for the final verdict. */
  killed: string[];
  stop(): void;
}

async function processes(): Promise<Proc[]> {
  const { stdout } = await exec('ps', ['-A', '-o', 'pid=,ppid=,args='], { maxBuffer: 16 * 1024 * 1024 });
  return stdout.split('\n').flatMap((line) => {
    const m = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    return m ? [{ pid: Number(m[1]), ppid: Number(m[2]), args: m[3]! }] : [];
  });
}

/** A process and everything below it: a test's workers, dev servers and browsers die with it. */
function tree(all: Proc[], root: number): number[] {
  const out = [root];
  for (let i = 0; i < out.length; i++) for (const p of all) if (p.ppid === out[i]) out.push(p.pid);
  return out;
}

function kill(pids: number[]) {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/**
 * A hung test is a failure, not a wait. Node's test runner runs each file in a child process
 * (`node … <file>.test.ts`); this watches those from outside, because a file that hangs in a
 * hook or on an open handle is beyond any timeout inside it. The runner reports a killed file
 * as failed; the watchdog also names it, so a hang is never silent.
 */
export function watchTestFiles(opts: WatchdogOptions): Watchdog {
  const started = Date.now();
  // Keyed by pid and command line: pids wrap at 32768 here, and a long run reuses them, so a
  // new file must not inherit an old file's start time (a new file was once killed for it).
  const firstSeen = new Map<string, { file: string; at: number }>();
  const killed: string[] = [];
  const done = new Set<string>();
  const key = (p: Proc) => `${p.pid} ${p.args}`;
  const nameOf = opts.fileName ?? ((file: string) => file);
  const limitFor = (file: string) => Object.entries(opts.fileTimeoutsByName ?? {}).find(([name]) => file.endsWith(name))?.[1] ?? opts.fileTimeoutMs;
  let busy = false;

  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const all = await processes();
      const runners = new Set(opts.runnerPids());
      const running = all.filter((p) => runners.has(p.ppid) && !done.has(key(p)) && TEST_FILE.test(p.args));
      const now = Date.now();
      for (const p of running) {
        if (!firstSeen.has(key(p))) firstSeen.set(key(p), { file: nameOf(p.args.split(/\s+/).filter((a) => TEST_FILE.test(a)).pop()!), at: now });
      }
      const overRun = now - started > opts.runTimeoutMs;
      if (overRun) {
        const names = running.map((p) => firstSeen.get(key(p))!.file);
        opts.log(`✖ TIMEOUT: the test run took over ${Math.round(opts.runTimeoutMs / 1000)} s. Still running: ${names.join(', ') || '(no file; the runner itself hangs)'}. Killing them.`);
        killed.push(...names);
        clearInterval(timer);
        for (const p of running) kill(tree(all, p.pid));
        kill([...runners]);
        return;
      }
      for (const p of running) {
        const seen = firstSeen.get(key(p))!;
        const limit = limitFor(seen.file);
        if (now - seen.at > limit) {
          const victims = tree(all, p.pid);
          opts.log(`✖ TIMEOUT: ${seen.file} still running after ${Math.round(limit / 1000)} s; killing it and the ${victims.length - 1} process(es) it started.`);
          killed.push(seen.file);
          done.add(key(p));
          kill(victims);
        }
      }
    } catch (err) {
      opts.log(`watchdog: could not list processes: ${String(err)}`);
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), opts.pollMs ?? 2_000);
  return { killed, stop: () => clearInterval(timer) };
}
