import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { loggableError } from './log';

test('a logged error keeps its code path but not whom it was about', { timeout: 5_000 }, () => {
  const err = new Error('550 5.1.1 <ben.smith@example.org> rejected; SMS to +447700900123 failed: "Metformin 500 mg"');
  const logged = JSON.stringify(loggableError(err));
  assert.doesNotMatch(logged, /ben\.smith|example\.org|447700900123|Metformin/);
  assert.match(logged, /550 5\.1\.1/);
  assert.match(logged, /log\.test\.ts/, 'the stack still says where it failed');
  // A scoped package in a stack path is no address.
  const scoped = Object.assign(new Error('boom'), { stack: 'Error: boom\n    at run (/app/node_modules/@temporalio/client/lib/x.js:1:1)' });
  assert.match(JSON.stringify(loggableError(scoped)), /@temporalio\/client/);
});

test('API code logs errors through loggableError, never String(err) (which carries the message and a database error\'s quoted value)', { timeout: 5_000 }, () => {
  const root = import.meta.dirname;
  const offenders: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
        readFileSync(full, 'utf8')
          .split('\n')
          .forEach((line, i) => {
            if (/log\.error\(.*String\(|\berr: String\(/.test(line)) offenders.push(`${path.relative(root, full)}:${i + 1}`);
          });
      }
    }
  };
  walk(root);
  assert.deepEqual(offenders, []);
});
