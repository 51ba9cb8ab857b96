import assert from 'node:assert/strict';
import http from 'node:http';
import type net from 'node:net';
import { after, describe, test } from 'node:test';
import WebSocket, { WebSocketServer } from 'ws';
import { startRoundRobinProxy, type RoundRobinProxy } from './round-robin-proxy';

/** A replica stand-in: answers its name over HTTP and echoes "<name>:<message>" over ws. */
async function replica(name: string) {
  const server = http.createServer((_req, res) => res.end(name));
  new WebSocketServer({ server }).on('connection', (ws) => ws.on('message', (m) => ws.send(`${name}:${m.toString()}`)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { name, port: (server.address() as net.AddressInfo).port, close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))) };
}

/** A fresh connection per request (no keep-alive), as separate clients would make. */
function get(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    http.get(url, { agent: false }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve(body));
    }).on('error', reject);
  });
}

describe('the round-robin port in front of the API replicas', { timeout: 30_000 }, () => {
  const closers: (() => Promise<void>)[] = [];
  after(async () => {
    for (const c of closers) await c();
  });

  async function setUp() {
    const a = await replica('a');
    const b = await replica('b');
    const proxy: RoundRobinProxy = await startRoundRobinProxy([a, b].map((r) => ({ host: '127.0.0.1', port: r.port })), { host: '127.0.0.1', port: 0 });
    closers.push(() => proxy.close(), a.close, b.close);
    return { a, b, proxy };
  }

  test('connections alternate between the replicas', async () => {
    const { proxy } = await setUp();
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await get(proxy.url));
    assert.deepEqual(answers, ['a', 'b', 'a', 'b']);
    assert.deepEqual(proxy.connections(), [2, 2]);
  });

  test('a WebSocket upgrade passes through to a replica and stays there', async () => {
    const { proxy } = await setUp();
    const ws = new WebSocket(proxy.url.replace('http', 'ws'));
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
    const replies: string[] = [];
    for (const m of ['one', 'two']) {
      const reply = new Promise<string>((resolve) => ws.once('message', (d) => resolve(d.toString())));
      ws.send(m);
      replies.push(await reply);
    }
    ws.close();
    assert.deepEqual(replies, ['a:one', 'a:two']);
  });

  test('a replica that is down is skipped: every client still gets an answer', async () => {
    const { a, proxy } = await setUp();
    await a.close();
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await get(proxy.url));
    assert.deepEqual(answers, ['b', 'b', 'b']);
  });
});
