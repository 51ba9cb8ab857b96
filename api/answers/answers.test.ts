import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { invitationTokenFromOutbox, signUp, uniqueEmail } from '../../test/support/http';
import { startTestApp, type TestApp } from '../../test/support/app';
import { subscribeToFamily } from '../medications/test-family';

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
    await alice.session.post(`/api/families/${familyId}/escalations/${escalationId}/acknowledge`);
  });
});
