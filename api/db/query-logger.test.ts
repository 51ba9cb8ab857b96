import assert from 'node:assert/strict';
import { after, before, describe, mock, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';
import { createDataSource } from './data-source';
import { loggableError } from '../log';

/** Health data a failed query carries in its parameters, and PostgreSQL may quote in its message. */
const SECRET = 'Metformin 500 mg after breakfast';

describe('a failed query logs ids and codes, never its parameters', { timeout: 60_000 }, () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
  });
  after(() => db.drop());

  /** Everything the app's data source writes to the console while `fn` runs, and how its error would be logged. */
  async function capture(fn: (ds: ReturnType<typeof createDataSource>) => Promise<unknown>): Promise<string> {
    const ds = createDataSource(db.url);
    await ds.initialize();
    const lines: string[] = [];
    const record = (...args: unknown[]) => lines.push(args.map(String).join(' '));
    const spies = (['error', 'log', 'warn', 'info'] as const).map((level) => mock.method(console, level, record));
    try {
      await fn(ds).then(
        () => assert.fail('the query should have failed'),
        (err: unknown) => lines.push(JSON.stringify(loggableError(err))),
      );
    } finally {
      for (const spy of spies) spy.mock.restore();
      await ds.destroy();
    }
    return lines.join('\n');
  }

  test('a value PostgreSQL rejects and quotes in its message stays out of the log', async () => {
    const logged = await capture((ds) => ds.query('SELECT $1::uuid AS id, $2::text AS note', [SECRET, SECRET]));
    assert.match(logged, /query failed/);
    assert.match(logged, /22P02/, 'the SQLSTATE says what went wrong');
    assert.doesNotMatch(logged, /Metformin/);
  });

  test('a constraint violation names the constraint, not the row', async () => {
    const logged = await capture((ds) =>
      ds.query(`INSERT INTO families (id, name) VALUES ('00000000-0000-4000-8000-000000000001', $1), ('00000000-0000-4000-8000-000000000001', $1)`, [SECRET]),
    );
    assert.match(logged, /23505/);
    assert.match(logged, /families_pkey/);
    assert.doesNotMatch(logged, /Metformin/);
  });
});
