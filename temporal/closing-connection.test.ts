import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClosingConnection } from './closing-connection';

// Nothing listens on port 1: every call fails with UNAVAILABLE, which the SDK retries from a timer.
const NOWHERE = '127.0.0.1:1';

test('closed between two retries of a call: the call rejects with its last error, nothing is thrown after close', { timeout: 15_000 }, async () => {
  const connection = ClosingConnection.lazy({ address: NOWHERE });
  const call = connection.workflowService.getSystemInfo({}).then(
    () => assert.fail('a call to a port where nothing listens succeeded'),
    (err: Error) => err,
  );
  await new Promise((resolve) => setTimeout(resolve, 50));
  await connection.close();
  const err = await Promise.race([call, new Promise<string>((resolve) => setTimeout(() => resolve('still pending 5 s after close'), 5_000))]);
  assert.match(String(err), /UNAVAILABLE/);
  // A re-send left over from before close() would throw here, inside its own timer, failing this test.
  await new Promise((resolve) => setTimeout(resolve, 1_000));
});

test('closed with no call in flight: close() does not wait', { timeout: 5_000 }, async () => {
  const connection = ClosingConnection.lazy({ address: NOWHERE });
  const t0 = Date.now();
  await connection.close();
  assert.ok(Date.now() - t0 < 50, `close() took ${Date.now() - t0} ms`);
});
