import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { signUp, uniqueEmail, type ApiSession } from './support/http';
import { startTestApp, type TestApp } from './support/app';
import { fillPath, loadOperations, snapshot, validBody, type Operation } from './support/openapi';

/**
 * Driven by the OpenAPI document: every operation with a body gets malformed JSON, a wrong
 * content type, an oversized body, an empty body, unknown fields and each field with the
 * wrong type. Each must be a 4xx JSON error and leave every table as it was.
 */
describe('bad input never yields a 5xx and never writes', () => {
  let app: TestApp;
  let ops: Operation[];
  let admin: ApiSession;
  let ids: Record<string, string>;

  before(async () => {
    // The Twilio webhook only reads its form when a token is configured.
    app = await startTestApp({ env: { TWILIO_AUTH_TOKEN: 'bad-input-test-token' } });
    ops = await loadOperations(app.baseUrl);
    const a = await signUp(app.baseUrl, 'Admin');
    admin = a.session;
    const family = (await admin.post('/api/families', { name: 'Inputs' })).body.family;
    const invitation = await admin.post(`/api/families/${family.id}/invitations`, { email: uniqueEmail('x'), role: 'viewer' });
    const recipient = await admin.post(`/api/families/${family.id}/recipients`, { displayName: 'Nan', timeZone: 'UTC' });
    ids = { token: 'x'.repeat(43), answerToken: `${'x'.repeat(30)}.${'y'.repeat(43)}`, escalationId: randomUUID(), scheduleId: randomUUID(), doseKey: '2026-03-01T08:00', seriesId: randomUUID(), rotationId: randomUUID(), shiftId: randomUUID(), occurrenceKey: '2026-03-02T10:00', messageId: randomUUID(), familyId: family.id, userId: a.user.id, invitationId: invitation.body.invitation.id, recipientId: recipient.body.recipient.id };
  });
  after(() => app.stop());

  async function expectRefused(op: Operation, init: { body?: unknown; raw?: string; headers?: Record<string, string> }, expect: { status: number; code: string }) {
    const before = await snapshot(app.dataSource);
    const res = await admin.request(op.method, fillPath(op.path, ids), init.body, { raw: init.raw, headers: init.headers });
    const label = `${op.operationId} ${JSON.stringify(init).slice(0, 80)}`;
    assert.equal(res.status, expect.status, `${label} → ${res.status} ${JSON.stringify(res.body)}`);
    assert.equal(res.headers.get('content-type')?.split(';')[0], 'application/json', label);
    assert.equal(res.body.error.code, expect.code, label);
    assert.equal(typeof res.body.error.message, 'string');
    assert.ok(!JSON.stringify(res.body).includes('    at '), `${label} leaked a stack trace`);
    assert.deepEqual(await snapshot(app.dataSource), before, `${label} wrote something`);
    return res;
  }

  const withBody = () => ops.filter((o) => o.requestSchema);

  test('malformed JSON → 400 malformed_json', async () => {
    assert.ok(withBody().length >= 9);
    for (const op of withBody()) await expectRefused(op, { raw: '{"name": "unterminated' }, { status: 400, code: 'malformed_json' });
  });

  test('a body that is not JSON → 415', async () => {
    for (const op of withBody()) {
      await expectRefused(op, { raw: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, { status: 415, code: 'unsupported_media_type' });
    }
  });

  test('an oversized body → 413 before it is parsed', async () => {
    for (const op of withBody()) await expectRefused(op, { body: { padding: 'x'.repeat(70 * 1024) } }, { status: 413, code: 'payload_too_large' });
  });

  test('missing body, empty object, unknown fields and arrays → 400 validation_failed', async () => {
    for (const op of withBody()) {
      // `{}` is only wrong where some field is required (an emergency needs no note).
      const empty = op.requestSchema!.required?.length ? [{}] : [];
      for (const body of [undefined, ...empty, [], 'text', 42, null, { ...(validBody(op.operationId) as object), isAdmin: true }]) {
        await expectRefused(op, { body }, { status: 400, code: 'validation_failed' });
      }
    }
  });

  test('each field with the wrong type → 400 naming that field', async () => {
    for (const op of withBody()) {
      for (const [field, schema] of Object.entries(op.requestSchema!.properties ?? {})) {
        const wrong = schema.type === 'string' ? 12345 : 'not-the-right-type';
        const body = { ...(validBody(op.operationId) as object), [field]: wrong };
        const res = await expectRefused(op, { body }, { status: 400, code: 'validation_failed' });
        assert.ok(
          res.body.error.details.some((d: { path: string }) => d.path === field || d.path === ''),
          `${op.operationId}.${field}: ${JSON.stringify(res.body.error.details)}`,
        );
      }
    }
  });

  test('path parameters that are not ids → 400, not 500', async () => {
    const familyOps = ops.filter((o) => o.path.includes('{familyId}'));
    for (const op of familyOps) {
      await expectRefused(
        { ...op, path: op.path.replace('{familyId}', 'not-a-uuid') },
        { body: op.requestSchema ? validBody(op.operationId) : undefined },
        { status: 400, code: 'validation_failed' },
      );
    }
  });

  /** Every string inside a value, with its dotted path: the fields a text attack can use. */
  function stringLeaves(value: unknown, path: string[] = []): { path: string; value: string }[] {
    if (typeof value === 'string') return [{ path: path.join('.'), value }];
    if (typeof value !== 'object' || value === null) return [];
    return Object.entries(value).flatMap(([k, v]) => stringLeaves(v, [...path, k]));
  }
  const set = (value: unknown, path: string[], leaf: string): unknown => {
    if (path.length === 0) return leaf;
    const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string, unknown>;
    copy[path[0]!] = set(copy[path[0]!], path.slice(1), leaf);
    return copy;
  };
  // U+0000 cannot be stored in PostgreSQL text; a lone surrogate has no UTF-8 form.
  const UNSTORABLE = { nul: (s: string) => `${s.slice(0, 1)}\u0000${s.slice(1)}`, surrogate: (s: string) => `${s}\ud800` };

  test('NUL or a lone surrogate in any string field, at any depth → 400 naming that field, nothing written', async () => {
    let fields = 0;
    for (const op of withBody()) {
      const valid = validBody(op.operationId);
      for (const leaf of stringLeaves(valid)) {
        for (const [kind, spoil] of Object.entries(UNSTORABLE)) {
          const res = await expectRefused(op, { body: set(valid, leaf.path.split('.'), spoil(leaf.value)) }, { status: 400, code: 'validation_failed' });
          assert.ok(
            res.body.error.details.some((d: { path: string }) => d.path === leaf.path),
            `${op.operationId}.${leaf.path} (${kind}): ${JSON.stringify(res.body.error.details)}`,
          );
        }
        fields++;
      }
    }
    assert.ok(fields >= 30, `only ${fields} string fields exercised`);
  });

  test('NUL in a path parameter or a query → 400, nothing written', async () => {
    for (const op of ops.filter((o) => /\{(token|answerToken|doseKey|occurrenceKey)\}/.test(o.path))) {
      const path = op.path.replace(/\{(token|answerToken|doseKey|occurrenceKey)\}/, (_, name: string) => `${ids[name]}%00`);
      await expectRefused({ ...op, path }, { body: op.requestSchema ? validBody(op.operationId) : undefined }, { status: 400, code: 'validation_failed' });
    }
    for (const op of ops.filter((o) => o.method === 'get')) {
      // A lone surrogate cannot be percent-encoded (URLs are UTF-8), so NUL is the attack here.
      for (const query of ['days=1%00', 'anything=a%00b']) {
        await expectRefused({ ...op, path: `${op.path}?${query}` }, {}, { status: 400, code: 'validation_failed' });
      }
    }
  });

  test('NUL in the Twilio webhook form body → 400 before anything is read from it', async () => {
    const webhook: Operation = { operationId: 'twilioSms', method: 'post', path: '/api/webhooks/twilio/sms', access: 'public' };
    const raw = new URLSearchParams({ MessageSid: 'SM1', From: '+15550001111', Body: 'TAKEN\u0000' }).toString();
    await expectRefused(webhook, { raw, headers: { 'content-type': 'application/x-www-form-urlencoded' } }, { status: 400, code: 'validation_failed' });
  });

  test('an unknown API path is a JSON 404', async () => {
    const res = await admin.get('/api/nothing-here');
    assert.equal(res.status, 404);
    assert.equal(res.body.error.code, 'not_found');
  });
});
