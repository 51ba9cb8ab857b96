import assert from 'node:assert/strict';
import net from 'node:net';
import { after, test } from 'node:test';
import { request } from 'playwright-core';
import { resendOnReset } from './resend-on-reset';

/** Resets the first `resets` connections as soon as their request arrives, then answers 200 with the request line. */
function resettingServer(resets: number) {
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
  return {
    server,
    connections: () => seen,
    listen: () => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as net.AddressInfo).port}`))),
  };
}

const servers: net.Server[] = [];
after(() => {
  for (const s of servers) s.close();
});

async function setUp(resets: number) {
  const s = resettingServer(resets);
  servers.push(s.server);
  const ctx = await request.newContext({ baseURL: await s.listen() });
  return { ctx, connections: s.connections };
}

test('a call whose connection is reset fails without the helper', { timeout: 30_000 }, async () => {
  const { ctx, connections } = await setUp(1);
  try {
    await assert.rejects(ctx.post('/api/things', { data: { a: 1 } }), /ECONNRESET/);
    assert.equal(connections(), 1);
  } finally {
    await ctx.dispose();
  }
});

test('with the helper, a POST is sent again after a reset and its answer reaches the test', { timeout: 30_000 }, async () => {
  const { ctx, connections } = await setUp(2);
  resendOnReset(ctx);
  try {
    const res = await ctx.post('/api/things', { data: { a: 1 } });
    assert.equal(res.status(), 200);
    assert.deepEqual(await res.json(), { line: 'POST /api/things HTTP/1.1' });
    assert.equal(connections(), 3);
  } finally {
    await ctx.dispose();
  }
});

test('with the helper, a third reset still fails the call, and a call may set its own limit', { timeout: 30_000 }, async () => {
  const { ctx, connections } = await setUp(4);
  resendOnReset(ctx);
  try {
    await assert.rejects(ctx.get('/api/things'), /ECONNRESET/);
    assert.equal(connections(), 3);
    await assert.rejects(ctx.get('/api/things', { maxRetries: 0 }), /ECONNRESET/);
    assert.equal(connections(), 4, 'the call with its own limit was sent once');
  } finally {
    await ctx.dispose();
  }
});
