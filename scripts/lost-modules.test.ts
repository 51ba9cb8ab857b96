import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { machineState, missingModules } from './lost-modules';

test('the modules a file that failed to load names are found in its output, and each is looked for again', { timeout: 10_000 }, () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'carecircle-lost-'));
  try {
    fs.mkdirSync(path.join(root, 'api', 'auth'), { recursive: true });
    fs.writeFileSync(path.join(root, 'api', 'auth', 'tokens.ts'), '');
    fs.mkdirSync(path.join(root, 'node_modules', 'glob'), { recursive: true });
    fs.writeFileSync(path.join(root, 'node_modules', 'glob', 'package.json'), '{}');
    const output = [
      `✖ ${root}/test/production/production-stack.test.ts (667.08ms)`,
      `Error [ERR_MODULE_NOT_FOUND]: Cannot find module '${root}/api/auth/tokens' imported from ${root}/api/profile/verification.ts`,
      "Error: Cannot find module 'glob'",
      "Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'left-pad' imported from x.ts",
      `again: Cannot find module '${root}/api/auth/tokens'`,
    ].join('\n');
    const files = ['test/production/production-stack.test.ts'];
    assert.deepEqual(missingModules(output, root, files), [
      { name: `${root}/api/auth/tokens`, thereNow: true },
      { name: 'glob', thereNow: true },
      { name: 'left-pad', thereNow: false },
    ]);
    assert.deepEqual(missingModules('ℹ pass 3\nℹ fail 0', root, files), []);
    const assertionFailed = `✖ a reminder reaches the outbox (1234ms)\n  AssertionError: every send once\nlog: Cannot find module 'glob'`;
    assert.deepEqual(missingModules(assertionFailed, root, files), [], 'a test that ran and failed is not run again');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('the machine state names free disk, inodes, memory and load', { timeout: 5_000 }, () => {
  assert.match(machineState(os.tmpdir()), /GiB free on .* inodes\).*memory .* GiB free of .* GiB; load /);
});
