import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import WebSocket from 'ws';
import type { ServerMessage } from '../contracts/ws';
import { signUp, type ApiSession } from '../../test/support/http';
import { startTestApp, type TestApp } from '../../test/support/app';

/**
 * The API runs in this test's process. In production an unhandled socket error ends that
 * process; the test runner catches it instead, so each scenario asserts none happened and
 * then proves a second client is still served.
 */
describe('no client, signed in or not, can take /ws down for everyone else', { timeout: 120_000 }, () => {
  let app: TestApp;
  let port: number;
  const crashes: unknown[] = [];
  const recordCrash = (err: unknown) => crashes.push(err);

  before(async () => {
    process.on('uncaughtException', recordCrash);
    app = await startTestApp({ withWorker: false });
    port = Number(new URL(app.baseUrl).port);
  });
  beforeEach(() => {
    crashes.length = 0;
  });
  after(async () => {
    process.off('uncaughtException', recordCrash);
    await app.stop();
  });

  function open(session: ApiSession | undefined, cookie = session?.cookie) {
    return new WebSocket(`${app.baseUrl.replace('http', 'ws')}/ws`, { headers: cookie ? { cookie } : {} });
  }

  /** A well-behaved member connects, says ping and hears pong. */
  async function stillServesOthers(session: ApiSession) {
    assert.deepEqual(crashes.map(String), [], 'an error escaped to the process');
    const health = await fetch(`${app.baseUrl}/health`);
    assert.equal(health.status, 200);
    const ws = open(session);
    const pong = new Promise<void>((resolve, reject) => {
      ws.on('message', (data) => {
        const msg = JSON.parse(data.toString()) as ServerMessage;
        if (msg.type === 'hello') ws.send(JSON.stringify({ type: 'ping' }));
        if (msg.type === 'pong') resolve();
      });
      ws.on('error', reject);
    });
    await pong;
    ws.close();
  }

  /** Sends an upgrade request, then resets the TCP connection (SO_LINGER 0) before the answer. */
  function upgradeThenReset(cookie: string | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.write(
          'GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
            'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n' +
            (cookie ? `Cookie: ${cookie}\r\n` : '') +
            '\r\n',
          () => {
            socket.resetAndDestroy();
            resolve();
          },
        );
      });
      socket.on('error', reject);
    });
  }

  test('a handshake without a cookie or with a forged one, reset at once, does not crash the API', async () => {
    const { session } = await signUp(app.baseUrl, 'Steady');
    for (let i = 0; i < 20; i++) {
      await Promise.all([upgradeThenReset(undefined), upgradeThenReset(`cc_session=${'f'.repeat(43)}`)]);
    }
    await stillServesOthers(session);
  });

  test('a 20 kB frame closes that socket with 1009 and the server keeps serving others', async () => {
    const noisy = await signUp(app.baseUrl, 'Noisy');
    const ws = open(noisy.session);
    await new Promise((resolve) => ws.once('message', resolve));
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    ws.send('x'.repeat(20 * 1024));
    assert.equal(await closed, 1009);
    await stillServesOthers((await signUp(app.baseUrl, 'Other')).session);
  });

  test('a text frame of invalid UTF-8 closes that socket with 1007 and the server keeps serving others', async () => {
    const noisy = await signUp(app.baseUrl, 'Garbled');
    const ws = open(noisy.session);
    await new Promise((resolve) => ws.once('message', resolve));
    const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
    ws.send(Buffer.from([0xff, 0xfe, 0xfd]), { binary: false });
    assert.equal(await closed, 1007);
    await stillServesOthers((await signUp(app.baseUrl, 'Other2')).session);
  });

  test('a malformed session cookie is no session: 401 on the handshake and on REST, never 500', async () => {
    const cookie = 'cc_session=%E0%A4%A';
    const ws = open(undefined, cookie);
    const status = await new Promise<number>((resolve, reject) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => reject(new Error('the handshake was accepted')));
      ws.on('error', () => {});
    });
    assert.equal(status, 401);
    const rest = await fetch(`${app.baseUrl}/api/auth/me`, { headers: { cookie } });
    assert.equal(rest.status, 401);
    assert.equal(((await rest.json()) as { error: { code: string } }).error.code, 'unauthenticated');
    await stillServesOthers((await signUp(app.baseUrl, 'Other3')).session);
  });
});
