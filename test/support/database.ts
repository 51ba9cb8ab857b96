import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../../api/db/data-source';

/**
 * The admin URL of the suite's PostgreSQL server, started once by scripts/run-tests.ts.
 * Run a single file with `npm test -- <part of its path>`.
 */
function adminUrl(): string {
  const shared = process.env.TEST_PG_ADMIN_URL;
  if (!shared) throw new Error('TEST_PG_ADMIN_URL is not set: run tests through `npm test` (or `npm test -- <file filter>`).');
  return shared;
}

export interface TestDatabase {
  url: string;
  dataSource: DataSource;
  drop(): Promise<void>;
}

/** A fresh, migrated database per test file: files run in parallel without seeing each other's rows. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const admin = adminUrl();
  const name = `t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = admin.replace(/\/[^/]*$/, `/${name}`);
  const dataSource = await openDatabase(url);
  return {
    url,
    dataSource,
    async drop() {
      if (dataSource.isInitialized) await dataSource.destroy();
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
