import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newestOnly, oneAtATime } from './reads';

function heldReads() {
  const releases: (() => void)[] = [];
  let running = 0;
  let mostAtOnce = 0;
  const read = async () => {
    running++;
    mostAtOnce = Math.max(mostAtOnce, running);
    await new Promise<void>((resolve) => releases.push(resolve));
    running--;
  };
  return { read, releases, mostAtOnce: () => mostAtOnce };
}

test('three events during a read → one more read after it, never two at once; every caller waits for the last', { timeout: 5_000 }, async () => {
  const h = heldReads();
  const reload = oneAtATime(h.read);
  let settled = 0;
  const calls = [reload(), reload(), reload(), reload()].map((p) => p.then(() => settled++));
  await Promise.resolve();
  assert.equal(h.releases.length, 1, 'one read under way');
  h.releases[0]!();
  await new Promise((r) => setImmediate(r));
  assert.equal(h.releases.length, 2, 'exactly one more read for the three calls made meanwhile');
  assert.equal(settled, 0, 'nobody is told it is done before the read that followed their call');
  h.releases[1]!();
  await Promise.all(calls);
  assert.equal(settled, 4);
  assert.equal(h.mostAtOnce(), 1);
});

test('after a read ends, the next call starts a new one; a failed read does not block the next', { timeout: 5_000 }, async () => {
  let reads = 0;
  const reload = oneAtATime(async () => {
    reads++;
    if (reads === 1) throw new Error('network');
  });
  await assert.rejects(reload(), /network/);
  await reload();
  assert.equal(reads, 2);
});

test('newestOnly: the answer to an older read that comes back last is not applied', { timeout: 5_000 }, () => {
  const ticket = newestOnly();
  const first = ticket();
  const second = ticket();
  assert.equal(second(), true);
  assert.equal(first(), false, 'started before the newest');
  const third = ticket();
  assert.equal(second(), false);
  assert.equal(third(), true);
});
