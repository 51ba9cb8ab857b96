import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { buildOpenApi } from '../api/openapi';
import { apiRoutes } from '../api/routes';
import { signUp, uniqueEmail, type ApiSession } from './support/http';
import { startTestApp, type TestApp } from './support/app';
import { fillPath, validBody } from './support/openapi';

type Operation = { operationId: string; security?: unknown[]; parameters?: { name: string; in: string }[]; responses: Record<string, unknown> };

const doc = buildOpenApi(apiRoutes);
const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
  Object.entries(methods as Record<string, Operation>).map(([method, op]) => ({ path, method, op })),
);
const byId = (id: string) => operations.find((o) => o.op.operationId === id)!.op;

describe('the OpenAPI document tells the truth', { timeout: 120_000 }, () => {
  test('the public operations need no session cookie; every other one does', () => {
    const open = operations.filter(({ op }) => Array.isArray(op.security) && op.security.length === 0).map(({ op }) => op.operationId);
    assert.deepEqual(open.sort(), ['answerWithToken', 'calendarFeed', 'declineInvitation', 'login', 'logout', 'previewAnswer', 'previewInvitation', 'signup', 'verifyEmail']);
    assert.deepEqual(doc.security, [{ session: [] }]);
  });

  test('every operation declares 400, 401 and 503; state changes 403, 409, 415 and 429; addressed resources 404', () => {
    for (const { method, path, op } of operations) {
      const declared = Object.keys(op.responses);
      const label = `${method.toUpperCase()} ${path}`;
      for (const status of ['400', '503']) assert.ok(declared.includes(status), `${label} lacks ${status}`);
      if (method !== 'get') for (const status of ['403', '409', '415', '429']) assert.ok(declared.includes(status), `${label} lacks ${status}`);
      if (path.includes('{')) assert.ok(declared.includes('404'), `${label} lacks 404`);
      assert.ok(declared.includes('401'), `${label} lacks 401`);
    }
  });

  test('?days= and the Idempotency-Key header of answers are declared', () => {
    for (const id of ['medicationAdherence', 'previewMedication']) {
      assert.ok(byId(id).parameters?.some((p) => p.in === 'query' && p.name === 'days'), id);
    }
    for (const id of ['markDoseTaken', 'markDoseSkipped', 'snoozeDose', 'acknowledgeEscalation', 'claimEscalation', 'resolveEscalation']) {
      assert.ok(byId(id).parameters?.some((p) => p.in === 'header' && p.name === 'Idempotency-Key'), id);
    }
  });

  describe('on the running API', () => {
    let app: TestApp;
    let admin: ApiSession;
    let ids: Record<string, string>;
    before(async () => {
      app = await startTestApp();
      const a = await signUp(app.baseUrl, 'Doc');
      admin = a.session;
      const family = (await admin.post('/api/families', { name: 'Doc' })).body.family;
      ids = { familyId: family.id, userId: a.user.id, token: 'x'.repeat(43), answerToken: `${'x'.repeat(30)}.${'y'.repeat(43)}` };
    });
    after(() => app.stop());

    test('every answer to every operation, called with ids that name nothing, has a declared status', async () => {
      // Ending the session last, so the other calls are made signed in.
      const order = [...operations].sort((x, y) => Number(/logout/i.test(x.op.operationId)) - Number(/logout/i.test(y.op.operationId)));
      for (const { path, method, op } of order) {
        const url = fillPath(path, new Proxy(ids, { get: (t, k: string) => t[k] ?? (k === 'doseKey' || k === 'occurrenceKey' ? '2026-03-01T08:00' : randomUUID()) }));
        let body: unknown;
        try {
          body = method === 'get' || method === 'delete' ? undefined : validBody(op.operationId);
        } catch {
          body = undefined; // operations without a body
        }
        if (op.operationId === 'createInvitation') body = { email: uniqueEmail('doc'), role: 'viewer' };
        const res = await admin.request(method, url, body);
        assert.ok(String(res.status) in op.responses, `${op.operationId} answered ${res.status}, declared ${Object.keys(op.responses).join(', ')}: ${JSON.stringify(res.body)}`);
      }
    });
  });
});
