import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { shiftState } from '../../temporal/shifts';
import { until } from '../medications/test-family';
import { startAppointmentFamily, ZONE, type AppointmentFamily } from '../appointments/test-family';

/** "YYYY-MM-DDTHH:MM" on the London clock `hours` from now, written apart from zoned-time.ts. */
function londonIn(hours: number): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(Date.now() + hours * 3_600_000))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

describe('answering shifts over REST (one-off shifts on the real stack): accept, swap, decline, check-in and check-out', { timeout: 240_000 }, () => {
  let f: AppointmentFamily;
  let base: string;
  const oneOff = async (startHours: number, assigneeId: string | null, backupIds: string[] = []) => {
    const res = await f.admin.session.post(`${base}/shifts`, {
      careRecipientId: f.recipientId,
      start: londonIn(startHours),
      end: londonIn(startHours + 4),
      assigneeId,
      backupIds,
      tasks: ['Lunch', 'Walk'],
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const id = res.body.shift.id as string;
    // A day before its first reminder (24 h ahead): a shift hours away opens at once.
    // Open means its row is read: before that it cannot tell who may answer (ShiftOpening).
    await until('the shift workflow to open', async () => Boolean((await shiftState(f.app.client, id))?.startUtc), 60_000);
    return id;
  };
  before(async () => {
    f = await startAppointmentFamily();
    base = `/api/families/${f.familyId}`;
  });
  after(() => f.app.stop());

  test('a shift with nobody: two caregivers accept at once, exactly one gets it, the other is told it was taken', async () => {
    const id = await oneOff(3, null);
    assert.equal((await f.viewer.get(`${base}/shifts/${id}`)).body.shift.open, true);
    const [ben, ada] = f.caregivers;
    const answers = await Promise.all([ben.session.post(`${base}/shifts/${id}/accept`), ada.session.post(`${base}/shifts/${id}/accept`)]);
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 409], JSON.stringify(answers.map((a) => a.body)));
    const won = answers.find((a) => a.status === 200)!;
    assert.match(answers.find((a) => a.status === 409)!.body.error.message, /taken/);
    assert.deepEqual(answers.find((a) => a.status === 409)!.body.error.details, { reason: 'ShiftTaken' }, 'a stable code the app words in the reader’s language');
    assert.equal(won.body.shift.open, false);
    assert.equal(won.body.shift.assignee.userId, (won === answers[0] ? ben : ada).user.id);
    assert.equal((await f.viewer.post(`${base}/shifts/${id}/accept`)).status, 403, 'a viewer cannot take a shift');
  });

  test('a swap: only the assignee asks; someone else takes it and the shift is theirs; declining opens a shift to the family', async () => {
    const [ben, ada] = f.caregivers;
    const id = await oneOff(5, ben.user.id);
    assert.equal((await ada.session.post(`${base}/shifts/${id}/swap`)).status, 403, "not Ada's shift to swap");
    const asked = await ben.session.answer(`${base}/shifts/${id}/swap`);
    assert.equal(asked.status, 200, JSON.stringify(asked.body));
    assert.equal(asked.body.shift.swap.state, 'open');
    assert.equal(asked.body.shift.assignee.userId, ben.user.id, 'still his until someone takes it');
    const taken = await ada.session.answer(`${base}/shifts/${id}/swap/take`);
    assert.equal(taken.status, 200, JSON.stringify(taken.body));
    assert.deepEqual([taken.body.shift.assignee.userId, taken.body.shift.swap.state], [ada.user.id, 'taken']);

    const other = await oneOff(7, ben.user.id);
    const declined = await ben.session.answer(`${base}/shifts/${other}/decline`);
    assert.equal(declined.status, 200, JSON.stringify(declined.body));
    assert.equal(declined.body.shift.open, true);
  });

  test('check-in (location kept, flagged far from home), check-out needs a handoff note, which the next shift shows', async () => {
    const [ben] = f.caregivers;
    // The recipient's saved home: Westminster. Ben checks in from Manchester.
    await f.app.dataSource.query('UPDATE care_recipients SET home_lat = 51.501, home_lon = -0.142 WHERE id = $1', [f.recipientId]);
    const first = await oneOff(9, ben.user.id);
    const next = await oneOff(14, f.caregivers[1].user.id);
    assert.equal((await f.caregivers[1].session.post(`${base}/shifts/${first}/check-in`, {})).status, 403, 'not her shift');
    const tap = { headers: { 'idempotency-key': 'ben-check-in-1' } };
    for (let attempt = 0; attempt < 2; attempt++) {
      // Sent twice with one key, as a client retrying after a lost answer: one check-in.
      const res = await ben.session.request('post', `${base}/shifts/${first}/check-in`, { location: { lat: 53.48, lon: -2.24, accuracyM: 30 } }, tap);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual([res.body.shift.state, res.body.shift.checkIn.by.userId, res.body.shift.checkIn.farFromHome], ['on_shift', ben.user.id, true]);
    }
    const again = await ben.session.post(`${base}/shifts/${first}/check-in`, {});
    assert.equal(again.status, 409, 'a second tap without the key: already checked in');
    assert.deepEqual(again.body.error.details, { reason: 'AlreadyCheckedIn' });
    const noNote = await ben.session.post(`${base}/shifts/${first}/check-out`, { tasksDone: ['Lunch'] });
    assert.equal(noNote.status, 400);
    assert.equal(noNote.body.error.details[0].path, 'handoffNote');
    const out = await ben.session.answer(`${base}/shifts/${first}/check-out`, { handoffNote: 'Ate well; the blue pill is at 8', tasksDone: ['Lunch'] });
    assert.equal(out.status, 200, JSON.stringify(out.body));
    assert.deepEqual([out.body.shift.state, out.body.shift.handoffNote, out.body.shift.tasksDone], ['done', 'Ate well; the blue pill is at 8', ['Lunch']]);
    const shown = (await f.caregivers[1].session.get(`${base}/shifts/${next}`)).body.shift;
    assert.deepEqual([shown.previousHandoff.note, shown.previousHandoff.by], ['Ate well; the blue pill is at 8', 'Ben']);
    const overridden = await f.admin.session.request('put', `${base}/shifts/${first}`, { notes: 'too late' });
    assert.equal(overridden.status, 409, 'a shift that has been worked is read-only');
  });
});
