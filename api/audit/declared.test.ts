import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiRoutes } from '../routes';

/** Paths that carry health data; a route added under one of them without `audit:` fails here. */
const HEALTH_PATHS = /\/(medications|doses|prn-doses|today|adherence|escalations|emergencies|timeline|deliveries|shifts|coverage)(\/|$)/;

test('every route that reads or writes health data declares its audit record', { timeout: 10_000 }, () => {
  const health = apiRoutes.filter((r) => HEALTH_PATHS.test(r.path));
  assert.ok(health.length >= 20, `found ${health.length}`);
  const missing = health.filter((r) => !r.audit).map((r) => `${r.method.toUpperCase()} ${r.path}`);
  assert.deepEqual(missing, []);
  // Reads are reads and writes are writes: a GET never claims to have changed anything.
  for (const r of health) assert.equal(r.method === 'get', r.audit!.action === 'read', `${r.operationId} is audited as ${r.audit!.action}`);
});
