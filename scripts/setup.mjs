// Set-up shared by `npm start` and `npm test`: plain Node, no dependencies, safe to run twice.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..');

function run(cmd, args, opts = {}) {
  console.log(`$ ${cmd} ${args.join(' ')}`);
  execFileSync(cmd, args, { cwd: ROOT, stdio: 'inherit', ...opts });
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    const t = entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs;
    if (t > newest) newest = t;
  }
  return newest;
}

export function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    console.error(`CareCircle needs Node.js 20.19 or newer; this is ${process.versions.node}.`);
    process.exit(1);
  }
}

/**
 * npm install on a fresh clone, when package-lock.json changed since the last install, or
 * when a package npm installed is gone (an interrupted install, a folder removed by hand).
 * Not `npm ci`: the lock file written by our registry mirror omits other platforms'
 * optional binaries (@swc/core-darwin-*, …), and `npm ci` refuses such a lock file.
 */
export function ensureDependencies() {
  const marker = path.join(ROOT, 'node_modules', '.package-lock.json');
  const lock = path.join(ROOT, 'package-lock.json');
  const missing = fs.existsSync(marker) ? missingPackages() : [];
  if (missing.length > 0) console.log(`node_modules lacks ${missing.length} installed package(s) (${missing.slice(0, 5).join(', ')}); installing again`);
  if (!fs.existsSync(marker) || fs.statSync(lock).mtimeMs > fs.statSync(marker).mtimeMs || missing.length > 0) {
    run('npm', ['install', '--no-audit', '--no-fund']);
  }
}

/**
 * Packages npm's own record (node_modules/.package-lock.json) says it installed whose folder
 * is gone: an interrupted install or a folder removed by hand would otherwise surface later
 * as a "Cannot find module" in whatever loads it first.
 */
export function missingPackages() {
  const record = path.join(ROOT, 'node_modules', '.package-lock.json');
  if (!fs.existsSync(record)) return ['node_modules/.package-lock.json'];
  const installed = JSON.parse(fs.readFileSync(record, 'utf8')).packages ?? {};
  return Object.keys(installed).filter((dir) => !fs.existsSync(path.join(ROOT, dir, 'package.json')));
}

/** Builds the SPA when web/dist is missing or older than its sources. */
export function ensureWebBuild() {
  const index = path.join(ROOT, 'web', 'dist', 'index.html');
  // The SPA bundles the shared contracts too, so a change there rebuilds it.
  const sources = Math.max(
    newestMtime(path.join(ROOT, 'web', 'src')),
    // The service worker, manifest and icons are copied from here into the build.
    newestMtime(path.join(ROOT, 'web', 'public')),
    newestMtime(path.join(ROOT, 'api', 'contracts')),
    fs.statSync(path.join(ROOT, 'web', 'index.html')).mtimeMs,
    fs.statSync(path.join(ROOT, 'web', 'vite.config.ts')).mtimeMs,
  );
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= sources) return;
  run(process.execPath, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn']);
}

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The browser tests use Debian's Chromium (Playwright's own download cannot work offline). */
export function ensureChromium() {
  if (fs.existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0) {
    console.error(`Browser tests need Chromium at ${CHROMIUM}: run 'sudo apt-get install -y chromium' or set CHROMIUM_PATH.`);
    process.exit(1);
  }
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', 'chromium'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

/** Runs a TypeScript module in this process through tsx (installed by ensureDependencies). */
export async function runTypeScript(file) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(path.join(ROOT, file));
}
