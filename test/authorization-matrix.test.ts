import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { ApiSession, invitationTokenFromOutbox, signUp, uniqueEmail } from './support/http';
import { startTestApp, type TestApp } from './support/app';
import { fillPath, loadOperations, snapshot, validBody, type Operation } from './support/openapi';

/**
 * Every family-scoped operation in the OpenAPI document, tried by a stranger, a viewer and a
 * caregiver: each attempt the role does not allow is refused with 403 and writes nothing.
 */
describe('authorization matrix', () => {
  let app: TestApp;
  let ops: Operation[];
  let ids: Record<string, string>;
  const callers: Record<string, ApiSession> = {};

  before(async () => {
    app = await startTestApp();
    ops = await loadOperations(app.baseUrl);
    const admin = await signUp(app.baseUrl, 'Admin');
    const family = (await admin.session.post('/api/families', { name: 'Matrix' })).body.family;
    for (const role of ['viewer', 'caregiver']) {
      const email = uniqueEmail(role);
      await admin.session.post(`/api/families/${family.id}/invitations`, { email, role });
      const member = await signUp(app.baseUrl, role, email);
      await member.session.post(`/api/invitations/${await invitationTokenFromOutbox(member.session)}/accept`);
      callers[role] = member.session;
    }
    callers.stranger = (await signUp(app.baseUrl, 'Stranger')).session;
    const pending = await admin.session.post(`/api/families/${family.id}/invitations`, { email: uniqueEmail('pending'), role: 'viewer' });
    const recipient = await admin.session.post(`/api/families/${family.id}/recipients`, { displayName: 'Nan', timeZone: 'Europe/London' });
    ids = { token: 'x'.repeat(43), answerToken: `${'x'.repeat(30)}.${'y'.repeat(43)}`, escalationId: randomUUID(), scheduleId: randomUUID(), doseKey: '2026-03-01T08:00', seriesId: randomUUID(), rotationId: randomUUID(), shiftId: randomUUID(), occurrenceKey: '2026-03-02T10:00', messageId: randomUUID(), familyId: family.id, userId: admin.user.id, invitationId: pending.body.invitation.id, recipientId: recipient.body.recipient.id };
  });
  after(() => app.stop());

  test('the document declares access for every operation', () => {
    assert.ok(ops.length >= 20);
    for (const op of ops) assert.ok(op.access, `${op.operationId} has no x-access`);
  });

  for (const who of ['stranger', 'viewer', 'caregiver'] as const) {
    test(`a ${who} is refused every family operation their role does not allow, and nothing changes`, async () => {
      const familyOps = ops.filter((o) => typeof o.access === 'object');
      assert.ok(familyOps.length >= 12);
      let refusals = 0;
      for (const op of familyOps) {
        const allowed = who !== 'stranger' && (op.access as { family: string[] }).family.includes(who);
        // removeMember lets anyone remove themselves; the matrix tries to remove the admin.
        if (allowed && op.operationId !== 'removeMember') continue;
        const before = await snapshot(app.dataSource);
        const body = op.requestSchema ? validBody(op.operationId) : undefined;
        const res = await callers[who]!.request(op.method, fillPath(op.path, ids), body);
        assert.equal(res.status, 403, `${who} ${op.operationId} → ${res.status}`);
        assert.equal(res.body.error.code, 'forbidden');
        assert.deepEqual(await snapshot(app.dataSource), before, `${who} ${op.operationId} changed data`);
        refusals++;
      }
      assert.ok(refusals > 0);
    });
  }

  test('without a session every non-public operation answers 401', async () => {
    const anonymous = new ApiSession(app.baseUrl);
    for (const op of ops.filter((o) => o.access !== 'public')) {
      const res = await anonymous.request(op.method, fillPath(op.path, ids), op.requestSchema ? validBody(op.operationId) : undefined);
      assert.equal(res.status, 401, `${op.operationId} → ${res.status}`);
    }
  });

  function subscribe(session: ApiSession) {
    const ws = new WebSocket(`${app.baseUrl.replace('http', 'ws')}/ws`, { headers: { cookie: session.cookie } });
    return new Promise<{ type: string; code?: string }>((resolve, reject) => {
      ws.on('error', reject);
      ws.on('message', (data) => {
        const msg = JSON.parse(data.toString());
        if (msg.type === 'hello') ws.send(JSON.stringify({ type: 'subscribe', familyId: ids.familyId }));
        else {
          ws.close();
          resolve(msg);
        }
      });
    });
  }

  test('a stranger cannot subscribe to the family live events; a viewer can', async () => {
    const refused = await subscribe(callers.stranger!);
    assert.deepEqual([refused.type, refused.code], ['error', 'forbidden']);
    assert.equal((await subscribe(callers.viewer!)).type, 'subscribed');
  });

  test('the ws handshake needs a session and the same origin', async () => {
    const status = (headers: Record<string, string>) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`${app.baseUrl.replace('http', 'ws')}/ws`, { headers });
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => (ws.close(), resolve(101)));
      });
    assert.equal(await status({}), 401);
    assert.equal(await status({ cookie: callers.viewer!.cookie, origin: 'https://evil.example' }), 403);
  });
});
