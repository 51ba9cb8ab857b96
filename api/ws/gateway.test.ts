import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import type { ServerMessage } from '../contracts/ws';
import { consoleLogger } from '../log';
import { loadConfig } from '../config';
import { startApiServer, type RunningApi } from '../server';
import { freePort } from '../../test/support/ports';
import { invitationTokenFromOutbox, signUp, uniqueEmail, type ApiSession } from '../../test/support/http';
import { startTestApp, type TestApp } from '../../test/support/app';

/** A live connection that collects what the server sends and lets a test await a message. */
function connect(baseUrl: string, session: ApiSession) {
  const ws = new WebSocket(`${baseUrl.replace('http', 'ws')}/ws`, { headers: { cookie: session.cookie } });
  const seen: ServerMessage[] = [];
  const waiters: { match: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }[] = [];
  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString()) as ServerMessage;
    seen.push(msg);
    for (const w of waiters.filter((x) => x.match(msg))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(msg);
    }
  });
  const next = (match: (m: ServerMessage) => boolean) =>
    new Promise<ServerMessage>((resolve) => {
      const found = seen.find(match);
      if (found) return resolve(found);
      waiters.push({ match, resolve });
    });
  return { ws, seen, next, send: (m: unknown) => ws.send(JSON.stringify(m)) };
}

describe('live family events over /ws', () => {
  let app: TestApp;
  let replica: RunningApi;

  before(async () => {
    app = await startTestApp();
    // A second API process on the same database: events must cross replicas through NOTIFY.
    const port = await freePort();
    const dbUrl = (app.dataSource.options as { url: string }).url;
    const config = loadConfig({ NODE_ENV: 'test', PORT: String(port), DATABASE_URL: dbUrl, TEMPORAL_ADDRESS: 'unused:1' });
    replica = await startApiServer(
      { config, dataSource: app.dataSource, temporal: { client: app.client, taskQueue: app.taskQueue }, log: consoleLogger('replica') },
      { host: '127.0.0.1', port, databaseUrl: dbUrl },
    );
  });
  after(async () => {
    await replica.close();
    await app.stop();
  });

  test('a change made through one API replica reaches a member connected to another', async () => {
    const admin = await signUp(app.baseUrl, 'Admin');
    const family = (await admin.session.post('/api/families', { name: 'Live' })).body.family;
    const watcher = connect(replica.url, admin.session);
    await watcher.next((m) => m.type === 'hello');
    watcher.send({ type: 'subscribe', familyId: family.id });
    await watcher.next((m) => m.type === 'subscribed');

    const email = uniqueEmail('carer');
    await admin.session.post(`/api/families/${family.id}/invitations`, { email, role: 'caregiver' });
    const carer = await signUp(app.baseUrl, 'Carer', email);
    await carer.session.post(`/api/invitations/${await invitationTokenFromOutbox(carer.session)}/accept`);
    const joined = await watcher.next((m) => m.type === 'event' && m.event.type === 'member.joined');
    assert.equal(joined.type === 'event' && joined.event.type === 'member.joined' && joined.event.member.userId, carer.user.id);

    await carer.session.post(`/api/families/${family.id}/recipients`, { displayName: 'Grandma Rose', timeZone: 'Europe/Paris' });
    const added = await watcher.next((m) => m.type === 'event' && m.event.type === 'recipient.created');
    assert.equal(added.type === 'event' && added.event.type === 'recipient.created' && added.event.recipient.displayName, 'Grandma Rose');
    watcher.ws.close();
  });

  test('a removed member stops receiving the family events at once', async () => {
    const admin = await signUp(app.baseUrl, 'Admin2');
    const family = (await admin.session.post('/api/families', { name: 'Removal' })).body.family;
    const email = uniqueEmail('leaver');
    await admin.session.post(`/api/families/${family.id}/invitations`, { email, role: 'viewer' });
    const leaver = await signUp(app.baseUrl, 'Leaver', email);
    await leaver.session.post(`/api/invitations/${await invitationTokenFromOutbox(leaver.session)}/accept`);
    const socket = connect(app.baseUrl, leaver.session);
    await socket.next((m) => m.type === 'hello');
    socket.send({ type: 'subscribe', familyId: family.id });
    await socket.next((m) => m.type === 'subscribed');

    const adminSocket = connect(app.baseUrl, admin.session);
    await adminSocket.next((m) => m.type === 'hello');
    adminSocket.send({ type: 'subscribe', familyId: family.id });
    await adminSocket.next((m) => m.type === 'subscribed');

    await admin.session.delete(`/api/families/${family.id}/members/${leaver.user.id}`);
    await socket.next((m) => m.type === 'event' && m.event.type === 'member.removed');
    await admin.session.patch(`/api/families/${family.id}`, { name: 'Secret new name' });
    // One dispatch writes to every subscribed socket: once the admin has the rename, the leaver
    // would have been sent it too, and a ping round-trip flushes anything already sent.
    await adminSocket.next((m) => m.type === 'event' && m.event.type === 'family.renamed');
    socket.send({ type: 'ping' });
    await socket.next((m) => m.type === 'pong');
    assert.ok(!socket.seen.some((m) => m.type === 'event' && m.event.type === 'family.renamed'));
    socket.ws.close();
    adminSocket.ws.close();
  });

  test('"log out everywhere" on one replica closes that person\'s sockets on every replica', async () => {
    const { session } = await signUp(app.baseUrl, 'Leaving');
    const socket = connect(replica.url, session);
    await socket.next((m) => m.type === 'hello');
    const closed = new Promise<number>((resolve) => socket.ws.on('close', (code) => resolve(code)));
    assert.equal((await session.post('/api/auth/logout-all')).status, 204);
    assert.equal(await closed, 4401);
  });

  test('malformed ws messages get an error, not a dropped connection', async () => {
    const { session } = await signUp(app.baseUrl, 'Noise');
    const socket = connect(app.baseUrl, session);
    await socket.next((m) => m.type === 'hello');
    socket.ws.send('not json');
    socket.send({ type: 'subscribe', familyId: 'nope' });
    await socket.next((m) => m.type === 'error' && m.code === 'validation_failed');
    socket.send({ type: 'ping' });
    await socket.next((m) => m.type === 'pong');
    assert.equal(socket.seen.filter((m) => m.type === 'error').length, 2);
    socket.ws.close();
  });
});
