import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { ClosingConnection } from './closing-connection';

// Nothing listens on port 1: every call fails at once with UNAVAILABLE, which the SDK retries from a timer (100 ms, then longer).
const NOWHERE = '127.0.0.1:1';

test('closed while a call is failing and being retried: the call rejects with UNAVAILABLE and nothing is thrown after close', { timeout: 30_000 }, async () => {
  // Before the first failure, right after it, and between later retries.
  for (const closeAfterMs of [0, 5, 120, 400]) {
    const connection = ClosingConnection.lazy({ address: NOWHERE });
    const call = connection.workflowService.getSystemInfo({}).then(
      () => assert.fail('a call to a port where nothing listens succeeded'),
      (err: Error) => err,
    );
    await delay(closeAfterMs);
    await connection.close();
    const timeout = new AbortController();
    const err = await Promise.race([call, delay(5_000, `still pending 5 s after a close at ${closeAfterMs} ms`, { signal: timeout.signal })]);
    timeout.abort();
    assert.match(String(err), /UNAVAILABLE/, `closed after ${closeAfterMs} ms`);
  }
  // A re-send left over from before a close would throw inside its own timer (the SDK's backoff reaches seconds), failing this test.
  await delay(3_000);
});

test('a closed connection refuses a new call with an error, not a throw from a timer', { timeout: 10_000 }, async () => {
  const connection = ClosingConnection.lazy({ address: NOWHERE });
  await connection.close();
  await assert.rejects(connection.workflowService.getSystemInfo({}));
});
