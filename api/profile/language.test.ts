import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { firstSupportedLanguage } from '../auth/accept-language';
import { ApiSession, PASSWORD, signUp, uniqueEmail } from '../../test/support/http';
import { startTestApp, type TestApp } from '../../test/support/app';

type OutboxEntry = { channel: string; toAddress: string; subject: string | null; body: string };

// 7 to 18 s alone in CI runs, 40 to 42 s beside a second suite.
describe("a member's language: chosen at sign-up or on the profile, and the words of what we send them", { timeout: 180_000 }, () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ withWorker: false });
  });
  after(() => app.stop());

  const stored = async (id: string) => ((await app.dataSource.query('SELECT language FROM users WHERE id = $1', [id])) as { language: string | null }[])[0]!.language;

  test('the profile takes en or fr; anything else is a 400 naming the field and changes nothing, not even the rest of the patch', { timeout: 30_000 }, async () => {
    const { session, user } = await signUp(app.baseUrl, 'Lea');
    assert.equal((await session.get('/api/auth/me')).body.user.language, null, 'never chosen');

    const set = await session.patch('/api/me', { language: 'fr' });
    assert.equal(set.status, 200);
    assert.equal(set.body.user.language, 'fr');
    assert.equal(await stored(user.id), 'fr');

    for (const bad of ['de', 'FR', '', null, 7]) {
      const res = await session.patch('/api/me', { language: bad, displayName: 'Changed' });
      assert.equal(res.status, 400, JSON.stringify(bad));
      assert.equal(res.body.error.code, 'validation_failed');
      assert.ok((res.body.error.details as { path: string }[]).some((d) => d.path === 'language'), JSON.stringify(res.body));
    }
    const me = (await session.get('/api/auth/me')).body.user;
    assert.deepEqual([me.language, me.displayName], ['fr', 'Lea'], 'unchanged');

    assert.equal((await session.patch('/api/me', { language: 'en' })).body.user.language, 'en');
    assert.equal(await stored(user.id), 'en');
  });

  test('sign-up keeps the language the page was shown in, else the browser’s first one we write, else none', { timeout: 30_000 }, async () => {
    const signup = async (body: Record<string, unknown>, headers: Record<string, string> = {}) => {
      const s = new ApiSession(app.baseUrl);
      const res = await s.request('post', '/api/auth/signup', { email: uniqueEmail('lang'), password: PASSWORD, displayName: 'Zoé', timeZone: 'Europe/Paris', ...body }, { headers });
      return { res, s };
    };
    const fromPage = await signup({ language: 'fr' }, { 'accept-language': 'en-US,en;q=0.9' });
    assert.equal(fromPage.res.status, 201);
    assert.equal(fromPage.res.body.user.language, 'fr', 'the page wins over the header');
    assert.equal((await signup({}, { 'accept-language': 'de-DE,fr-CA;q=0.8,en;q=0.5' })).res.body.user.language, 'fr');
    assert.equal((await signup({}, { 'accept-language': 'de-DE' })).res.body.user.language, null);
    const refused = await signup({ language: 'es' });
    assert.equal(refused.res.status, 400);
    assert.ok((refused.res.body.error.details as { path: string }[]).some((d) => d.path === 'language'));

    // The verification link goes out in the new account's language.
    const box = (await fromPage.s.get('/api/outbox')).body.messages as OutboxEntry[];
    assert.equal(box.length, 1);
    assert.equal(box[0]!.subject, 'Confirmez votre adresse e-mail pour CareCircle');
  });

  test('the SMS code is written in the language saved with the number; another member’s stays English', { timeout: 30_000 }, async () => {
    const fr = await signUp(app.baseUrl, 'Hugo');
    assert.equal((await fr.session.patch('/api/me', { phone: '+33611112201', language: 'fr' })).status, 200);
    const en = await signUp(app.baseUrl, 'Hank');
    assert.equal((await en.session.patch('/api/me', { phone: '+33611112202' })).status, 200);
    const code = async (s: ApiSession, phone: string) =>
      ((await s.get('/api/outbox')).body.messages as OutboxEntry[]).find((m) => m.channel === 'sms' && m.toAddress === phone)!.body;
    assert.match(await code(fr.session, '+33611112201'), /^Code CareCircle : \d{6}\. Il expire dans 10 minutes\./);
    assert.match(await code(en.session, '+33611112202'), /^CareCircle code: \d{6}\. It expires in 10 minutes\./);
  });

  test('an invitation is written in the invitee’s language when they have an account, else the inviter’s', { timeout: 30_000 }, async () => {
    const admin = await signUp(app.baseUrl, 'Camille');
    await admin.session.patch('/api/me', { language: 'fr' });
    const familyId = (await admin.session.post('/api/families', { name: 'Famille Martin' })).body.family.id as string;
    const english = await signUp(app.baseUrl, 'Eve');
    await english.session.patch('/api/me', { language: 'en' });
    const newcomer = uniqueEmail('newcomer');
    for (const email of [newcomer, english.user.email]) {
      assert.equal((await admin.session.post(`/api/families/${familyId}/invitations`, { email, role: 'caregiver' })).status, 201);
    }
    const subject = async (to: string) =>
      ((await app.dataSource.query(`SELECT subject FROM outbox_messages WHERE to_address = $1 AND link LIKE '%/invitations/accept%'`, [to])) as { subject: string }[])[0]!.subject;
    assert.equal(await subject(newcomer), 'Vous êtes invité à rejoindre Famille Martin sur CareCircle');
    assert.equal(await subject(english.user.email), 'You are invited to join Famille Martin on CareCircle');
  });
});

describe('Accept-Language at sign-up', { timeout: 5_000 }, () => {
  test('the highest-ranked language we write wins; q=0 and unknown tags are skipped', () => {
    assert.equal(firstSupportedLanguage('fr-FR,fr;q=0.9,en;q=0.8'), 'fr');
    assert.equal(firstSupportedLanguage('en;q=0.5, fr;q=0.7'), 'fr');
    assert.equal(firstSupportedLanguage('fr;q=0, en-GB'), 'en');
    assert.equal(firstSupportedLanguage('*'), null);
    assert.equal(firstSupportedLanguage(undefined), null);
  });
});
