import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ApplicationFailure } from '@temporalio/common';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../test/support/database';
import { deterministicDatabaseFailure, INVALID_DATA } from './database-failures';

/** Real PostgreSQL errors, sorted into "never retry" and "retry until the database is back". */
describe('deterministicDatabaseFailure', { timeout: 60_000 }, () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
  });
  after(async () => {
    await db?.drop();
  });

  const errorOf = (work: Promise<unknown>) =>
    work.then(
      () => assert.fail('expected PostgreSQL to refuse it'),
      (err: unknown) => err,
    );

  test('a NUL byte in text (22021) → non-retryable InvalidData naming the SQLSTATE, never the refused text', async () => {
    const err = await errorOf(db.dataSource.query('SELECT $1::text', ['nausea\u0000 after lunch']));
    const failure = deterministicDatabaseFailure(err);
    assert.ok(failure instanceof ApplicationFailure);
    assert.equal(failure.nonRetryable, true);
    assert.equal(failure.type, INVALID_DATA);
    assert.equal(failure.message, 'PostgreSQL refused the data for good (SQLSTATE 22021)');
  });

  test('invalid input (22P02), a check (23514) and a foreign key to nothing (23503) are InvalidData too', async () => {
    const refused = [
      await errorOf(db.dataSource.query(`SELECT 'not-a-uuid'::uuid`)),
      await errorOf(db.dataSource.query(`INSERT INTO memberships (family_id, user_id, role) VALUES ($1, $2, 'overlord')`, [randomUUID(), randomUUID()])),
      await errorOf(db.dataSource.query(`INSERT INTO memberships (family_id, user_id, role) VALUES ($1, $2, 'admin')`, [randomUUID(), randomUUID()])),
    ];
    const failures = refused.map(deterministicDatabaseFailure);
    assert.deepEqual(
      failures.map((f) => [f?.type, f?.nonRetryable, f?.message.match(/SQLSTATE (\w+)/)?.[1]]),
      [
        [INVALID_DATA, true, '22P02'],
        [INVALID_DATA, true, '23514'],
        [INVALID_DATA, true, '23503'],
      ],
    );
    assert.doesNotMatch(failures[0]!.message, /not-a-uuid/);
  });

  test('a refused connection, a server shutting down (57P01) and a deadlock stay retryable', async () => {
    const refusedConnection = await errorOf(new pg.Client({ connectionString: 'postgres://x:y@127.0.0.1:1/none' }).connect());
    const client = new pg.Client({ connectionString: db.url });
    client.on('error', () => {});
    await client.connect();
    const adminShutdown = await errorOf(client.query('SELECT pg_terminate_backend(pg_backend_pid())'));
    await client.end().catch(() => {});
    assert.equal((adminShutdown as { code?: string }).code, '57P01');
    const deadlock = Object.assign(new Error('deadlock detected'), { code: '40P01' });
    assert.deepEqual([refusedConnection, adminShutdown, deadlock].map(deterministicDatabaseFailure), [null, null, null]);
  });
});
