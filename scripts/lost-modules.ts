import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Twice in CI the production-topology test died while loading, on "Cannot find module" for a
 * file that is in the repository ('glob' in node_modules once, api/auth/tokens.ts once), after
 * every test before it had loaded the same file. The cause is not known, so the runner
 * reports what it can see and runs that file once more: a file really gone fails again.
 */
const CANNOT_FIND = /Cannot find (?:module|package) '([^']+)'/g;

export interface MissingModule {
  /** As the loader named it: a path without its extension, or a package name. */
  name: string;
  /** Whether a file it could have meant is there now. */
  thereNow: boolean;
}

const EXTENSIONS = ['', '.ts', '.mts', '.js', '.mjs', '.json', '/index.ts', '/index.js', '/package.json'];

/**
 * The modules a test run's output says could not be found, and whether each is there now;
 * only when one of `files` failed as a whole, outside any test (its own name is the failed
 * test's): a test that failed on an assertion is never run again, whatever else it printed.
 */
export function missingModules(output: string, root: string, files: string[]): MissingModule[] {
  if (!files.some((f) => output.includes(`✖ ${path.join(root, f)} (`))) return [];
  const names = new Set([...output.matchAll(CANNOT_FIND)].map((m) => m[1]!));
  return [...names].map((name) => {
    const base = path.isAbsolute(name) ? name : path.join(root, 'node_modules', name);
    return { name, thereNow: EXTENSIONS.some((ext) => fs.existsSync(base + ext)) };
  });
}

/** What the machine looked like: a full disk or memory pressure is the first thing to rule out. */
export function machineState(root: string): string {
  const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GiB`;
  const disk = (dir: string) => {
    try {
      const s = fs.statfsSync(dir);
      return `${gib(s.bavail * s.bsize)} free on ${dir} (${s.ffree} inodes)`;
    } catch (e) {
      return `${dir}: ${(e as Error).message}`;
    }
  };
  return [disk(root), disk(os.tmpdir()), `memory ${gib(os.freemem())} free of ${gib(os.totalmem())}`, `load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`].join('; ');
}
