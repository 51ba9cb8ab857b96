import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../../test/support/app';
import { signUp, uniqueEmail } from '../../test/support/http';

const OPS_TOKEN = randomBytes(24).toString('hex');
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const run = promisify(execFile);

describe('ops: finding a family’s workflows in Temporal UI', { timeout: 120_000 }, () => {
  let app: TestApp;
  let familyId: string;
  let email: string;
  const familyName = `The Okafors ${randomBytes(3).toString('hex')}`;
  const lookup = (q: string, token: string | null = OPS_TOKEN) =>
    fetch(`${app.baseUrl}/ops/families?q=${encodeURIComponent(q)}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  before(async () => {
    app = await startTestApp({ withWorker: false, env: { OPS_TOKEN, TEMPORAL_UI_URL: 'http://localhost:8233' } });
    email = uniqueEmail('ada');
    const admin = await signUp(app.baseUrl, 'Ada', email);
    familyId = (await admin.session.post('/api/families', { name: familyName })).body.family.id as string;
  });
  after(() => app.stop());

  test('a member email (any case) or part of the family name gives the List Filter and the deep link', async () => {
    const expected = {
      familyId,
      name: familyName,
      members: 1,
      listFilter: `FamilyId = '${familyId}'`,
      url: `http://localhost:8233/namespaces/default/workflows?query=${encodeURIComponent(`FamilyId = '${familyId}'`)}`,
    };
    for (const q of [email.toUpperCase(), familyName.slice(4).toLowerCase()]) {
      const res = await lookup(q);
      assert.equal(res.status, 200);
      assert.deepEqual((await res.json()).families, [expected]);
    }
  });

  test('ops only: no credential or a family member’s session gets 401; a LIKE wildcard matches nothing special', async () => {
    const none = await lookup(familyName, null);
    assert.equal(none.status, 401);
    assert.equal((await none.json()).error.code, 'unauthenticated');
    const member = await signUp(app.baseUrl, 'Member');
    const withSession = await fetch(`${app.baseUrl}/ops/families?q=${encodeURIComponent(familyName)}`, { headers: { cookie: member.session.cookie } });
    assert.equal(withSession.status, 401);
    assert.deepEqual((await (await lookup('%%')).json()).families, []);
    assert.equal((await lookup('x')).status, 400);
  });

  test('npm run ops:find prints the filter and the link; an unknown name exits 1', async () => {
    const env = { ...process.env, OPS_TOKEN, APP_BASE_URL: app.baseUrl };
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/ops-find.ts', email], { cwd: ROOT, env, timeout: 30_000 });
    assert.match(stdout, new RegExp(`List Filter:  FamilyId = '${familyId}'`));
    assert.ok(stdout.includes(`/namespaces/default/workflows?query=${encodeURIComponent(`FamilyId = '${familyId}'`)}`));
    await assert.rejects(run(process.execPath, ['--import', 'tsx', 'scripts/ops-find.ts', `nobody-${randomBytes(4).toString('hex')}`], { cwd: ROOT, env, timeout: 30_000 }), (err: { code?: number; stderr?: string }) => {
      assert.equal(err.code, 1);
      assert.match(err.stderr ?? '', /No family named like/);
      return true;
    });
  });
});
