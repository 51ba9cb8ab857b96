import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { request, type APIRequestContext } from 'playwright-core';
import { resendOnReset } from './resend-on-reset';

/**
 * A request context on a server that resets the first `resets` connections as soon as their
 * request arrives, then answers 200 with the request line; `connections()` counts the requests
 * that arrived. Both are closed once `use` ends.
 */
async function withResettingServer(resets: number, use: (ctx: APIRequestContext, connections: () => number) => Promise<void>) {
  let seen = 0;
  const server = net.createServer((socket) => {
    socket.once('data', (chunk) => {
      seen += 1;
      if (seen <= resets) return socket.resetAndDestroy();
      const line = chunk.toString('latin1').split('\r\n')[0]!;
      const body = JSON.stringify({ line });
      socket.end(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const ctx = await request.newContext({ baseURL: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}` });
  try {
    await use(ctx, () => seen);
  } finally {
    await ctx.dispose();
    server.close();
  }
}

test('a call whose connection is reset fails without the helper', { timeout: 30_000 }, () =>
  withResettingServer(1, async (ctx, connections) => {
    await assert.rejects(ctx.post('/api/things', { data: { a: 1 } }), /ECONNRESET/);
    assert.equal(connections(), 1);
  }));

test('with the helper, a POST is sent again after a reset and its answer reaches the test', { timeout: 30_000 }, () =>
  withResettingServer(2, async (ctx, connections) => {
    resendOnReset(ctx);
    const res = await ctx.post('/api/things', { data: { a: 1 } });
    assert.equal(res.status(), 200);
    assert.deepEqual(await res.json(), { line: 'POST /api/things HTTP/1.1' });
    assert.equal(connections(), 3);
  }));

test('with the helper, a third reset still fails the call, and a call may set its own limit', { timeout: 30_000 }, () =>
  withResettingServer(4, async (ctx, connections) => {
    resendOnReset(ctx);
    await assert.rejects(ctx.get('/api/things'), /ECONNRESET/);
    assert.equal(connections(), 3);
    await assert.rejects(ctx.get('/api/things', { maxRetries: 0 }), /ECONNRESET/);
    assert.equal(connections(), 4, 'the call with its own limit was sent once');
  }));
