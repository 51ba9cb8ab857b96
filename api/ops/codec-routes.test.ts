import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { defaultPayloadConverter } from '@temporalio/common';
import { resolveTemporalCli } from '../../temporal/binaries';
import { ENCODING_ENCRYPTED } from '../../temporal/codec/encryption-codec';
import { payloadKeysFromEnv } from '../../temporal/data-converter';
import { startTestApp, testTemporalAddress, type TestApp } from '../../test/support/app';

const OPS_TOKEN = randomBytes(24).toString('hex');
const UI_ORIGIN = 'http://localhost:8233';
const run = promisify(execFile);
const b64 = (s: string) => Buffer.from(s).toString('base64');
const plainPayload = (value: unknown) => {
  const p = defaultPayloadConverter.toPayload(value);
  return { metadata: { encoding: Buffer.from(p.metadata!.encoding!).toString('base64') }, data: Buffer.from(p.data!).toString('base64') };
};

describe('codec server (/ops/codec)', { timeout: 120_000 }, () => {
  let app: TestApp;
  const call = (path: string, init: { body?: unknown; headers?: Record<string, string>; method?: string } = {}) =>
    fetch(`${app.baseUrl}/ops/codec${path}`, {
      method: init.method ?? 'POST',
      headers: { 'content-type': 'application/json', ...init.headers },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const bearer = { authorization: `Bearer ${OPS_TOKEN}` };

  before(async () => {
    app = await startTestApp({ withWorker: false, env: { OPS_TOKEN } });
  });
  after(async () => {
    await app.stop();
  });

  test('without an ops credential nothing is decoded: 401 with the error format', async () => {
    const [encrypted] = (await (await call('/encode', { body: { payloads: [plainPayload('secret')] }, headers: bearer })).json()).payloads;
    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer wrong-token-wrong-token-wrong' }, { cookie: 'carecircle_ops=nope' }];
    for (const headers of attempts) {
      const res = await call('/decode', { body: { payloads: [encrypted] }, headers });
      assert.equal(res.status, 401);
      const body = await res.json();
      assert.equal(body.error.code, 'unauthenticated');
      assert.ok(!JSON.stringify(body).includes(b64('"secret"')));
    }
    assert.equal((await call('/encode', { body: { payloads: [plainPayload('x')] } })).status, 401);
    const [denied] = await app.dataSource.query(
      `SELECT count(*)::int AS n FROM audit_events WHERE operation = 'opsCodecDecode' AND outcome = 'denied' AND resource_type = 'workflow_payloads'`,
    );
    assert.equal(denied.n, attempts.length, 'every refused decode is on the audit trail');
  });

  test('round trip: encode gives ciphertext with the key id, decode gives the original payload back', async () => {
    const original = plainPayload({ note: 'vomiting since 5am' });
    const encoded = await call('/encode', { body: { payloads: [original] }, headers: { ...bearer, 'x-namespace': 'default' } });
    assert.equal(encoded.status, 200);
    const [sealed] = (await encoded.json()).payloads;
    assert.equal(Buffer.from(sealed.metadata.encoding, 'base64').toString(), ENCODING_ENCRYPTED);
    assert.equal(Buffer.from(sealed.metadata['encryption-key-id'], 'base64').toString(), payloadKeysFromEnv().current.id);
    assert.ok(!Buffer.from(sealed.data, 'base64').toString().includes('vomiting'));
    const decoded = await call('/decode?preserveStorageRefs=true', { body: { payloads: [sealed, original] }, headers: bearer });
    assert.equal(decoded.status, 200);
    // The plain one passes through: histories from before encryption stay readable in the UI.
    assert.deepEqual((await decoded.json()).payloads, [original, original]);
    const [audited] = await app.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE operation = 'opsCodecDecode' AND outcome = 'allowed'`);
    assert.ok(audited.n >= 1, 'a decode is recorded on the audit trail');
  });

  test('bad input is a 4xx in the error format: wrong namespace, malformed body, tampered payload', async () => {
    const wrongNs = await call('/decode', { body: { payloads: [] }, headers: { ...bearer, 'x-namespace': 'other' } });
    assert.equal(wrongNs.status, 400);
    assert.equal((await call('/decode', { body: { nope: 1 }, headers: bearer })).status, 400);
    const [sealed] = (await (await call('/encode', { body: { payloads: [plainPayload('x')] }, headers: bearer })).json()).payloads;
    const tampered = { ...sealed, data: Buffer.from(Buffer.from(sealed.data, 'base64').map((b, i) => (i === 15 ? b ^ 1 : b))).toString('base64') };
    const res = await call('/decode', { body: { payloads: [tampered] }, headers: bearer });
    assert.equal(res.status, 400);
    assert.equal((await res.json()).error.code, 'validation_failed');
  });

  test('CORS: the Temporal UI origin gets a preflight answer with credentials; any other origin gets none and is refused', async () => {
    const preflight = (origin: string) =>
      call('/decode', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace' } });
    const ok = await preflight(UI_ORIGIN);
    assert.equal(ok.status, 204);
    assert.equal(ok.headers.get('access-control-allow-origin'), UI_ORIGIN);
    assert.equal(ok.headers.get('access-control-allow-credentials'), 'true');
    assert.match(ok.headers.get('access-control-allow-headers') ?? '', /X-Namespace/);
    const evil = await preflight('https://evil.example');
    assert.equal(evil.headers.get('access-control-allow-origin'), null);
    // Even with the right credential, a browser on another origin gets nothing decoded.
    const [sealed] = (await (await call('/encode', { body: { payloads: [plainPayload('x')] }, headers: bearer })).json()).payloads;
    const refused = await call('/decode', { body: { payloads: [sealed] }, headers: { ...bearer, origin: 'https://evil.example' } });
    assert.equal(refused.status, 403);
    assert.equal(refused.headers.get('access-control-allow-origin'), null);
  });

  test('the browser path: /ops/sign-in sets an HttpOnly cookie scoped to /ops, which then decodes from the UI origin', async () => {
    const wrong = await fetch(`${app.baseUrl}/ops/sign-in`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'token=nope' });
    assert.equal(wrong.status, 401);
    assert.deepEqual(wrong.headers.getSetCookie(), []);
    const res = await fetch(`${app.baseUrl}/ops/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: OPS_TOKEN }).toString(),
    });
    assert.equal(res.status, 200);
    assert.match(await res.text(), /href="http:\/\/localhost:8233"/);
    const [setCookie] = res.headers.getSetCookie();
    assert.match(setCookie!, /^carecircle_ops=/);
    assert.match(setCookie!, /path=\/ops/i);
    assert.match(setCookie!, /httponly/i);
    const cookie = setCookie!.split(';')[0]!;
    const [sealed] = (await (await call('/encode', { body: { payloads: [plainPayload('by cookie')] }, headers: bearer })).json()).payloads;
    const decoded = await call('/decode', { body: { payloads: [sealed] }, headers: { cookie, origin: UI_ORIGIN } });
    assert.equal(decoded.status, 200);
    assert.equal(decoded.headers.get('access-control-allow-origin'), UI_ORIGIN);
    assert.deepEqual((await decoded.json()).payloads, [plainPayload('by cookie')]);
  });

  test('the temporal CLI shows ciphertext from the server, and the clear input only through the codec with the credential', async () => {
    const canary = `CANARY-${randomBytes(6).toString('hex')}`;
    const workflowId = `codec-cli-${randomBytes(4).toString('hex')}`;
    // Nobody polls this queue: the start event alone is enough to see how the input is stored.
    const handle = await app.client.workflow.start('medicationSchedule', { taskQueue: `nobody-${workflowId}`, workflowId, args: [{ note: canary }] });
    try {
      const cli = await resolveTemporalCli();
      assert.notEqual(cli.kind, 'cached-download');
      const path = cli.kind === 'cached-download' ? '' : cli.path;
      const show = (...extra: string[]) =>
        run(path, ['workflow', 'show', '--workflow-id', workflowId, '--address', testTemporalAddress(), '--output', 'json', ...extra], { timeout: 30_000 });
      const raw = (await show()).stdout;
      assert.ok(raw.includes(b64(ENCODING_ENCRYPTED)), 'the stored input is not marked encrypted');
      assert.ok(!raw.includes(canary));
      const endpoint = `${app.baseUrl}/ops/codec`;
      const decoded = JSON.parse((await show('--codec-endpoint', endpoint, '--codec-auth', `Bearer ${OPS_TOKEN}`)).stdout);
      const [input] = decoded.events[0].workflowExecutionStartedEventAttributes.input.payloads;
      assert.equal(Buffer.from(input.metadata.encoding, 'base64').toString(), 'json/plain');
      assert.deepEqual(JSON.parse(Buffer.from(input.data, 'base64').toString()), { note: canary });
      // Refused with 401 (the HTTP tests above); the CLI retries that until its deadline, then fails.
      await assert.rejects(show('--codec-endpoint', endpoint, '--command-timeout', '3s'), (err: { stdout?: string }) => !(err.stdout ?? '').includes(b64(`{"note":"${canary}"}`)));
    } finally {
      await handle.terminate('test over');
    }
  });
});
