import assert from 'node:assert/strict';
import { once } from 'node:events';
import net from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { startTestApp, type TestApp } from '../test/support/app';
import { loadConfig } from './config';
import { PortInUseError, startApiServer } from './server';

let app: TestApp;
before(async () => {
  app = await startTestApp({ withWorker: false });
});
after(() => app?.stop());

const listeners = async () =>
  Number(((await app.dataSource.query(`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'LISTEN%'`)) as { n: string }[])[0]!.n);

test('a port already in use → PortInUseError, and the LISTEN connection it opened is closed again (nothing keeps the process alive)', { timeout: 30_000 }, async () => {
  const port = Number(new URL(app.baseUrl).port);
  const config = loadConfig({ NODE_ENV: 'test', PORT: String(port), APP_BASE_URL: app.baseUrl, DATABASE_URL: app.databaseUrl, PAYLOAD_KEYS: process.env.PAYLOAD_KEYS });
  const before = await listeners();
  const deps = { config, dataSource: app.dataSource, temporal: { client: app.client, taskQueue: app.taskQueue }, log: { error: () => {} } };
  await assert.rejects(startApiServer(deps, { host: '127.0.0.1', port, databaseUrl: app.databaseUrl }), PortInUseError);
  assert.equal(await listeners(), before, 'only the running app still listens');
});

test('a kept-alive connection left idle past Node\'s default 5 s still carries the next request, as a proxy in front reuses it', { timeout: 30_000 }, async () => {
  const { port, hostname } = new URL(app.baseUrl);
  const socket = net.connect(Number(port), hostname);
  const responses: string[] = [];
  let closed = false;
  socket.setEncoding('utf8').on('data', (chunk: string) => responses.push(chunk));
  socket.on('close', () => void (closed = true));
  const get = async () => {
    const seen = responses.length;
    socket.write(`GET /health HTTP/1.1\r\nHost: ${hostname}\r\nConnection: keep-alive\r\n\r\n`);
    while (responses.length === seen && !closed) await delay(50);
    return responses.at(-1) ?? '';
  };
  try {
    await once(socket, 'connect');
    assert.match(await get(), /^HTTP\/1\.1 200[\s\S]*Keep-Alive: timeout=65/i);
    await delay(6_000);
    assert.equal(closed, false, 'the API closed the idle connection');
    assert.match(await get(), /^HTTP\/1\.1 200/);
  } finally {
    socket.destroy();
  }
});
