import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { lostWorkflowFinder } from './lost-workflows';
import type { WatchedKind } from './watched-kinds';

const KIND: WatchedKind = { what: 'thing', workflowType: 'thing', table: 'things', settled: 'true', workflowId: (id) => `thing/${id}` };

/**
 * The full look's pace, against a stand-in store: 3 settled rows, 2 running workflows, and
 * a listing that takes as long as the test says. Two looks never overlap, and a slow one is
 * not repeated until ten times its length has passed.
 */
test('a full look never runs beside another, and a slow one waits ten times its length before the next', { timeout: 10_000 }, async (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: 1_000_000 });
  let listings = 0;
  let listingMs = 0;
  // Only the first listing is held open, so a look that should not have started shows in `listings`, not as a hang.
  let release: () => void = () => {};
  let hold: Promise<void> | null = new Promise<void>((r) => (release = r));
  const dataSource = {
    query: async (sql: string) => (sql.includes('count(*)') ? [{ rows: 3 }] : ['a', 'b', 'c'].map((id) => ({ id, familyId: 'f', careRecipientId: 'r', updatedAt: new Date(0) }))),
  } as unknown as DataSource;
  const temporal = {
    workflow: {
      count: async () => ({ count: 2 }),
      async *list() {
        listings += 1;
        const held = hold;
        hold = null;
        if (held) await held;
        t.mock.timers.tick(listingMs);
        yield { workflowId: 'thing/a' };
        yield { workflowId: 'thing/b' };
      },
      // Row c's workflow id is not found at all: lost.
      getHandle: (id: string) => ({ describe: async () => Promise.reject(new WorkflowNotFoundError('not found', id, undefined)) }),
    },
  } as unknown as Client;
  const findLost = lostWorkflowFinder(dataSource, KIND);

  listingMs = 60_000;
  const first = findLost(temporal, 'q');
  await new Promise((r) => setImmediate(r));
  assert.equal(listings, 1);
  assert.deepEqual(await findLost(temporal, 'q'), [], 'a second look while the first is listing returns at once');
  assert.equal(listings, 1, 'and lists nothing');
  release();
  assert.deepEqual((await first).map((r) => r.id), ['c']);

  // 60 s were slow: the shortfall is still there, yet the next look waits 600 s.
  t.mock.timers.tick(599_000);
  assert.deepEqual(await findLost(temporal, 'q'), []);
  assert.equal(listings, 1);
  t.mock.timers.tick(2_000);
  listingMs = 0;
  assert.deepEqual((await findLost(temporal, 'q')).map((r) => r.id), ['c']);
  assert.equal(listings, 2, 'after ten times its length, the shortfall is looked at again');
});
