import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

export type StackPart = 'supervisor' | 'reaper' | 'postgres' | 'temporal' | 'api' | 'worker';
export type StackPids = Partial<Record<StackPart, number>>;

/** A pid is ours only if its command line still says so: after a reboot the number may be someone else's. */
const COMMAND_MARKS: Record<StackPart, string> = {
  supervisor: 'start',
  reaper: 'reaper.mjs',
  postgres: 'postgres',
  temporal: 'temporal',
  api: 'api/main.ts',
  worker: 'worker-main.ts',
};
/** PostgreSQL's fast shutdown is SIGINT; everything else stops on SIGTERM. */
const STOP_SIGNAL: Record<StackPart, NodeJS.Signals> = {
  supervisor: 'SIGTERM', reaper: 'SIGTERM', postgres: 'SIGINT', temporal: 'SIGTERM', api: 'SIGTERM', worker: 'SIGTERM',
};

export class AlreadyRunningError extends Error {}

export const pidFile = (dataDir: string) => path.join(dataDir, 'carecircle.pids');

export function writePids(file: string, pids: StackPids): void {
  fs.writeFileSync(file, `${JSON.stringify(pids, null, 2)}\n`);
}

export function readPids(file: string): StackPids {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as StackPids;
  } catch {
    return {};
  }
}

/** A killed process whose parent is gone stays a zombie until init reaps it: that is dead enough. */
function isZombie(pid: number): boolean {
  try {
    return /\) Z /.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !isZombie(pid);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // gone meanwhile
  }
}

function commandLine(pid: number): string {
  const r = spawnSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '';
}

const isOurs = (part: StackPart, pid: number) => isAlive(pid) && commandLine(pid).includes(COMMAND_MARKS[part]);

/**
 * Before checking ports: stop what a previous `npm start` recorded and left running (its
 * supervisor and reaper both killed at once, e.g. by the OOM killer). A supervisor that is
 * still alive means CareCircle is running: that is refused, not killed.
 */
export async function stopLeftovers(file: string, log: (line: string) => void, graceMs = 10_000): Promise<void> {
  const recorded = readPids(file);
  const supervisor = recorded.supervisor;
  if (supervisor !== undefined && supervisor !== process.pid && isOurs('supervisor', supervisor)) {
    throw new AlreadyRunningError(`CareCircle is already running from this data folder (pid ${supervisor}). Stop it first (Ctrl-C in its terminal, or kill ${supervisor}).`);
  }
  const leftovers = (Object.entries(recorded) as [StackPart, number][]).filter(
    ([part, pid]) => part !== 'supervisor' && typeof pid === 'number' && isOurs(part, pid),
  );
  if (leftovers.length > 0) {
    log(`Stopping ${leftovers.map(([part, pid]) => `${part} (pid ${pid})`).join(', ')} left over from a previous run …`);
    for (const [part, pid] of leftovers) signal(pid, STOP_SIGNAL[part]);
    const deadline = Date.now() + graceMs;
    while (leftovers.some(([, pid]) => isAlive(pid)) && Date.now() < deadline) await delay(100);
    for (const [, pid] of leftovers) if (isAlive(pid)) signal(pid, 'SIGKILL');
  }
  fs.rmSync(file, { force: true });
}
