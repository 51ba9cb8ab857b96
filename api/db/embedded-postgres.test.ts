import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { freePort } from '../../test/support/ports';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded-postgres';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-pg-test-'));
fs.chmodSync(dir, 0o777);
let first: EmbeddedDatabase | undefined;
after(async () => {
  await first?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a server that cannot start (its port taken) → an error naming PostgreSQL, the port and the folder', { timeout: 120_000 }, async () => {
  const port = await freePort();
  first = await startEmbeddedPostgres({ dir: path.join(dir, 'first'), port, database: 'postgres' });
  await assert.rejects(startEmbeddedPostgres({ dir: path.join(dir, 'second'), port, database: 'postgres' }), (err: Error) => {
    assert.match(err.message, new RegExp(`^PostgreSQL did not start on 127\\.0\\.0\\.1:${port} \\(data in .*second\\): \\S`));
    return true;
  });
});
