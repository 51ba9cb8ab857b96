import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isAlive } from './pid-file';

/** The file in a scratch folder naming the process that made it. */
const OWNER_FILE = '.owner';
/** Folders made before they were marked: no run lasts a day, so by then nothing uses them. */
const UNMARKED_AGE_MS = 24 * 3_600_000;

/** When the process started (clock ticks since boot, Linux only): a reused pid is not the owner. */
function startTicks(pid: number): string {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may itself hold ") "; the start time is field 22.
    return stat.slice(stat.lastIndexOf(') ') + 2).split(' ')[19] ?? '';
  } catch {
    return '';
  }
}

/**
 * A throwaway folder `base/prefix…` marked with this process, so that a later run can tell it
 * was left by a run killed before it could remove it (sweepScratchDirs). `open`: any user may
 * write in it (embedded PostgreSQL runs as an unprivileged user when we are root).
 */
export function makeScratchDir(prefix: string, { base = os.tmpdir(), open = false } = {}): string {
  fs.mkdirSync(base, { recursive: true });
  const dir = fs.mkdtempSync(path.join(base, prefix));
  if (open) fs.chmodSync(dir, 0o777);
  fs.writeFileSync(path.join(dir, OWNER_FILE), `${process.pid} ${startTicks(process.pid)}\n`);
  return dir;
}

type Owner = 'alive' | 'gone' | 'unmarked';

function ownerOf(dir: string): Owner {
  let mark: string;
  try {
    mark = fs.readFileSync(path.join(dir, OWNER_FILE), 'utf8');
  } catch {
    return 'unmarked';
  }
  const [pid, ticks = ''] = mark.trim().split(' ');
  const alive = isAlive(Number(pid)) && (ticks === '' || startTicks(Number(pid)) === ticks);
  return alive ? 'alive' : 'gone';
}

/**
 * Live processes whose command line names `dir`: a killed run's PostgreSQL or Temporal server
 * can outlive it, and its files are not pulled from under it. Empty where there is no /proc.
 */
function processesUsing(dir: string): number[] {
  let pids: string[];
  try {
    pids = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  return pids.map(Number).filter((pid) => {
    try {
      const args = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      return args.some((arg) => arg === dir || arg.includes(dir + path.sep)) && isAlive(pid);
    } catch {
      return false;
    }
  });
}

function bytesIn(target: string): number {
  try {
    const stat = fs.lstatSync(target);
    if (!stat.isDirectory()) return stat.size;
    return fs.readdirSync(target).reduce((sum, name) => sum + bytesIn(path.join(target, name)), 0);
  } catch {
    return 0;
  }
}

export interface Sweep {
  removed: { dir: string; bytes: number }[];
  /** Left by a run that is gone, but a process still running names them. */
  inUse: { dir: string; pids: number[] }[];
}

/**
 * Removes the folders `base/prefix…` whose run is gone: marked by a process no longer alive, or
 * unmarked and untouched for a day. A live run's folders are never touched, so two runs side by
 * side are safe.
 */
export function sweepScratchDirs(prefix: string, { base = os.tmpdir(), now = Date.now() } = {}): Sweep {
  const sweep: Sweep = { removed: [], inUse: [] };
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(base, { withFileTypes: true });
  } catch {
    return sweep;
  }
  for (const entry of entries) {
    if (!entry.isDirectory() || !entry.name.startsWith(prefix)) continue;
    const dir = path.join(base, entry.name);
    const owner = ownerOf(dir);
    if (owner === 'alive') continue;
    if (owner === 'unmarked') {
      // Undefined when another run starting at the same moment has just removed it.
      const touched = fs.statSync(dir, { throwIfNoEntry: false })?.mtimeMs;
      if (touched === undefined || now - touched < UNMARKED_AGE_MS) continue;
    }
    const pids = processesUsing(dir);
    if (pids.length > 0) {
      sweep.inUse.push({ dir, pids });
      continue;
    }
    const bytes = bytesIn(dir);
    fs.rmSync(dir, { recursive: true, force: true });
    sweep.removed.push({ dir, bytes });
  }
  return sweep;
}

/** One line for a run's log, or nothing when there was nothing to sweep. */
export function describeSweep({ removed, inUse }: Sweep): string | undefined {
  const lines: string[] = [];
  if (removed.length > 0) {
    const mb = removed.reduce((sum, r) => sum + r.bytes, 0) / 1_048_576;
    lines.push(`removed ${removed.length} folder(s) that killed runs left behind (${mb.toFixed(0)} MB): ${removed.map((r) => path.basename(r.dir)).join(', ')}`);
  }
  for (const { dir, pids } of inUse) lines.push(`kept ${dir}: its run is gone, but pid ${pids.join(', ')} still uses it`);
  return lines.length > 0 ? lines.join('; ') : undefined;
}

/**
 * makeScratchDir, once the folders of the same name whose runs are gone are removed; what was
 * removed or kept is told to `log`. How a run, a bench or a stack makes its throwaway folder.
 */
export function makeSweptScratchDir(prefix: string, { log, ...options }: { base?: string; open?: boolean; log: (line: string) => void }): string {
  const swept = describeSweep(sweepScratchDirs(prefix, { base: options.base }));
  if (swept) log(swept);
  return makeScratchDir(prefix, options);
}
