import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ApiSession, invitationTokenFromOutbox, signUp, uniqueEmail } from '../../test/support/http';
import { startTestApp, type TestApp } from '../../test/support/app';
import { subscribeToFamily } from '../medications/test-family';
import { answerSigningKey, signAnswerToken } from './tokens';

describe('answer links from email and push', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp();
  });
  after(() => app.stop());

  test("a member removed after the alert went out cannot acknowledge it with the link they were sent", { timeout: 60_000 }, async () => {
    // Alice (admin) and Ben (caregiver); Ben is reachable by email only.
    const alice = await signUp(app.baseUrl, 'Alice');
    const familyId = (await alice.session.post('/api/families', { name: 'Links' })).body.family.id as string;
    const benEmail = uniqueEmail('ben');
    await alice.session.post(`/api/families/${familyId}/invitations`, { email: benEmail, role: 'caregiver' });
    const ben = await signUp(app.baseUrl, 'Ben', benEmail);
    assert.equal((await ben.session.post(`/api/invitations/${await invitationTokenFromOutbox(ben.session)}/accept`)).status, 200);

    const live = await subscribeToFamily(app.baseUrl, alice.session, familyId);
    const raised = await alice.session.post(`/api/families/${familyId}/emergencies`, { note: 'Smoke alarm' });
    assert.equal(raised.status, 201);
    const escalationId = raised.body.escalation.id as string;
    await live.next((e) => e.type === 'delivery.changed' && e.delivery.userId === ben.user.id && e.delivery.channel === 'email' && e.delivery.status === 'sent');
    const link = ((await ben.session.get('/api/outbox')).body.messages as { link: string | null }[]).find((m) => m.link?.includes('/answer?token='))!.link!;
    const token = new URL(link).searchParams.get('token')!;
    live.close();

    // Alice removes Ben; the emergency goes on. His link, still within its lifetime, no longer answers.
    assert.equal((await alice.session.delete(`/api/families/${familyId}/members/${ben.user.id}`)).status, 204);
    const refused = await ben.session.post(`/api/answers/${token}`, { action: 'acknowledge' });
    assert.equal(refused.status, 403, JSON.stringify(refused.body));
    assert.equal(refused.body.error.code, 'forbidden');
    const [row] = await app.dataSource.query('SELECT status, answered_by FROM escalations WHERE id = $1', [escalationId]);
    assert.deepEqual([row.status, row.answered_by], ['active', null]);
    // The refusal did not spend the link: it stays a member's credential only, never a removed person's.
    const [used] = await app.dataSource.query('SELECT count(*)::int AS n FROM used_answer_tokens');
    assert.equal(used.n, 0);
    await alice.session.answer(`/api/families/${familyId}/escalations/${escalationId}/acknowledge`);
  });

  test('a used link sent again (a lost response, a double tap) gets the first answer, not "already used"', { timeout: 60_000 }, async () => {
    const alice = await signUp(app.baseUrl, 'Alice');
    const familyId = (await alice.session.post('/api/families', { name: 'Retries' })).body.family.id as string;
    const raised = await alice.session.post(`/api/families/${familyId}/emergencies`, { note: 'Fall' });
    assert.equal(raised.status, 201, JSON.stringify(raised.body));
    const escalationId = raised.body.escalation.id as string;
    const token = signAnswerToken(await answerSigningKey(app.dataSource), {
      escalationId,
      familyId,
      userId: alice.user.id,
      channel: 'push',
      exp: Math.floor(Date.now() / 1000) + 600,
    });
    const anonymous = new ApiSession(app.baseUrl);
    // Two taps at once, then the retry of a response that never arrived.
    const taps = await Promise.all([anonymous.post(`/api/answers/${token}`, { action: 'acknowledge' }), anonymous.post(`/api/answers/${token}`, { action: 'acknowledge' })]);
    const retry = await anonymous.post(`/api/answers/${token}`, { action: 'acknowledge' });
    for (const res of [...taps, retry]) {
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.escalation.status, 'acknowledged');
      assert.equal(res.body.escalation.answeredBy, alice.user.id);
    }
    const [events] = await app.dataSource.query("SELECT count(*)::int AS n FROM escalation_events WHERE escalation_id = $1 AND type = 'acknowledged'", [escalationId]);
    assert.equal(events.n, 1, 'one answer, however often the link was sent');
  });
});

