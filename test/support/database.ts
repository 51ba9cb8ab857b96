import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { openDatabase } from '../../api/db/data-source';
import { startEmbeddedPostgres } from '../../api/db/embedded-postgres';
import { freePort } from './ports';

let ownServer: Promise<string> | undefined;

/**
 * The admin URL of the test PostgreSQL server. The test runner starts one server for the
 * whole suite and passes TEST_PG_ADMIN_URL; a file run on its own starts a private one.
 */
async function adminUrl(): Promise<string> {
  const shared = process.env.TEST_PG_ADMIN_URL;
  if (shared) return shared;
  ownServer ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carecircle-pg-'));
    fs.chmodSync(dir, 0o777);
    const db = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: await freePort(), database: 'postgres' });
    process.once('exit', () => void db.stop());
    return db.url;
  })();
  return ownServer;
}

export interface TestDatabase {
  url: string;
  dataSource: DataSource;
  drop(): Promise<void>;
}

/** A fresh, migrated database per test file: files run in parallel without seeing each other's rows. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const admin = await adminUrl();
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
