import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { WEB_DIST, createApp } from '../app';
import { loadConfig } from '../config';
import { signUp, uniqueEmail, PASSWORD, type ApiSession } from '../../test/support/http';
import { startTestApp, type TestApp } from '../../test/support/app';

describe('web and API hygiene on the real stack', { timeout: 120_000 }, () => {
  let app: TestApp;
  let admin: ApiSession;

  before(async () => {
    app = await startTestApp({ withWorker: false });
    admin = (await signUp(app.baseUrl, 'Hygiene')).session;
  });
  after(() => app.stop());

  const families = async () => Number((await app.dataSource.query('SELECT count(*) AS n FROM families'))[0].n);

  test('every answer carries the security headers; API answers are never cached; no HSTS outside production', async () => {
    for (const url of ['/api/auth/me', '/', '/health', '/api/openapi.json']) {
      const res = await fetch(app.baseUrl + url);
      const csp = res.headers.get('content-security-policy') ?? '';
      assert.match(csp, /script-src 'self'(;|$)/, url);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/, url);
      assert.match(csp, /frame-ancestors 'none'/, url);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff', url);
      assert.equal(res.headers.get('referrer-policy'), 'no-referrer', url);
      assert.equal(res.headers.get('x-frame-options'), 'DENY', url);
      assert.equal(res.headers.get('strict-transport-security'), null, url);
      if (url.startsWith('/api/')) assert.equal(res.headers.get('cache-control'), 'no-store', url);
    }
  });

  test('the built SPA has no inline script and ships no source maps', () => {
    const index = fs.readFileSync(path.join(WEB_DIST, 'index.html'), 'utf8');
    const scripts = [...index.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.ok(scripts.length > 0);
    for (const [, attrs, body] of scripts) {
      assert.match(attrs!, /\bsrc="/, 'every script is loaded from a file');
      assert.equal(body!.trim(), '', 'no inline script');
    }
    const assets = fs.readdirSync(path.join(WEB_DIST, 'assets'));
    assert.deepEqual(assets.filter((f) => f.endsWith('.map')), []);
    for (const f of assets.filter((a) => a.endsWith('.js'))) {
      assert.doesNotMatch(fs.readFileSync(path.join(WEB_DIST, 'assets', f), 'utf8'), /sourceMappingURL/, f);
    }
  });

  test('TRACE and PROPFIND → 405 with Allow and a JSON error; a method a path lacks too', async () => {
    for (const [method, url, allow] of [
      ['TRACE', '/api/families', 'GET, HEAD, POST'],
      ['PROPFIND', '/api/families', 'GET, HEAD, POST'],
      ['PROPFIND', '/', 'GET, HEAD'],
      ['PUT', '/api/families', 'GET, HEAD, POST'],
    ] as const) {
      // fetch refuses to send TRACE, so this goes through node:http.
      const res = await new Promise<{ status: number; allow: string; body: string }>((resolve, reject) => {
        const req = http.request(app.baseUrl + url, { method, headers: { cookie: admin.cookie } }, (r) => {
          let body = '';
          r.on('data', (c: Buffer) => (body += c.toString()));
          r.on('end', () => resolve({ status: r.statusCode ?? 0, allow: String(r.headers.allow), body }));
        });
        req.on('error', reject);
        req.end();
      });
      assert.equal(res.status, 405, `${method} ${url}`);
      assert.equal(res.allow.split(', ').sort().join(', '), allow, `${method} ${url}`);
      assert.equal((JSON.parse(res.body) as { error: { code: string } }).error.code, 'method_not_allowed');
    }
  });

  test('a state change from another site is refused (403) and writes nothing; from our pages it works', async () => {
    const before = await families();
    const evil = await admin.request('post', '/api/families', { name: 'CSRF' }, { headers: { origin: 'https://evil.example' } });
    assert.equal(evil.status, 403);
    assert.equal(evil.body.error.code, 'forbidden');
    const nullOrigin = await admin.request('post', '/api/families', { name: 'CSRF' }, { headers: { origin: 'null' } });
    assert.equal(nullOrigin.status, 403);
    const noOrigin = await admin.request('post', '/api/families', { name: 'CSRF' }, { headers: { 'sec-fetch-site': 'cross-site' } });
    assert.equal(noOrigin.status, 403);
    // A cross-site HTML form with no fields sends no body, only a form content type.
    const form = await admin.request('post', '/api/families', undefined, { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(form.status, 415);
    assert.equal(await families(), before);

    const ours = await admin.request('post', '/api/families', { name: 'Ours' }, { headers: { origin: app.baseUrl, 'sec-fetch-site': 'same-origin' } });
    assert.equal(ours.status, 201);
    const script = await admin.post('/api/families', { name: 'No browser' });
    assert.equal(script.status, 201, 'callers that are not browsers send no Origin and pass');
  });

  test('the Twilio webhook (signed, form-encoded) is not held to the same-origin rule', async () => {
    const res = await admin.request('post', '/api/webhooks/twilio/sms', undefined, {
      raw: 'From=%2B15550001111&Body=1',
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
    });
    // Not configured in tests: the webhook itself answers, not the CSRF guard.
    assert.equal(res.status, 404);
    assert.match(res.body.error.message, /TWILIO_AUTH_TOKEN/);
  });
});

describe('behind a TLS proxy', { timeout: 120_000 }, () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ withWorker: false, env: { NODE_ENV: 'production', TRUST_PROXY: 'true' } });
  });
  after(() => app.stop());

  test('in production with X-Forwarded-Proto: https, sign-up answers 201 with a Secure cookie, and HSTS is on', async () => {
    const res = await fetch(`${app.baseUrl}/api/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ email: uniqueEmail('proxied'), password: PASSWORD, displayName: 'Proxied', timeZone: 'UTC' }),
    });
    assert.equal(res.status, 201, await res.clone().text());
    assert.match(res.headers.get('set-cookie') ?? '', /cc_session=.*;.*secure/i);
    assert.match(res.headers.get('strict-transport-security') ?? '', /max-age=\d+/);
  });
});

/** The client address Koa sees for one request with these headers. */
function clientIp(env: Record<string, string>, headers: Record<string, string>): string {
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://unused/db', TEMPORAL_ADDRESS: 'unused:1', ...env });
  const deps = { config, dataSource: {} as DataSource, temporal: { client: { connection: {} } as Client, taskQueue: 'q' }, log: console };
  const koa = createApp(deps);
  const socket = new net.Socket();
  Object.defineProperty(socket, 'remoteAddress', { value: '10.0.0.9' });
  const req = new http.IncomingMessage(socket);
  req.headers = headers;
  return koa.createContext(req, new http.ServerResponse(req)).ip;
}

test('forwarded client addresses are believed only from a configured proxy, and only its own entry', () => {
  const forwarded = { 'x-forwarded-for': '6.6.6.6, 203.0.113.7' };
  assert.equal(clientIp({}, forwarded), '10.0.0.9', 'without TRUST_PROXY the header is ignored');
  assert.equal(clientIp({ TRUST_PROXY: 'true' }, forwarded), '203.0.113.7', 'the entry our proxy added, not one the client forged');
  assert.equal(clientIp({ TRUST_PROXY: 'true', TRUST_PROXY_HOPS: '2' }, forwarded), '6.6.6.6');
});
