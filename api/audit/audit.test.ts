import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import WebSocket from 'ws';
import { invitationTokenFromOutbox, signUp, uniqueEmail, type ApiSession } from '../../test/support/http';
import { startMedicationFamily, type MedicationFamily } from '../medications/test-family';

/** Strings no audit row may ever contain: they stand for health details typed by a family. */
const CANARY = {
  medication: 'CANARY-med-4f1c',
  dose: 'CANARY-dose-9a2e',
  note: 'CANARY-note-77b0',
  resolution: 'CANARY-resolved-e5d3',
};

describe('the audit trail of health data, on the real stack', () => {
  let f: MedicationFamily;
  let caregiver: { session: ApiSession; user: { id: string } };
  const auditRows = async (where: string, args: unknown[]) =>
    (await f.app.dataSource.query(`SELECT * FROM audit_events WHERE ${where} ORDER BY id`, args)) as Record<string, any>[];

  before(async () => {
    f = await startMedicationFamily();
    const email = uniqueEmail('carol');
    await f.admin.session.post(`/api/families/${f.familyId}/invitations`, { email, role: 'caregiver' });
    caregiver = await signUp(f.app.baseUrl, 'Carol', email);
    await caregiver.session.post(`/api/invitations/${await invitationTokenFromOutbox(caregiver.session)}/accept`);
  });
  after(() => f.app.stop());

  test('a caregiver reads a medication → one row: who, when, what and from where, user agent cut to 200 characters', { timeout: 60_000 }, async () => {
    const medication = await f.create({ medicationName: CANARY.medication, dose: CANARY.dose });
    const startedAt = Date.now();
    const agent = `Mozilla/5.0 (CareCircle test) ${'x'.repeat(300)}`;
    const res = await caregiver.session.request('get', `/api/families/${f.familyId}/medications/${medication.id}`, undefined, {
      headers: { 'user-agent': agent },
    });
    assert.equal(res.status, 200);

    const rows = await auditRows('user_id = $1 AND operation = $2', [caregiver.user.id, 'getMedication']);
    assert.equal(rows.length, 1);
    const row = rows[0]!;
    assert.deepEqual(
      [row.family_id, row.action, row.resource_type, row.resource_id, row.outcome, row.via],
      [f.familyId, 'read', 'medication', medication.id, 'allowed', 'api'],
    );
    assert.ok((row.at as Date).getTime() >= startedAt - 1000);
    assert.match(row.ip, /^(::ffff:)?127\.0\.0\.1$|^::1$/);
    assert.equal(row.user_agent, agent.slice(0, 200));

    // Creating it was recorded too, naming the new schedule.
    const created = await auditRows('operation = $1', ['createMedication']);
    assert.deepEqual(created.map((r) => [r.user_id, r.action, r.resource_id]), [[f.admin.user.id, 'create', medication.id]]);
  });

  test('a refused attempt is recorded as denied: a viewer editing, a stranger reading', { timeout: 60_000 }, async () => {
    const medication = await f.create();
    const url = `/api/families/${f.familyId}/medications/${medication.id}`;
    assert.equal((await f.viewer.request('put', url, f.schedule())).status, 403);
    assert.equal((await f.stranger.get(url)).status, 403);
    const rows = await auditRows('resource_id = $1 AND outcome = $2', [medication.id, 'denied']);
    assert.deepEqual(rows.map((r) => [r.operation, r.action, r.family_id]), [
      ['updateMedication', 'update', f.familyId],
      ['getMedication', 'read', f.familyId],
    ]);
  });

  test('the table is append-only: UPDATE, DELETE and TRUNCATE fail, and the purge reaches nothing younger than 6 years', { timeout: 30_000 }, async () => {
    const db = f.app.dataSource;
    const [{ n: before }] = await db.query('SELECT count(*)::int AS n FROM audit_events');
    assert.ok(before > 0);
    await assert.rejects(db.query(`UPDATE audit_events SET user_id = NULL`), /append-only \(UPDATE refused\)/);
    await assert.rejects(db.query(`DELETE FROM audit_events`), /append-only \(DELETE refused\)/);
    await assert.rejects(db.query(`TRUNCATE audit_events`), /append-only \(TRUNCATE refused\)/);
    // Even with the purge's own switch set, a fresh row cannot be deleted.
    await assert.rejects(
      db.transaction(async (m) => {
        await m.query(`SELECT set_config('carecircle.audit_purge', 'on', true)`);
        await m.query(`DELETE FROM audit_events`);
      }),
      /append-only \(DELETE refused\)/,
    );
    assert.deepEqual(await db.query('SELECT purge_expired_audit_events()::int AS purged'), [{ purged: 0 }]);
    // A row past retention is the only kind the purge removes.
    await db.query(
      `INSERT INTO audit_events (at, action, resource_type, outcome, via, operation) VALUES (now() - interval '7 years', 'read', 'today', 'allowed', 'api', 'old')`,
    );
    assert.deepEqual(await db.query('SELECT purge_expired_audit_events()::int AS purged'), [{ purged: 1 }]);
    const [{ n: after }] = await db.query('SELECT count(*)::int AS n FROM audit_events');
    assert.ok(after >= before);
  });

  test('only admins read the trail, newest first, page by page', { timeout: 30_000 }, async () => {
    const trail = (query = '') => `/api/families/${f.familyId}/audit${query}`;
    assert.equal((await f.viewer.get(trail())).status, 403);
    assert.equal((await caregiver.session.get(trail())).status, 403);
    assert.equal((await f.stranger.get(trail())).status, 403);

    const all = (await f.admin.session.get(trail('?limit=200'))).body;
    assert.ok(all.entries.length >= 4);
    const ids = all.entries.map((e: { id: string }) => Number(e.id));
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');

    const first = await f.admin.session.get(trail('?limit=2'));
    const second = await f.admin.session.get(trail(`?limit=2&before=${first.body.nextBefore}`));
    assert.deepEqual([...first.body.entries, ...second.body.entries].map((e: { id: string }) => e.id), all.entries.slice(0, 4).map((e: { id: string }) => e.id));
    assert.equal((await f.admin.session.get(trail('?before=abc'))).status, 400);
    assert.equal((await f.admin.session.get(trail('?limit=0'))).status, 400);
  });

  test('fail closed: when the trail cannot be written, health data is not disclosed (REST 500, ws not subscribed) and the API lives on', { timeout: 30_000 }, async () => {
    const db = f.app.dataSource;
    await db.query(`ALTER TABLE audit_events ADD CONSTRAINT audit_test_outage CHECK (false) NOT VALID`);
    try {
      const res = await caregiver.session.get(`/api/families/${f.familyId}/today`);
      assert.equal(res.status, 500);
      assert.equal(res.body.error.code, 'internal');
      assert.equal(res.body.doses, undefined);

      const ws = new WebSocket(`${f.app.baseUrl.replace('http', 'ws')}/ws`, { headers: { cookie: caregiver.session.cookie } });
      const replies: { type: string; code?: string }[] = [];
      const next = () => new Promise<{ type: string; code?: string }>((resolve) => ws.once('message', (raw) => resolve(JSON.parse(raw.toString()))));
      assert.equal((await next()).type, 'hello');
      ws.send(JSON.stringify({ type: 'subscribe', familyId: f.familyId }));
      replies.push(await next());
      ws.send(JSON.stringify({ type: 'ping' }));
      replies.push(await next());
      ws.close();
      assert.deepEqual(replies.map((r) => [r.type, r.code]), [['error', 'unavailable'], ['pong', undefined]]);
    } finally {
      await db.query(`ALTER TABLE audit_events DROP CONSTRAINT audit_test_outage`);
    }
    assert.equal((await caregiver.session.get(`/api/families/${f.familyId}/today`)).status, 200);
  });

  test('notes, reasons and names never reach the trail', { timeout: 90_000 }, async () => {
    const prn = await f.create({ medicationName: CANARY.medication, dose: CANARY.dose, timesOfDay: [], asNeeded: true });
    assert.equal((await caregiver.session.post(`/api/families/${f.familyId}/medications/${prn.id}/prn-doses`, { note: CANARY.note })).status, 201);
    const raised = await caregiver.session.post(`/api/families/${f.familyId}/emergencies`, { note: CANARY.note });
    assert.equal(raised.status, 201);
    const escalation = `/api/families/${f.familyId}/escalations/${raised.body.escalation.id}`;
    assert.equal((await f.admin.session.answer(`${escalation}/acknowledge`)).status, 200);
    assert.equal((await f.admin.session.answer(`${escalation}/resolve`, { note: CANARY.resolution })).status, 200);
    assert.equal((await f.viewer.get(escalation)).status, 200);
    assert.equal((await f.viewer.get(`/api/families/${f.familyId}/today`)).status, 200);

    const operations = (await auditRows('family_id = $1', [f.familyId])).map((r) => r.operation);
    for (const op of ['logAsNeededDose', 'raiseEmergency', 'acknowledgeEscalation', 'resolveEscalation', 'getEscalation', 'todayDoses']) {
      assert.ok(operations.includes(op), `${op} is audited`);
    }
    const [{ text }] = await f.app.dataSource.query(`SELECT string_agg(row_to_json(a)::text, ' ') AS text FROM audit_events a`);
    for (const canary of Object.values(CANARY)) assert.ok(!text.includes(canary), `${canary} leaked into the audit trail`);
  });
});
