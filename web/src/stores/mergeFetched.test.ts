import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeFetched } from './mergeFetched';

type Row = { id: string; v: number };
const newer = (kept: Row, fetched: Row) => kept.v > fetched.v;

test('an entry a live event added while the fetch was under way survives the fetched answer that predates it', { timeout: 5_000 }, () => {
  const fetched = [{ id: 'paged-ana', v: 1 }];
  const kept = [{ id: 'emailed-ben', v: 1 }];
  assert.deepEqual(mergeFetched(fetched, kept).map((r) => r.id).sort(), ['emailed-ben', 'paged-ana']);
});

test('in both lists: the fetched copy wins, unless the one held is newer', { timeout: 5_000 }, () => {
  assert.deepEqual(mergeFetched([{ id: 'a', v: 2 }], [{ id: 'a', v: 1 }], newer), [{ id: 'a', v: 2 }]);
  assert.deepEqual(mergeFetched([{ id: 'a', v: 1 }], [{ id: 'a', v: 3 }], newer), [{ id: 'a', v: 3 }]);
  assert.deepEqual(mergeFetched([{ id: 'a', v: 1 }], [{ id: 'a', v: 3 }]), [{ id: 'a', v: 1 }], 'without a rule the fetched copy wins');
});
