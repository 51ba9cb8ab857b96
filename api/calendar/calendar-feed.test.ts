import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ICAL from 'ical.js';
import { localDaysAhead, startAppointmentFamily, type AppointmentFamily } from '../appointments/test-family';

/** Our text through a real iCalendar parser: its zones registered, its events read as a calendar app would. */
function parseCalendar(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone);
  return calendar.getAllSubcomponents('vevent').map((v) => ({ component: v, event: new ICAL.Event(v) }));
}

/** Fetched as a calendar app does: no cookie, no session. */
const fetchFeed = (url: string) => fetch(url, { headers: { 'user-agent': 'CalendarApp/1.0' } });

describe('the secret calendar feed and the one-off .ics', { timeout: 180_000 }, () => {
  let f: AppointmentFamily;
  let weekly: { id: string; version: number };
  let elsewhere: { id: string };
  before(async () => {
    f = await startAppointmentFamily();
    weekly = await f.create({ start: localDaysAhead(2, '10:00'), recurrence: { freq: 'WEEKLY', count: 6 } });
    // The admin's second family: the feed holds every family of the member.
    const other = (await f.admin.session.post('/api/families', { name: 'In-laws' })).body.family.id as string;
    const pop = (await f.admin.session.post(`/api/families/${other}/recipients`, { displayName: 'Pop', timeZone: 'America/New_York' })).body.recipient.id;
    const res = await f.admin.session.post(`/api/families/${other}/appointments`, { ...f.body(), careRecipientId: pop, title: 'Eye test', kind: 'lab', start: localDaysAhead(5, '08:15', 'America/New_York') });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    elsewhere = res.body.appointment;
  });
  after(() => f.app.stop());

  test('made once: the address is shown once, then only that a feed exists; the table holds its hash, not the token', async () => {
    assert.deepEqual((await f.admin.session.get('/api/profile/calendar-feed')).body.feed, { active: false, createdAt: null });
    const made = await f.admin.session.post('/api/profile/calendar-feed');
    assert.equal(made.status, 201, JSON.stringify(made.body));
    const url: string = made.body.feed.url;
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);
    const shown = (await f.admin.session.get('/api/profile/calendar-feed')).body.feed;
    assert.equal(shown.active, true);
    assert.equal(shown.url, undefined);
    const token = /calendar\/(.+)\.ics$/.exec(url)![1]!;
    const stored = await f.app.dataSource.query('SELECT token_hash FROM calendar_feeds');
    assert.ok(stored.every((r: { token_hash: string }) => r.token_hash !== token && r.token_hash.length === 64));
  });

  test('the feed parses, holds every appointment of every family of the member, with UID, SEQUENCE, LAST-MODIFIED and the zone', async () => {
    const url = (await f.admin.session.post('/api/profile/calendar-feed')).body.feed.url as string;
    // An edit first, so SEQUENCE has something to show.
    const edit = await f.admin.session.request('put', `/api/families/${f.familyId}/appointments/${weekly.id}`, { scope: 'series', changes: { location: 'New wing' } });
    assert.equal(edit.status, 200);
    const res = await fetchFeed(url);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/calendar; charset=utf-8');
    assert.equal(res.headers.get('set-cookie'), null);
    assert.match(res.headers.get('cache-control') ?? '', /no-store/);
    const events = parseCalendar(await res.text());
    const ours = events.find((e) => e.event.uid === `${weekly.id}@carecircle`);
    assert.ok(ours, 'the weekly visit is in the feed');
    assert.equal(ours.event.sequence, 2);
    assert.equal(ours.event.summary, 'Nan: Cardiology check-up');
    assert.equal(ours.event.location, 'New wing');
    assert.ok(ours.component.getFirstPropertyValue('last-modified'));
    assert.equal(ours.component.getFirstProperty('dtstart')!.getParameter('tzid'), 'Europe/London');
    assert.equal(ours.event.startDate.toJSDate().toISOString(), (await f.agenda()).find((o) => o.seriesId === weekly.id).startAt);
    assert.ok(ours.event.isRecurring());
    const starts: string[] = [];
    const it = ours.event.iterator();
    for (let next = it.next(); next; next = it.next()) starts.push(next.toJSDate().toISOString());
    assert.equal(starts.length, 6);
    assert.ok(events.some((e) => e.event.uid === `${elsewhere.id}@carecircle` && e.event.summary === 'Pop: Eye test'), 'the other family is in it too');
    const audit = await f.app.dataSource.query(`SELECT operation, outcome FROM audit_events WHERE resource_type = 'calendar_feed'`);
    assert.ok(audit.some((a: { operation: string }) => a.operation === 'calendarFeed'));
  });

  test('a cancelled occurrence is in the feed as STATUS:CANCELLED with its RECURRENCE-ID', async () => {
    const url = (await f.admin.session.post('/api/profile/calendar-feed')).body.feed.url as string;
    const keys = (await f.agenda()).filter((o) => o.seriesId === weekly.id).map((o) => o.occurrenceKey);
    assert.equal((await f.admin.session.delete(`/api/families/${f.familyId}/appointments/${weekly.id}?scope=this&occurrenceKey=${keys[1]}`)).status, 204);
    const events = parseCalendar(await (await fetchFeed(url)).text());
    const exception = events.find((e) => e.event.uid === `${weekly.id}@carecircle` && e.event.isRecurrenceException());
    assert.ok(exception, 'the cancelled occurrence is an exception of the series');
    assert.equal(exception.component.getFirstPropertyValue('status'), 'CANCELLED');
    assert.equal(exception.event.recurrenceId.toString().slice(0, 16), keys[1]);
  });

  test('rotating makes a new address and the old one answers 404; revoking ends the new one too', async () => {
    const first = (await f.admin.session.post('/api/profile/calendar-feed')).body.feed.url as string;
    const second = (await f.admin.session.post('/api/profile/calendar-feed')).body.feed.url as string;
    assert.notEqual(first, second);
    assert.equal((await fetchFeed(first)).status, 404);
    assert.equal((await fetchFeed(second)).status, 200);
    assert.equal((await f.admin.session.delete('/api/profile/calendar-feed')).status, 204);
    const gone = await fetchFeed(second);
    assert.equal(gone.status, 404);
    assert.equal((await gone.json()).error.code, 'not_found');
    assert.equal((await f.admin.session.get('/api/profile/calendar-feed')).body.feed.active, false);
    assert.equal((await fetchFeed(second.replace(/[A-Za-z0-9_-]{43}\.ics$/, 'short.ics'))).status, 400);
  });

  test('fetched too often from one address → 429 with Retry-After, like the other public endpoints', async () => {
    const url = (await f.admin.session.post('/api/profile/calendar-feed')).body.feed.url as string;
    assert.equal((await fetchFeed(url)).status, 200);
    const [{ bucket }] = await f.app.dataSource.query(`SELECT bucket FROM rate_events WHERE bucket LIKE 'calendar-feed:ip:%' LIMIT 1`);
    // Test apps raise every limit a thousandfold: fill the bucket to that.
    await f.app.dataSource.query(`INSERT INTO rate_events (bucket, at) SELECT $1, now() FROM generate_series(1, 240 * 1000)`, [bucket]);
    try {
      const res = await fetchFeed(url);
      assert.equal(res.status, 429);
      assert.equal((await res.json()).error.code, 'rate_limited');
      assert.ok(Number(res.headers.get('retry-after')) >= 1);
    } finally {
      await f.app.dataSource.query(`DELETE FROM rate_events WHERE bucket = $1`, [bucket]);
    }
  });

  test("a member removed from a family stops finding its appointments in their feed at the next refresh", async () => {
    const ada = f.caregivers[1];
    const url = (await ada.session.post('/api/profile/calendar-feed')).body.feed.url as string;
    const uids = async () => parseCalendar(await (await fetchFeed(url)).text()).map((e) => e.event.uid);
    assert.ok((await uids()).includes(`${weekly.id}@carecircle`));
    assert.ok(!(await uids()).includes(`${elsewhere.id}@carecircle`), "not the admin's other family");
    assert.equal((await f.admin.session.delete(`/api/families/${f.familyId}/members/${ada.user.id}`)).status, 204);
    assert.deepEqual(await uids(), []);
  });

  test('one occurrence as an .ics download for members; a stranger is refused', async () => {
    const [first] = (await f.agenda()).filter((o) => o.seriesId === weekly.id);
    const path = `/api/families/${f.familyId}/appointments/${weekly.id}/occurrences/${first.occurrenceKey}/calendar.ics`;
    const res = await f.viewer.get(path);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/calendar; charset=utf-8');
    assert.match(res.headers.get('content-disposition') ?? '', /attachment; filename="appointment-.+\.ics"/);
    const events = parseCalendar(res.body as string);
    assert.equal(events.length, 1);
    assert.equal(events[0]!.event.startDate.toJSDate().toISOString(), first.startAt);
    assert.equal((await f.stranger.get(path)).status, 403);
    assert.equal((await f.viewer.get(path.replace(first.occurrenceKey, `${first.occurrenceKey.slice(0, 10)}T23:59`))).status, 404);
  });
});
