import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';
import { loadConfig } from '../config';
import { openDatabase } from './data-source';
import { asUnavailable } from '../http/unavailable';
import { until } from '../medications/test-family';

const MIGRATION_LOCK = 7_233_001;

describe("the API's database connection gives up on a slow statement; migrations do not", { timeout: 60_000 }, () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
  });
  after(() => db.drop());

  test('the timeouts come from config, with defaults', () => {
    assert.deepEqual(
      [loadConfig({}).database.connectTimeoutMs, loadConfig({}).database.queryTimeoutMs],
      [5_000, 10_000],
    );
    const set = loadConfig({ DATABASE_CONNECT_TIMEOUT_MS: '2000', DATABASE_QUERY_TIMEOUT_MS: '400' }).database;
    assert.deepEqual([set.connectTimeoutMs, set.queryTimeoutMs], [2_000, 400]);
    assert.throws(() => loadConfig({ DATABASE_QUERY_TIMEOUT_MS: '0' }), /DATABASE_QUERY_TIMEOUT_MS/);
  });

  test('a statement longer than the query timeout fails with 57014, while the migration run may wait longer', async () => {
    // Another replica holds the migration lock for longer than the query timeout.
    const other = new pg.Client({ connectionString: db.url });
    await other.connect();
    await other.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const opening = openDatabase(db.url, { queryTimeoutMs: 200 });
    try {
      await until(
        'the migration run to wait for the lock',
        async () => (await other.query("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")).rowCount! > 0,
        10_000,
      );
      await other.query('SELECT pg_sleep(0.5)');
    } finally {
      await other.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
      await other.end();
    }
    const ds = await opening;
    try {
      const t0 = Date.now();
      // The caller hears "try again", not a server error.
      await assert.rejects(ds.query('SELECT pg_sleep(5)'), (err: { code?: string }) => err.code === '57014' && asUnavailable(err)?.status === 503);
      assert.ok(Date.now() - t0 < 2_000, `gave up after ${Date.now() - t0} ms`);
    } finally {
      await ds.destroy();
    }
  });
});
