import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { visitState } from '../../temporal/appointments';
import { subscribeToFamily, until } from '../medications/test-family';
import { localDaysAhead, startAppointmentFamily, ZONE, type AppointmentFamily } from './test-family';

/** The next whole minute at least 10 s away (time for the series to open it before it starts), as London wall clock (an occurrence key) and as an instant. */
function startingSoon(): { key: string; atMs: number } {
  const atMs = Math.ceil((Date.now() + 10_000) / 60_000) * 60_000;
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(atMs))
      .map((x) => [x.type, x.value]),
  );
  return { key: `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`, atMs };
}

// 44 to 77 s alone in CI runs, 114 and 115 s beside a second suite.
describe('a visit over REST: the ride, check-ins and the summary, on the real stack', { timeout: 360_000 }, () => {
  let f: AppointmentFamily;
  let visit: string;
  let seriesId: string;
  let key: string;
  /** A visit starting within the next minute or two: check-ins (and "done") are open for it by the time its test runs. */
  let soon: { id: string; key: string; atMs: number; path: string };
  before(async () => {
    f = await startAppointmentFamily();
    // Two days ahead: its first reminder still to come is a day away, so its visit opens at once.
    seriesId = (await f.create({ start: localDaysAhead(2, '10:00') })).id;
    key = localDaysAhead(2, '10:00');
    visit = `/api/families/${f.familyId}/appointments/${seriesId}/occurrences/${key}`;
    const at = startingSoon();
    const soonId = (await f.create({ start: at.key })).id;
    soon = { id: soonId, ...at, path: `/api/families/${f.familyId}/appointments/${soonId}/occurrences/${at.key}` };
    // Open = its settings read (the legs it needs), not merely started.
    await until('the visit workflow to open', async () => ((await visitState(f.app.client, seriesId, key))?.rides.length ?? 0) > 0, 30_000);
  });
  after(() => f.app.stop());

  test('two caregivers volunteer for the same leg at once: exactly one wins, the other is told it was taken, and both pages hear of it', async () => {
    const [ben, ada] = f.caregivers;
    const watching = await subscribeToFamily(f.app.baseUrl, ada.session, f.familyId);
    try {
      const answers = await Promise.all([ben.session.answer(`${visit}/ride`, { leg: 'outbound', travelMinutes: 25 }), ada.session.answer(`${visit}/ride`, { leg: 'outbound' })]);
      assert.deepEqual(answers.map((a) => a.status).sort(), [200, 409], JSON.stringify(answers.map((a) => a.body)));
      const won = answers.find((a) => a.status === 200)!;
      const lost = answers.find((a) => a.status === 409)!;
      assert.equal(lost.body.error.code, 'conflict');
      assert.match(lost.body.error.message, /taken/);
      assert.equal(lost.body.error.details.reason, 'RideTaken', 'a stable code the app words in the reader’s language');
      const winner = won === answers[0] ? ben : ada;
      assert.deepEqual(won.body.occurrence.rides[0].driver?.userId, winner.user.id);
      await watching.next((e) => e.type === 'appointment.changed' && e.seriesId === seriesId && e.occurrenceKey === key);
      const [o] = (await f.agenda(f.viewer)).filter((x) => x.seriesId === seriesId);
      assert.equal(o.rides[0].driver.userId, winner.user.id, 'the agenda says who drives');
      assert.equal(o.rides[1].driver, null, 'the return leg is still open');
    } finally {
      watching.close();
    }
  });

  test('only the driver can give a leg back; then it is open and someone else can take it', async () => {
    const [o] = (await f.agenda()).filter((x) => x.seriesId === seriesId);
    const driver = f.caregivers.find((c) => c.user.id === o.rides[0].driver.userId)!;
    const other = f.caregivers.find((c) => c !== driver)!;
    const notYours = await other.session.request('delete', `${visit}/ride`, { leg: 'outbound' });
    assert.equal(notYours.status, 409, JSON.stringify(notYours.body));
    const back = await driver.session.request('delete', `${visit}/ride`, { leg: 'outbound' });
    assert.equal(back.status, 200, JSON.stringify(back.body));
    assert.equal(back.body.occurrence.rides[0].driver, null);
    const taken = await other.session.answer(`${visit}/ride`, { leg: 'outbound' });
    assert.equal(taken.status, 200, JSON.stringify(taken.body));
    assert.equal(taken.body.occurrence.rides[0].driver.userId, other.user.id);
  });

  test('a viewer cannot volunteer or check in (403); a leg the visit does not need → 400', async () => {
    assert.equal((await f.viewer.post(`${visit}/ride`, { leg: 'return' })).status, 403);
    assert.equal((await f.viewer.post(`${visit}/check-ins`, { kind: 'arrived' })).status, 403);
    const single = await f.create({ start: localDaysAhead(2, '15:00'), rideLegs: ['outbound'] });
    const singleKey = localDaysAhead(2, '15:00');
    // Open = its settings read (one leg), not merely started: before that it answers "still opening".
    await until('that visit to open', async () => ((await visitState(f.app.client, single.id, singleKey))?.rides.length ?? 0) > 0, 30_000);
    const res = await f.caregivers[0].session.post(`/api/families/${f.familyId}/appointments/${single.id}/occurrences/${singleKey}/ride`, { leg: 'return' });
    assert.equal(res.status, 400, JSON.stringify(res.body));
  });

  test('a check-in before its time is refused (409) saying when it opens: on the way / arrived 6 h before the start, done at the start', async () => {
    const companion = f.caregivers[0].session;
    const [o] = (await f.agenda()).filter((x) => x.seriesId === seriesId && x.occurrenceKey === key);
    const startMs = Date.parse(o.startAt);
    for (const [kind, opensAt] of [['on_the_way', startMs - 6 * 3_600_000], ['arrived', startMs - 6 * 3_600_000], ['done', startMs], ['no_show', startMs]] as const) {
      const res = await companion.post(`${visit}/check-ins`, { kind });
      assert.equal(res.status, 409, JSON.stringify(res.body));
      assert.equal(res.body.error.code, 'conflict');
      assert.match(res.body.error.message, /^Too early: .* You can check in from \w{3} \d{1,2} \w{3}, \d\d:\d\d \(Europe\/London time\)\.$/);
      assert.deepEqual(res.body.error.details, { reason: 'CheckInTooEarly', opensAt: new Date(opensAt).toISOString() }, kind);
    }
    const [after] = (await f.agenda()).filter((x) => x.seriesId === seriesId && x.occurrenceKey === key);
    assert.deepEqual(after.checkIns, [], 'nothing recorded');
  });

  test('check-ins are timestamped in order; a summary only after "done", once; the family reads it', async () => {
    const companion = f.caregivers[0].session;
    await until('the visit starting soon to open', async () => ((await visitState(f.app.client, soon.id, soon.key))?.rides.length ?? 0) > 0, 30_000);
    const early = await companion.post(`${soon.path}/summary`, { notes: 'Too soon' });
    assert.equal(early.status, 409, JSON.stringify(early.body));
    let last: { checkIns: { kind: string; by: { userId: string }; at: string }[] } | undefined;
    for (const kind of ['on_the_way', 'arrived', 'done']) {
      // "Done" opens at the start (within a minute of the suite beginning).
      if (kind === 'done') await until('the visit to start', async () => Date.now() >= soon.atMs, 150_000);
      // Each tap sent twice with its key, as a client retrying after a lost answer: one check-in each.
      for (let attempt = 0; attempt < 2; attempt++) {
        const res = await companion.request('post', `${soon.path}/check-ins`, { kind }, { headers: { 'idempotency-key': `tap-${kind}` } });
        assert.equal(res.status, 200, JSON.stringify(res.body));
        assert.equal(res.body.occurrence.checkIns.filter((c: { kind: string }) => c.kind === kind).length, 1);
        last = res.body.occurrence;
      }
    }
    const checkIns = last!.checkIns;
    assert.deepEqual(checkIns.map((c) => c.kind), ['on_the_way', 'arrived', 'done']);
    assert.ok(checkIns.every((c) => c.by.userId === f.caregivers[0].user.id && Date.parse(c.at) <= Date.now()));
    assert.ok(Date.parse(checkIns[2]!.at) >= soon.atMs, '"done" stamped at or after the start');
    assert.equal((await f.viewer.get(`${soon.path}/summary`)).body.summary, null);
    const summary = { notes: 'Blood pressure is fine.', followUps: ['Repeat bloods in March'], nextAppointmentSuggestion: 'In six months' };
    const sent = await companion.post(`${soon.path}/summary`, summary);
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    assert.equal(sent.body.occurrence.hasSummary, true);
    assert.equal((await companion.post(`${soon.path}/summary`, summary)).status, 409, 'one summary per visit');
    const read = await f.viewer.get(`${soon.path}/summary`);
    assert.equal(read.status, 200);
    assert.deepEqual({ ...read.body.summary, by: read.body.summary.by.userId, at: undefined }, { ...summary, by: f.caregivers[0].user.id, at: undefined });
  });

  test('moving an open visit ("this") tells its workflow the new instants; cancelling it ends it', async () => {
    const start = localDaysAhead(2, '12:00');
    const one = await f.create({ start, rideLegs: [] });
    await until('the visit to open', async () => (await visitState(f.app.client, one.id, start)) !== null, 30_000);
    const moved = `${start.slice(0, 10)}T13:30`;
    const path = `/api/families/${f.familyId}/appointments/${one.id}`;
    const res = await f.admin.session.request('put', path, { scope: 'this', occurrenceKey: start, changes: { start: moved } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const [o] = (await f.agenda()).filter((x) => x.seriesId === one.id);
    await until('the visit to take its new start', async () => (await visitState(f.app.client, one.id, start))?.startUtc === o.startAt, 30_000);
    assert.equal((await f.admin.session.delete(`${path}?scope=this&occurrenceKey=${start}`)).status, 204);
    await until('the visit to be cancelled', async () => (await visitState(f.app.client, one.id, start))?.phase === 'cancelled', 30_000);
    const checkInAfter = await f.caregivers[0].session.post(`${path}/occurrences/${start}/check-ins`, { kind: 'arrived' });
    assert.equal(checkInAfter.status, 409, JSON.stringify(checkInAfter.body));
  });

  test('each use of a visit is in the audit trail with who and which occurrence; refusals too', async () => {
    const rows = (await f.app.dataSource.query(
      `SELECT user_id, action, resource_id, outcome, operation FROM audit_events WHERE resource_type = 'visit' AND resource_id = ANY($1)`,
      [[`${seriesId}/${key}`, `${soon.id}/${soon.key}`]],
    )) as { user_id: string; action: string; outcome: string; operation: string }[];
    const seen = new Set(rows.map((r) => `${r.operation}:${r.outcome}`));
    for (const expected of ['volunteerForRide:allowed', 'withdrawFromRide:allowed', 'checkInVisit:allowed', 'submitVisitSummary:allowed', 'getVisitSummary:allowed', 'volunteerForRide:denied']) {
      assert.ok(seen.has(expected), `${expected} in ${[...seen].join(', ')}`);
    }
  });

  test('a visit weeks away is not open yet: volunteering → 409 saying so; a key that is no occurrence → 404', async () => {
    const later = await f.create({ start: localDaysAhead(30, '10:00') });
    const base = `/api/families/${f.familyId}/appointments/${later.id}/occurrences`;
    const res = await f.caregivers[0].session.post(`${base}/${localDaysAhead(30, '10:00')}/ride`, { leg: 'outbound' });
    assert.equal(res.status, 409);
    assert.match(res.body.error.message, /not open yet/);
    assert.deepEqual(res.body.error.details, { reason: 'VisitNotOpen' });
    assert.equal((await f.caregivers[0].session.post(`${base}/${localDaysAhead(30, '11:00')}/ride`, { leg: 'outbound' })).status, 404);
  });
});
