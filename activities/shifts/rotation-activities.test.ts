import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../../test/support/database';
import { seedFamily } from '../escalation/open-escalation.test-seed';
import type { RotationSlot } from './rotation';
import { shiftRotationActivities } from './rotation-activities';

interface Row {
  id: string;
  slot_key: string;
  start_at: Date;
  end_at: Date;
  start_local: string;
  assignee_id: string | null;
  backup_ids: string[];
  override: boolean;
  state: string;
}

/** New York is UTC−5 until 14 March 2027. */
const est = (wall: string) => new Date(Date.parse(`${wall}:00Z`) + 5 * 3_600_000).toISOString();

/**
 * The rotation activity's SQL against PostgreSQL: it keeps the rolling horizon's shift rows in
 * step with the rotation (inserted once, edits reaching only shifts not yet begun and not
 * overridden, a removed slot's shifts cancelled) and says which shifts open now.
 */
describe('rotation plan against PostgreSQL', { timeout: 60_000 }, () => {
  let db: TestDatabase;
  let plan: ReturnType<typeof shiftRotationActivities>;
  before(async () => {
    db = await createTestDatabase();
    plan = shiftRotationActivities({ dataSource: db.dataSource });
  });
  after(async () => {
    await db?.drop();
  });

  /** Anna on Mondays 09:00–17:00, Ben on Wednesday nights 22:00–06:00 (the admin his backup), New York, from Monday 4 January 2027. */
  async function seedRotation() {
    const f = await seedFamily(db.dataSource);
    const slots: RotationSlot[] = [
      { week: 1, weekday: 'mon', start: '09:00', end: '17:00', assigneeId: f.anna },
      { week: 1, weekday: 'wed', start: '22:00', end: '06:00', assigneeId: f.ben, backupIds: [f.admin] },
    ];
    const [r] = (await db.dataSource.query(
      `INSERT INTO shift_rotations (family_id, care_recipient_id, time_zone, slots, starts_on, tasks) VALUES ($1, $2, 'America/New_York', $3, '2027-01-04', '["meds"]') RETURNING id`,
      [f.familyId, f.recipientId, JSON.stringify(slots)],
    )) as { id: string }[];
    const rotationId = r!.id;
    const rows = async () =>
      (await db.dataSource.query(
        `SELECT id, slot_key, start_at, end_at, start_local, assignee_id, backup_ids, override, state FROM shifts WHERE rotation_id = $1 ORDER BY start_at`,
        [rotationId],
      )) as Row[];
    const edit = async (next: RotationSlot[]) => {
      await db.dataSource.query(`UPDATE shift_rotations SET slots = $2, version = version + 1 WHERE id = $1`, [rotationId, JSON.stringify(next)]);
    };
    const byStart = async (wall: string) => (await rows()).find((x) => x.start_at.toISOString() === est(wall))!;
    return { ...f, rotationId, slots, rows, edit, byStart, at: (nowUtc: string, startedIds: string[] = []) => plan.rotationPlan({ rotationId, nowUtc, startedIds }) };
  }

  test('the horizon is materialised once: four weeks of rows with their local starts, a night ending the next morning; a re-run (even two at once) adds nothing', async () => {
    const r = await seedRotation();
    const first = await r.at('2027-01-01T00:00:00.000Z');
    const rows = await r.rows();
    assert.deepEqual(
      rows.map((x) => [x.slot_key, x.start_at.toISOString(), x.end_at.toISOString(), x.assignee_id, x.state]),
      [4, 11, 18, 25].flatMap((d) => {
        const mon = `2027-01-${String(d).padStart(2, '0')}`;
        const wed = `2027-01-${String(d + 2).padStart(2, '0')}`;
        const thu = `2027-01-${String(d + 3).padStart(2, '0')}`;
        return [
          [`${mon}T09:00`, est(`${mon}T09:00`), est(`${mon}T17:00`), r.anna, 'scheduled'],
          [`${wed}T22:00`, est(`${wed}T22:00`), est(`${thu}T06:00`), r.ben, 'scheduled'],
        ];
      }),
    );
    assert.deepEqual(rows[1]!.backup_ids, [r.admin]);
    // Nothing opens yet (a shift opens two days ahead: a day before its 24-hour reminder); the horizon rolls in a day.
    assert.deepEqual([first.status, first.due, first.started, first.nextOpenAt], ['active', [], [], '2027-01-02T00:00:00.000Z']);

    const again = await Promise.all([r.at('2027-01-01T00:00:00.000Z'), r.at('2027-01-01T00:00:00.000Z')]);
    assert.deepEqual(await r.rows(), rows, 'no row added or changed');
    assert.deepEqual(again, [first, first]);
  });

  test('which shifts open: those due within two days and not started; started ones come back as their rows stand', async () => {
    const r = await seedRotation();
    const p = await r.at('2027-01-03T00:00:00.000Z');
    const monday = await r.byStart('2027-01-04T09:00');
    assert.deepEqual(
      p.due.map((d) => [d.shiftId, d.openAt]),
      [[monday.id, est('2027-01-02T09:00')]],
    );
    // The Wednesday night opens on Monday 22:00: the next look is the horizon's roll a day on, whichever comes first.
    assert.equal(p.nextOpenAt, '2027-01-04T00:00:00.000Z');
    const after = await r.at('2027-01-03T00:00:00.000Z', [monday.id]);
    assert.deepEqual(after.due, []);
    assert.deepEqual(after.started, [{ shiftId: monday.id, startUtc: est('2027-01-04T09:00'), endUtc: est('2027-01-04T17:00'), assigneeId: r.anna, state: 'scheduled', openAt: est('2027-01-02T09:00') }]);
  });

  test('a new rotation looks from its start: a shift that began while its first plan waited still opens; from now it would not', async () => {
    const r = await seedRotation();
    const late = { rotationId: r.rotationId, nowUtc: est('2027-01-04T09:03'), startedIds: [] };
    const fromNow = await plan.rotationPlan(late);
    assert.deepEqual(fromNow.due, [], 'a plan from 09:03 skips the 09:00 shift');
    const fromStart = await plan.rotationPlan({ ...late, fromUtc: est('2027-01-04T08:59') });
    const monday = await r.byStart('2027-01-04T09:00');
    assert.deepEqual(fromStart.due.map((d) => [d.shiftId, d.startUtc]), [[monday.id, est('2027-01-04T09:00')]]);
    assert.equal(monday.state, 'scheduled');
  });

  test('an edit reaches only shifts not yet begun: past shifts keep their people and state, an override keeps its person, later rows follow', async () => {
    const r = await seedRotation();
    await r.at('2027-01-01T00:00:00.000Z');
    // The first Monday happened (Anna came); the third was given to Ben by hand.
    const past = await r.byStart('2027-01-04T09:00');
    await db.dataSource.query(`UPDATE shifts SET state = 'done' WHERE id = $1`, [past.id]);
    const handed = await r.byStart('2027-01-18T09:00');
    await db.dataSource.query(`UPDATE shifts SET assignee_id = $2, override = true WHERE id = $1`, [handed.id, r.ben]);

    await r.edit([{ ...r.slots[0]!, assigneeId: r.admin }, r.slots[1]!]);
    await r.at('2027-01-05T00:00:00.000Z');
    const mondays = (await r.rows()).filter((x) => x.slot_key.endsWith('T09:00'));
    assert.deepEqual(
      mondays.map((x) => [x.slot_key, x.assignee_id, x.state]),
      [
        ['2027-01-04T09:00', r.anna, 'done'],
        ['2027-01-11T09:00', r.admin, 'scheduled'],
        ['2027-01-18T09:00', r.ben, 'scheduled'],
        ['2027-01-25T09:00', r.admin, 'scheduled'],
        // The horizon rolled on by four days: one more Monday, the admin's.
        ['2027-02-01T09:00', r.admin, 'scheduled'],
      ],
    );
  });

  test('a removed slot: its shifts not yet begun are cancelled (not the past, not an override); put back, they are scheduled again, none doubled', async () => {
    const r = await seedRotation();
    await r.at('2027-01-01T00:00:00.000Z');
    const kept = await r.byStart('2027-01-20T22:00');
    await db.dataSource.query(`UPDATE shifts SET override = true WHERE id = $1`, [kept.id]);

    await r.edit([r.slots[0]!]);
    // Thursday 7 January, 12:00: the first Wednesday night is past.
    await r.at(est('2027-01-07T12:00'));
    const nights = async () => (await r.rows()).filter((x) => x.slot_key.endsWith('T22:00')).map((x) => [x.slot_key, x.state]);
    assert.deepEqual(await nights(), [
      ['2027-01-06T22:00', 'scheduled'],
      ['2027-01-13T22:00', 'cancelled'],
      ['2027-01-20T22:00', 'scheduled'],
      ['2027-01-27T22:00', 'cancelled'],
    ]);
    // Tuesday 00:00: the night of the 13th would open (from Monday 22:00, two days ahead), but it is cancelled.
    assert.deepEqual((await r.at(est('2027-01-12T00:00'))).due, []);

    await r.edit(r.slots);
    const back = await r.at(est('2027-01-12T00:00'));
    assert.deepEqual(back.due.map((d) => d.shiftId), [(await r.byStart('2027-01-13T22:00')).id], 'the night of the 13th opens again');
    assert.deepEqual(await nights(), [
      ['2027-01-06T22:00', 'scheduled'],
      ['2027-01-13T22:00', 'scheduled'],
      ['2027-01-20T22:00', 'scheduled'],
      ['2027-01-27T22:00', 'scheduled'],
      ['2027-02-03T22:00', 'scheduled'],
    ]);
  });

  test('a deleted rotation cancels its shifts not yet begun and opens nothing; an ended one stops rolling; a missing one says so', async () => {
    const r = await seedRotation();
    await r.at('2027-01-01T00:00:00.000Z');
    await db.dataSource.query(`UPDATE shift_rotations SET status = 'deleted' WHERE id = $1`, [r.rotationId]);
    const gone = await r.at(est('2027-01-11T12:00'));
    assert.deepEqual([gone.status, gone.due, gone.nextOpenAt], ['deleted', [], null]);
    const states = (await r.rows()).map((x) => [x.slot_key, x.state]);
    assert.deepEqual(states.slice(0, 3), [
      ['2027-01-04T09:00', 'scheduled'],
      ['2027-01-06T22:00', 'scheduled'],
      ['2027-01-11T09:00', 'scheduled'],
    ]);
    assert.ok(states.slice(3).every(([, s]) => s === 'cancelled'));

    const ended = await seedRotation();
    await db.dataSource.query(`UPDATE shift_rotations SET ends_on = '2027-01-06' WHERE id = $1`, [ended.rotationId]);
    assert.equal((await ended.at('2027-01-01T00:00:00.000Z')).nextOpenAt, '2027-01-02T00:00:00.000Z');
    assert.equal((await ended.rows()).length, 2);
    const over = await ended.at(est('2027-01-08T00:00'));
    assert.deepEqual([over.due, over.nextOpenAt], [[], null]);
    await plan.markRotationEnded({ rotationId: ended.rotationId });
    const [row] = (await db.dataSource.query(`SELECT status FROM shift_rotations WHERE id = $1`, [ended.rotationId])) as { status: string }[];
    assert.equal(row!.status, 'ended');

    const missing = await plan.rotationPlan({ rotationId: '00000000-0000-4000-8000-000000000000', nowUtc: '2027-01-01T00:00:00.000Z', startedIds: [] });
    assert.deepEqual(missing, { status: 'missing', version: 0, due: [], started: [], nextOpenAt: null });
  });
});
