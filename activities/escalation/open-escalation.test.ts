import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';
import { seedFamily } from './open-escalation.test-seed';
import { openEscalationActivities } from './open-escalation';
import { defaultEscalationPolicy } from './policy';
import type { OpenEscalationInput } from './types';

describe('openEscalation against PostgreSQL', () => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase();
  });
  after(async () => {
    await db?.drop();
  });

  const urgent = (familyId: string, careRecipientId: string | null): OpenEscalationInput => ({
    escalationId: randomUUID(),
    familyId,
    careRecipientId,
    kind: 'medication',
    urgency: 'urgent',
  });

  test('no saved chain → the default one, caregivers then admins; opening twice changes nothing', async () => {
    const f = await seedFamily(db.dataSource);
    const { openEscalation } = openEscalationActivities(db);
    const input = urgent(f.familyId, f.recipientId);

    const first = await openEscalation(input);
    const again = await openEscalation(input);

    assert.match(first.ackCode, /^\d{4}$/);
    assert.deepEqual(again, first, 'a retry returns the same snapshot');
    assert.deepEqual(first.steps, [
      { userIds: [f.anna, f.ben], channels: ['push', 'sms', 'email'], waitMinutes: 15 },
      { userIds: [f.admin], channels: ['push', 'sms', 'email'], waitMinutes: 15 },
    ]);
    assert.equal(first.repeat, defaultEscalationPolicy().repeat);
    assert.deepEqual(new Set(first.memberIds), new Set([f.admin, f.anna, f.ben, f.viewer]));
    assert.deepEqual(first.adminIds, [f.admin]);
    const rows = await db.dataSource.query('SELECT status, ack_code FROM escalations WHERE id = $1', [input.escalationId]);
    assert.deepEqual(rows, [{ status: 'active', ack_code: first.ackCode }]);
    const started = await db.dataSource.query(`SELECT type FROM escalation_events WHERE escalation_id = $1`, [input.escalationId]);
    assert.deepEqual(started, [{ type: 'started' }]);
  });

  test("the recipient's own chain: named people still in the family, a role, everyone", async () => {
    const f = await seedFamily(db.dataSource);
    const gone = randomUUID();
    await db.dataSource.query(
      `INSERT INTO escalation_policies (care_recipient_id, family_id, steps, repeat) VALUES ($1, $2, $3, 3)`,
      [
        f.recipientId,
        f.familyId,
        JSON.stringify([
          { targets: { kind: 'members', userIds: [f.ben, gone] }, channels: ['sms'], waitMinutes: 5 },
          { targets: { kind: 'role', role: 'viewer' }, channels: ['email', 'push'], waitMinutes: 10 },
          { targets: { kind: 'everyone' }, channels: ['push'], waitMinutes: 20 },
        ]),
      ],
    );
    const snapshot = await openEscalationActivities(db).openEscalation(urgent(f.familyId, f.recipientId));
    assert.deepEqual(
      snapshot.steps.map((s) => [s.userIds, s.channels, s.waitMinutes]),
      [
        [[f.ben], ['sms'], 5],
        [[f.viewer], ['email', 'push'], 10],
        [[f.admin, f.anna, f.ben, f.viewer], ['push'], 20],
      ],
    );
    assert.equal(snapshot.repeat, 3);
  });

  test("a medication's own chain replaces the recipient's for its doses; a schedule without one falls back to the recipient's", async () => {
    const f = await seedFamily(db.dataSource);
    await db.dataSource.query(`INSERT INTO escalation_policies (care_recipient_id, family_id, steps, repeat) VALUES ($1, $2, $3, 1)`, [
      f.recipientId,
      f.familyId,
      JSON.stringify([{ targets: { kind: 'role', role: 'admin' }, channels: ['email'], waitMinutes: 30 }]),
    ]);
    const schedule = async (escalationPolicy?: unknown) => {
      const [row] = await db.dataSource.query(
        `INSERT INTO medication_schedules (family_id, care_recipient_id, schedule) VALUES ($1, $2, $3) RETURNING id`,
        [f.familyId, f.recipientId, JSON.stringify({ medicationName: 'Warfarin', ...(escalationPolicy ? { escalationPolicy } : {}) })],
      );
      return row.id as string;
    };
    const own = await schedule({ steps: [{ targets: { kind: 'members', userIds: [f.ben] }, channels: ['sms'], waitMinutes: 5 }], repeat: 2 });
    const plain = await schedule();
    const { openEscalation } = openEscalationActivities(db);

    const overridden = await openEscalation({ ...urgent(f.familyId, f.recipientId), medicationScheduleId: own });
    assert.deepEqual([overridden.steps.map((s) => [s.userIds, s.channels, s.waitMinutes]), overridden.repeat], [[[[f.ben], ['sms'], 5]], 2]);
    const recipients = await openEscalation({ ...urgent(f.familyId, f.recipientId), medicationScheduleId: plain });
    assert.deepEqual(recipients.steps.map((s) => [s.userIds, s.channels, s.waitMinutes]), [[[f.admin], ['email'], 30]]);
  });

  test('an emergency the API already inserted keeps its code, starter and note, ignores the chain, and does not page whoever raised it', async () => {
    const f = await seedFamily(db.dataSource);
    const input: OpenEscalationInput = { ...urgent(f.familyId, f.recipientId), kind: 'emergency', urgency: 'emergency' };
    await db.dataSource.query(
      `INSERT INTO escalations (id, family_id, care_recipient_id, kind, urgency, status, ack_code, started_by, note)
       VALUES ($1, $2, $3, 'emergency', 'emergency', 'active', '1234', $4, 'Fell in the kitchen')`,
      [input.escalationId, f.familyId, f.recipientId, f.anna],
    );
    const snapshot = await openEscalationActivities(db).openEscalation(input);
    assert.equal(snapshot.ackCode, '1234');
    assert.deepEqual(snapshot.steps, [{ userIds: [f.admin, f.ben, f.viewer], channels: ['push', 'sms', 'email'], waitMinutes: 5 }]);
    assert.ok(snapshot.memberIds.includes(f.anna), 'Anna is not paged, yet may still answer');
    const [row] = await db.dataSource.query('SELECT started_by, note, chain FROM escalations WHERE id = $1', [input.escalationId]);
    assert.deepEqual(row, { started_by: f.anna, note: 'Fell in the kitchen', chain: snapshot.steps });
  });

  test('someone alone in a family who raises an emergency is still paged: there is nobody else', async () => {
    const [family] = await db.dataSource.query(`INSERT INTO families (name) VALUES ('Alone') RETURNING id`);
    const [user] = await db.dataSource.query(
      `INSERT INTO users (email, password_hash, display_name, time_zone) VALUES ($1, 'x', 'Solo', 'UTC') RETURNING id`,
      [`solo-${randomUUID()}@example.test`],
    );
    await db.dataSource.query(`INSERT INTO memberships (family_id, user_id, role) VALUES ($1, $2, 'admin')`, [family.id, user.id]);
    const input: OpenEscalationInput = { ...urgent(family.id, null), kind: 'emergency', urgency: 'emergency' };
    await db.dataSource.query(
      `INSERT INTO escalations (id, family_id, kind, urgency, status, ack_code, started_by) VALUES ($1, $2, 'emergency', 'emergency', 'active', '4321', $3)`,
      [input.escalationId, family.id, user.id],
    );
    const snapshot = await openEscalationActivities(db).openEscalation(input);
    assert.deepEqual(snapshot.steps.map((s) => s.userIds), [[user.id]]);
  });

  test("a missed dose's alert names its medication and dose in the row (the app shows it), and only its own family's schedule", async () => {
    const f = await seedFamily(db.dataSource);
    const other = await seedFamily(db.dataSource);
    const schedule = async (familyId: string, recipientId: string, medicationName: string) => {
      const [row] = await db.dataSource.query(
        `INSERT INTO medication_schedules (family_id, care_recipient_id, schedule) VALUES ($1, $2, $3) RETURNING id`,
        [familyId, recipientId, JSON.stringify({ medicationName, dose: '500 mg' })],
      );
      return row.id as string;
    };
    const metformin = await schedule(f.familyId, f.recipientId, 'Metformin');
    const foreign = await schedule(other.familyId, other.recipientId, 'Secret');
    const { openEscalation } = openEscalationActivities(db);
    const mine = { ...urgent(f.familyId, f.recipientId), medicationScheduleId: metformin, doseKey: '2026-03-08T08:00' };
    await openEscalation(mine);
    const theirs = { ...urgent(f.familyId, f.recipientId), medicationScheduleId: foreign };
    await openEscalation(theirs);
    const rows = await db.dataSource.query('SELECT id, subject, dose_key FROM escalations WHERE id = ANY($1::uuid[])', [[mine.escalationId, theirs.escalationId]]);
    const byId = new Map(rows.map((r: { id: string }) => [r.id, r]));
    assert.deepEqual(byId.get(mine.escalationId), { id: mine.escalationId, subject: 'Metformin 500 mg', dose_key: '2026-03-08T08:00' });
    assert.deepEqual(byId.get(theirs.escalationId), { id: theirs.escalationId, subject: null, dose_key: null });
  });

  test('codes 1000–7999 held by open escalations → a clash is redrawn until a free code is found', async () => {
    const f = await seedFamily(db.dataSource);
    // This file's database is ours alone: close what earlier tests left open, then hold 7,000 of the 9,000 codes.
    await db.dataSource.query(`UPDATE escalations SET status = 'resolved' WHERE status IN ('active', 'claimed')`);
    await db.dataSource.query(
      `INSERT INTO escalations (id, family_id, kind, urgency, status, ack_code)
       SELECT gen_random_uuid(), $1, 'test', 'urgent', 'active', code::text FROM generate_series(1000, 7999) AS code`,
      [f.familyId],
    );
    const snapshot = await openEscalationActivities(db).openEscalation(urgent(f.familyId, null));
    assert.ok(Number(snapshot.ackCode) >= 8000, `got ${snapshot.ackCode}`);
    await db.dataSource.query(`UPDATE escalations SET status = 'resolved' WHERE family_id = $1`, [f.familyId]);
  });
});
