import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '../config';
import type { AppDeps } from '../deps';
import { checkReadiness } from '../health/readiness';
import { liveState } from '../medications/live-state';

/**
 * Reads a request can do without (a schedule's live state, a readiness check) give up inside
 * TEMPORAL_REQUEST_DEADLINE_MS: they used to wait a fixed 3 s (2 s for an SMS reply), so with
 * a shorter deadline the deadline's 503 won over the page's fallback.
 */
const deadlineMs = 1_500;
const never = () => new Promise<never>(() => {});
const silent = {
  config: loadConfig({ NODE_ENV: 'test', TEMPORAL_REQUEST_DEADLINE_MS: String(deadlineMs) }),
  dataSource: { query: never },
  temporal: {
    taskQueue: 'silent',
    client: {
      options: { namespace: 'default' },
      workflow: { getHandle: () => ({ query: never }) },
      workflowService: { getSystemInfo: never, describeTaskQueue: never },
    },
  },
} as unknown as AppDeps;

async function within<T>(fn: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  // The checks' own timers are unref'd (they never hold the API process open); this one keeps the test's loop alive.
  const alive = setTimeout(() => {}, 2 * deadlineMs);
  const result = await fn().finally(() => clearTimeout(alive));
  assert.ok(Date.now() - t0 < deadlineMs, `gave up after ${Date.now() - t0} ms, not inside the ${deadlineMs} ms deadline`);
  return result;
}

test("a schedule's live state falls back before the request's deadline", { timeout: 5_000 }, async () => {
  assert.equal(await within(() => liveState(silent, 'any-schedule')), undefined);
});

test('readiness reports "timed out" before the request\'s deadline', { timeout: 5_000 }, async () => {
  const checks = await within(() => checkReadiness(silent));
  for (const c of Object.values(checks)) assert.deepEqual(c, { ok: false, detail: 'timed out' });
});
