import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reachable } from './support/imports';

/**
 * Activities run in the worker: they may use the database, the event publisher and shared
 * contracts, never an API route module or the Temporal client module (which imports the
 * workflows, and so would close a cycle worker → activities → client → workflows).
 */
const FORBIDDEN_FOR_ACTIVITIES = [/^api\/.*routes?\.ts$/, /^api\/.*-routes?\.ts$/, /^temporal\/client\.ts$/, /^api\/(app|server|main)\.ts$/];

test('activities reach no API route module and not the Temporal client module', { timeout: 30_000 }, () => {
  const files = reachable('activities/index.ts');
  assert.ok(files.size > 20, 'the walk found the activities');
  const offending = [...files].filter(([f]) => FORBIDDEN_FOR_ACTIVITIES.some((re) => re.test(f))).map(([, chain]) => chain.join(' → '));
  assert.deepEqual(offending, []);
});

test('workflow code reaches no API module but shared contracts', { timeout: 30_000 }, () => {
  const files = [...reachable('workflows/index.ts').entries()];
  const offending = files.filter(([f]) => f.startsWith('api/') && !f.startsWith('api/contracts/')).map(([, chain]) => chain.join(' → '));
  assert.deepEqual(offending, []);
});
