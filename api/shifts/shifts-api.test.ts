import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ICAL from 'ical.js';
import { invitationTokenFromOutbox, signUp, uniqueEmail } from '../../test/support/http';
import { subscribeToFamily } from '../medications/test-family';
import { startAppointmentFamily, type AppointmentFamily } from '../appointments/test-family';

const HOUR = 3_600_000;

describe('shifts over REST: rotations, the week view, overrides, coverage, CSV and the calendar feed, on the real stack', { timeout: 180_000 }, () => {
  let f: AppointmentFamily;
  let base: string;
  let tricky: { id: string };
  /** A shift row as the rotation's activity writes it; `hoursFromNow` may be negative (begun). */
  const addShift = async (hoursFromNow: number, lengthHours: number, assigneeId: string | null, extra: Record<string, unknown> = {}) => {
    const start = new Date(Date.now() + hoursFromNow * HOUR);
    const [row] = (await f.app.dataSource.query(
      `INSERT INTO shifts (family_id, care_recipient_id, start_at, end_at, time_zone, start_local, assignee_id, state, tasks, checked_in_at, checked_in_by)
       VALUES ($1, $2, $3, $4, 'UTC', $5, $6, $7, '["Lunch","Walk"]', $8, $9) RETURNING id`,
      [f.familyId, f.recipientId, start, new Date(start.getTime() + lengthHours * HOUR), start.toISOString().slice(0, 16), assigneeId,
        extra.state ?? (assigneeId ? 'scheduled' : 'uncovered'), extra.checkedInAt ?? null, extra.checkedInBy ?? null],
    )) as { id: string }[];
    return row!.id;
  };
  const rotation = (overrides: Record<string, unknown> = {}) => ({
    careRecipientId: f.recipientId,
    cycleWeeks: 2,
    slots: [
      { week: 1, weekday: 'mon', start: '09:00', end: '17:00', assigneeId: f.caregivers[0].user.id, backupIds: [f.caregivers[1].user.id] },
      { week: 2, weekday: 'sat', start: '22:00', end: '06:00', assigneeId: f.caregivers[1].user.id },
    ],
    startsOn: '2030-01-07',
    tasks: ['Lunch', 'Evening pills'],
    ...overrides,
  });

  before(async () => {
    f = await startAppointmentFamily();
    base = `/api/families/${f.familyId}`;
    // A caregiver whose name a spreadsheet would run as a formula.
    const email = uniqueEmail('tricky');
    await f.admin.session.post(`${base}/invitations`, { email, role: 'caregiver' });
    const member = await signUp(f.app.baseUrl, '=HYPERLINK("http://evil.example","x")', email);
    await member.session.post(`/api/invitations/${await invitationTokenFromOutbox(member.session)}/accept`);
    tricky = member.user;
  });
  after(() => f.app.stop());

  test('a rotation is previewed (two weeks, hours per person), created by an admin, read by a viewer, edited (version bumped) and deleted', async () => {
    const preview = await f.admin.session.post(`${base}/rotations/preview`, rotation());
    assert.equal(preview.status, 200, JSON.stringify(preview.body));
    assert.equal(preview.body.timeZone, 'Europe/London', "the recipient's zone when none is given");
    assert.deepEqual(preview.body.shifts.map((s: { startLocal: string; minutes: number }) => [s.startLocal, s.minutes]), [['2030-01-07T09:00', 480], ['2030-01-19T22:00', 480]]);
    assert.deepEqual(preview.body.hours.map((h: { weekStart: string; hours: number }) => [h.weekStart, h.hours]), [['2030-01-07', 8], ['2030-01-14', 8]]);
    const created = await f.admin.session.post(`${base}/rotations`, rotation());
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.rotation.id as string;
    assert.equal((await f.viewer.get(`${base}/rotations/${id}`)).body.rotation.slots[0].backupIds[0], f.caregivers[1].user.id);
    const edited = await f.admin.session.request('put', `${base}/rotations/${id}`, rotation({ cycleWeeks: 1, slots: [rotation().slots[0]] }));
    assert.equal(edited.status, 200, JSON.stringify(edited.body));
    assert.equal(edited.body.rotation.version, 2);
    assert.deepEqual((await f.viewer.get(`${base}/rotations`)).body.rotations.map((r: { id: string }) => r.id), [id]);
    assert.equal((await f.admin.session.delete(`${base}/rotations/${id}`)).status, 204);
    assert.equal((await f.viewer.get(`${base}/rotations/${id}`)).status, 404);
  });

  test('a rotation naming a viewer, a week beyond its cycle or another family’s recipient → 400, nothing saved', async () => {
    const viewerId = (await f.viewer.get('/api/auth/me')).body.user.id as string;
    const bad = [
      rotation({ slots: [{ weekday: 'mon', start: '09:00', end: '17:00', assigneeId: viewerId }] }),
      rotation({ cycleWeeks: 1 }),
      rotation({ careRecipientId: f.otherRecipientId }),
      rotation({ slots: [{ weekday: 'mon', start: '25:00', end: '17:00', assigneeId: null }] }),
    ];
    const before = Number((await f.app.dataSource.query('SELECT count(*) AS n FROM shift_rotations'))[0].n);
    for (const body of bad) {
      const res = await f.admin.session.post(`${base}/rotations`, body);
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.error.code, 'validation_failed');
    }
    assert.equal(Number((await f.app.dataSource.query('SELECT count(*) AS n FROM shift_rotations'))[0].n), before);
  });

  test('the week view lists shifts with their people; a started shift is read-only (409), a future one is overridden and everyone hears of it', async () => {
    const [ben, ada] = f.caregivers;
    const running = await addShift(-1, 8, ben.user.id, { state: 'on_shift', checkedInAt: new Date(Date.now() - HOUR), checkedInBy: ben.user.id });
    const later = await addShift(30, 8, ben.user.id);
    const week = await f.viewer.get(`${base}/shifts?from=${encodeURIComponent(new Date(Date.now() - 2 * HOUR).toISOString())}`);
    assert.equal(week.status, 200, JSON.stringify(week.body));
    const ids = week.body.shifts.map((s: { id: string }) => s.id);
    assert.ok(ids.includes(running) && ids.includes(later));
    const shown = week.body.shifts.find((s: { id: string }) => s.id === running);
    assert.deepEqual([shown.assignee.displayName, shown.past, shown.checkIn.by.userId, shown.tasks], ['Ben', true, ben.user.id, ['Lunch', 'Walk']]);

    const past = await f.admin.session.request('put', `${base}/shifts/${running}`, { assigneeId: ada.user.id });
    assert.equal(past.status, 409, JSON.stringify(past.body));
    assert.match(past.body.error.message, /read-only/);
    assert.equal((await f.admin.session.delete(`${base}/shifts/${running}`)).status, 409);

    const watching = await subscribeToFamily(f.app.baseUrl, ada.session, f.familyId);
    try {
      const res = await f.admin.session.request('put', `${base}/shifts/${later}`, { assigneeId: ada.user.id, notes: 'Ben is away' });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual([res.body.shift.assignee.userId, res.body.shift.override, res.body.shift.notes], [ada.user.id, true, 'Ben is away']);
      await watching.next((e) => e.type === 'shift.changed' && e.shiftId === later);
    } finally {
      watching.close();
    }
    assert.equal((await f.admin.session.request('put', `${base}/shifts/${later}`, { assigneeId: f.otherRecipientId })).status, 400, 'a stranger cannot be given a shift');
    assert.equal((await f.caregivers[0].session.request('put', `${base}/shifts/${later}`, { notes: 'mine' })).status, 403);
  });

  test('answering a shift whose workflow has not opened → 409 saying so; a shift of another family → 404', async () => {
    const far = await addShift(24 * 20, 8, f.caregivers[0].user.id);
    const res = await f.caregivers[0].session.post(`${base}/shifts/${far}/check-in`, {});
    assert.equal(res.status, 409, JSON.stringify(res.body));
    assert.match(res.body.error.message, /not open yet/);
    assert.deepEqual(res.body.error.details, { reason: 'ShiftNotOpen' });
    const out = await f.caregivers[0].session.post(`${base}/shifts/${far}/check-out`, { handoffNote: '   ' });
    assert.equal(out.status, 400, 'a blank handoff note is refused before the workflow is asked');
    const strangerFamily = (await f.stranger.get('/api/families')).body.families[0].id as string;
    assert.equal((await f.stranger.post(`/api/families/${strangerFamily}/shifts/${far}/accept`)).status, 404);
  });

  test('the coverage board: on now, next, open shifts and gaps in 14 days, hours per person; the CSV is text/csv and formula-safe', async () => {
    const open = await addShift(50, 4, null);
    await addShift(60, 6, tricky.id);
    const board = await f.viewer.get(`${base}/coverage`);
    assert.equal(board.status, 200, JSON.stringify(board.body));
    const b = board.body;
    assert.ok(b.onNow.some((s: { assignee: { displayName: string } }) => s.assignee.displayName === 'Ben'), 'Ben is on now');
    assert.ok(b.next.length === 1 && Date.parse(b.next[0].startAt) > Date.now());
    assert.ok(b.uncovered.some((s: { id: string }) => s.id === open), 'the shift with nobody is open');
    const gap = b.gaps.find((g: { from: string; to: string }) => Date.parse(g.from) <= Date.now() + 50 * HOUR && Date.parse(g.to) >= Date.now() + 54 * HOUR);
    assert.ok(gap, `the open shift's hours are a gap: ${JSON.stringify(b.gaps)}`);
    assert.ok(b.hours.some((h: { displayName: string; scheduledHours: number }) => h.displayName === 'Ben' && h.scheduledHours >= 8));

    const csv = await fetch(`${f.app.baseUrl}${base}/coverage/hours.csv`, { headers: { cookie: f.caregivers[1].session.cookie } });
    assert.equal(csv.status, 200);
    assert.equal(csv.headers.get('content-type'), 'text/csv; charset=utf-8');
    const text = await csv.text();
    assert.match(text, /^week_start,person,scheduled_hours,worked_hours,shifts\r\n/);
    assert.match(text, /,"'=HYPERLINK\(""http:\/\/evil\.example"",""x""\)",6,0,1\r\n/);
    assert.ok(!/(^|,)[=+\-@]/m.test(text), 'no cell starts a formula');
    assert.equal((await f.viewer.get(`${base}/coverage/hours.csv`)).status, 403, 'a viewer sees the board but not the hours sheet');
  });

  test("the member's own shifts are in their calendar feed, parsed by ical.js", async () => {
    const mine = await addShift(26, 8, f.caregivers[1].user.id);
    const url = (await f.caregivers[1].session.post('/api/profile/calendar-feed')).body.feed.url as string;
    const text = await (await fetch(url)).text();
    const calendar = new ICAL.Component(ICAL.parse(text));
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const shift = events.find((e) => e.uid === `${mine}@carecircle`);
    assert.ok(shift, text);
    assert.equal(shift.summary, 'Nan: care shift');
    assert.equal(shift.endDate.toJSDate().getTime() - shift.startDate.toJSDate().getTime(), 8 * HOUR);
    const others = (await f.app.dataSource.query('SELECT id FROM shifts WHERE assignee_id <> $1', [f.caregivers[1].user.id])) as { id: string }[];
    assert.ok(others.length > 0 && !events.some((e) => others.some((o) => e.uid === `${o.id}@carecircle`)), "others' shifts are not in it");
  });

  test('each use is in the audit trail as rotation, shift or coverage', async () => {
    const rows = (await f.app.dataSource.query(`SELECT DISTINCT resource_type, operation, outcome FROM audit_events WHERE family_id = $1 AND resource_type IN ('rotation', 'shift', 'coverage')`, [f.familyId])) as {
      operation: string;
      outcome: string;
    }[];
    const seen = new Set(rows.map((r) => `${r.operation}:${r.outcome}`));
    for (const op of ['createRotation:allowed', 'updateRotation:allowed', 'listShifts:allowed', 'overrideShift:allowed', 'overrideShift:denied', 'getCoverage:allowed', 'downloadHoursCsv:denied']) {
      assert.ok(seen.has(op), `${op} in ${[...seen].join(', ')}`);
    }
  });
});
