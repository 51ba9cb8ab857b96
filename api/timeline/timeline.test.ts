import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FamilyTimelineItem } from '../contracts/timeline';
import { invitationTokenFromOutbox, signUp, uniqueEmail, type ApiSession } from '../../test/support/http';
import { startMedicationFamily, type MedicationFamily } from '../medications/test-family';
import { readTimelinePage, timelinePageQuery } from './query';

describe('the family timeline, on the real stack', () => {
  let f: MedicationFamily;
  let ben: { session: ApiSession; user: { id: string } };
  let grandpaId: string;
  let emergencyId: string;
  const timeline = async (query = '') => {
    const res = await f.viewer.get(`/api/families/${f.familyId}/timeline${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as { items: FamilyTimelineItem[]; nextBefore: string | null };
  };

  before(async () => {
    f = await startMedicationFamily();
    grandpaId = (await f.admin.session.post(`/api/families/${f.familyId}/recipients`, { displayName: 'Grandpa', timeZone: 'UTC' })).body.recipient.id;
    // Ben joins as a viewer and is made a caregiver.
    const email = uniqueEmail('ben');
    await f.admin.session.post(`/api/families/${f.familyId}/invitations`, { email, role: 'viewer' });
    ben = await signUp(f.app.baseUrl, 'Ben', email);
    await ben.session.post(`/api/invitations/${await invitationTokenFromOutbox(ben.session)}/accept`);
    assert.equal((await f.admin.session.patch(`/api/families/${f.familyId}/members/${ben.user.id}`, { role: 'caregiver' })).status, 200);
    // Nan's as-needed painkiller is given by Ben; Grandpa's emergency is acknowledged by the admin in the app.
    const prn = await f.create({ medicationName: 'Paracetamol', dose: '1 g', timesOfDay: [], asNeeded: true });
    assert.equal((await ben.session.post(`/api/families/${f.familyId}/medications/${prn.id}/prn-doses`, {})).status, 201);
    const raised = await ben.session.post(`/api/families/${f.familyId}/emergencies`, { careRecipientId: grandpaId });
    assert.equal(raised.status, 201);
    emergencyId = raised.body.escalation.id;
    assert.equal((await f.admin.session.answer(`/api/families/${f.familyId}/escalations/${emergencyId}/acknowledge`)).status, 200);
  });
  after(() => f.app.stop());

  test('newest first: who joined and in what role, the dose Ben gave, the emergency and who answered it through which channel', { timeout: 30_000 }, async () => {
    const { items } = await timeline('?limit=100');
    const ats = items.map((i) => i.at);
    assert.deepEqual(ats, [...ats].sort().reverse(), 'newest first');

    const membership = items.filter((i) => i.kind === 'membership');
    assert.deepEqual(
      membership.map((i) => [i.event, i.userId, i.role]).reverse(),
      [
        ['joined', f.admin.user.id, 'admin'],
        ['joined', membership.at(-2)!.userId, 'viewer'],
        ['joined', ben.user.id, 'viewer'],
        ['role_changed', ben.user.id, 'caregiver'],
      ],
    );
    const dose = items.find((i) => i.kind === 'dose');
    assert.ok(dose?.kind === 'dose');
    assert.deepEqual([dose.userId, dose.outcome, dose.via, dose.medicationName, dose.recipientId], [ben.user.id, 'taken', 'app', 'Paracetamol', f.recipientId]);

    const emergency = items.filter((i) => i.kind === 'emergency');
    const answered = emergency.find((i) => i.kind === 'emergency' && i.event === 'acknowledged');
    assert.ok(answered?.kind === 'emergency');
    assert.deepEqual([answered.userId, answered.via, answered.escalationId, answered.recipientId], [f.admin.user.id, 'app', emergencyId, grandpaId]);
    const started = emergency.find((i) => i.kind === 'emergency' && i.event === 'started');
    assert.equal(started?.userId, ben.user.id, 'who raised it');
  });

  test('filters: by kind, and by recipient (which leaves membership out)', { timeout: 30_000 }, async () => {
    const doses = (await timeline('?kind=dose')).items;
    assert.ok(doses.length >= 1 && doses.every((i) => i.kind === 'dose'));
    const grandpa = (await timeline(`?recipientId=${grandpaId}&limit=100`)).items;
    assert.ok(grandpa.length >= 2);
    assert.ok(grandpa.every((i) => i.recipientId === grandpaId && i.kind === 'emergency'));
    assert.deepEqual((await timeline(`?recipientId=${f.otherRecipientId}`)).items, [], "another family's recipient matches nothing");
    assert.deepEqual((await timeline('?kind=escalation')).items, []);
  });

  test('paging with the cursor walks the same feed without gaps or repeats; a forged cursor is a 400', { timeout: 30_000 }, async () => {
    const whole = (await timeline('?limit=100')).items.map((i) => i.id);
    const walked: string[] = [];
    let before: string | null = null;
    do {
      const page: { items: FamilyTimelineItem[]; nextBefore: string | null } = await timeline(`?limit=2${before ? `&before=${before}` : ''}`);
      assert.ok(page.items.length <= 2);
      walked.push(...page.items.map((i) => i.id));
      before = page.nextBefore;
    } while (before);
    assert.deepEqual(walked, whole);

    for (const bad of ['?before=bm90LWEtY3Vyc29y', '?kind=appointment', '?limit=500', `?recipientId=nope`, '?colour=red']) {
      const res = await f.viewer.get(`/api/families/${f.familyId}/timeline${bad}`);
      assert.equal(res.status, 400, bad);
      assert.equal(res.body.error.code, 'validation_failed');
    }
    assert.equal((await f.stranger.get(`/api/families/${f.familyId}/timeline`)).status, 403);
  });

  test('one query per page, however many kinds and items it holds (no N+1); the plan reads each source by its family index', { timeout: 30_000 }, async () => {
    let queries = 0;
    const counting = { query: (sql: string, args?: unknown[]) => (queries++, f.app.dataSource.query(sql, args)) };
    const page = await readTimelinePage(counting, { familyId: f.familyId, limit: 50 });
    assert.ok(new Set(page.rows.map((r) => r.kind)).size >= 3, 'the page mixes doses, emergencies and membership');
    assert.equal(queries, 1);
    const next = await readTimelinePage(counting, { familyId: f.familyId, limit: 2, before: { at: '2999-01-01T00:00:00.000000Z', id: 'member:9' } });
    assert.equal(next.rows.length, 2);
    assert.equal(queries, 2);

    // With the planner kept off sequential scans (the test tables are tiny), each branch can walk an index.
    const plan = await f.app.dataSource.transaction(async (m) => {
      await m.query('SET LOCAL enable_seqscan = off');
      const [sql, args] = timelinePageQuery({ familyId: f.familyId, limit: 30 });
      return ((await m.query(`EXPLAIN ${sql}`, args)) as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']).join('\n');
    });
    for (const index of ['dose_records_answered_idx', 'escalation_events_family_at_idx', 'membership_events_family_idx']) assert.match(plan, new RegExp(index));
  });
});
