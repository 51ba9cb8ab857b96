import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelay } from './backoff';

test('the wait grows with each failed attempt and never passes the cap', () => {
  const top = () => 0.999999;
  assert.equal(backoffDelay(0, top), 500);
  assert.equal(backoffDelay(1, top), 1000);
  assert.equal(backoffDelay(3, top), 4000);
  assert.equal(backoffDelay(20, top), 30_000);
});

test('jitter spreads reconnects from zero up to the ceiling', () => {
  assert.equal(backoffDelay(4, () => 0), 0);
  assert.equal(backoffDelay(4, () => 0.5), 4000);
});
