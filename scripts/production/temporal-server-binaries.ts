import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const TEMPORAL_SERVER_VERSION = 'v1.32.2';
/** The server's go.mod needs Go 1.26.10 or newer; GOTOOLCHAIN fetches this pinned one through the module proxy if the local Go is another. */
const GO_TOOLCHAIN = 'go1.27.3';
const PACKAGES = ['go.temporal.io/server/cmd/server', 'go.temporal.io/server/cmd/tools/sql'];

export interface TemporalServerBinaries {
  /** `temporal-server` (frontend, history, matching, worker services). */
  server: string;
  /** `temporal-sql-tool`: creates and migrates the server's own schemas. */
  sql: string;
}

/** Per version, so a version bump builds afresh instead of running an older binary. */
function binDir(): string {
  return process.env.TEMPORAL_SERVER_BIN_DIR ?? path.join(ROOT, '.tools', 'temporal-server', TEMPORAL_SERVER_VERSION);
}

function findGo(): string {
  if (process.env.GO) return process.env.GO;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && fs.existsSync(path.join(dir, 'go'))) return path.join(dir, 'go');
  }
  if (fs.existsSync('/usr/local/go/bin/go')) return '/usr/local/go/bin/go';
  throw new Error('The production mode builds the Temporal server from source and needs Go 1.21 or newer (it fetches the toolchain the server wants): install it or set GO to its path.');
}

let building: Promise<TemporalServerBinaries> | undefined;

/**
 * The Temporal server and its SQL tool, built once with `go install` from the Go module
 * proxy into .tools/temporal-server/<version>/ (a few minutes on 2 cores; later calls find them).
 * Go's own module and build caches (GOMODCACHE, GOCACHE) stay where the user keeps them.
 */
export function ensureTemporalServerBinaries(opts: { log?: (line: string) => void } = {}): Promise<TemporalServerBinaries> {
  building ??= build(opts.log ?? (() => {}));
  building.catch(() => (building = undefined));
  return building;
}

async function build(log: (line: string) => void): Promise<TemporalServerBinaries> {
  const dir = binDir();
  const bins = { server: path.join(dir, 'server'), sql: path.join(dir, 'sql') };
  if (fs.existsSync(bins.server) && fs.existsSync(bins.sql)) return bins;
  const go = findGo();
  const started = Date.now();
  log(`Building the Temporal server ${TEMPORAL_SERVER_VERSION} with go install into ${path.relative(ROOT, dir)} (once; a few minutes) …`);
  // Into a scratch folder first: a build cut short must not leave one binary that looks like a finished pair.
  const scratch = `${dir}.building-${process.pid}`;
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.mkdirSync(scratch, { recursive: true });
  const args = ['install', ...PACKAGES.map((p) => `${p}@${TEMPORAL_SERVER_VERSION}`)];
  const env = { ...process.env, GOBIN: scratch, GOTOOLCHAIN: GO_TOOLCHAIN, GOFLAGS: process.env.GOFLAGS ?? '-buildvcs=false' };
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(go, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (c: Buffer) => (text += c.toString()));
    child.stderr.on('data', (c: Buffer) => (text += c.toString()));
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolve(text) : reject(new Error(`go ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${text.trim().split('\n').slice(-30).join('\n')}`)),
    );
  });
  if (!fs.existsSync(path.join(scratch, 'server')) || !fs.existsSync(path.join(scratch, 'sql'))) {
    throw new Error(`go install finished without both binaries in ${scratch}:\n${output}`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(scratch, dir);
  log(`Temporal server built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return bins;
}
