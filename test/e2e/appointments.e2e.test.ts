import assert from 'node:assert/strict';
import { test } from 'node:test';
import ICAL from 'ical.js';
import type { Page } from 'playwright-core';
import { accessible, firstInOutbox, join, LEAD_MINUTES, liveOn, PHONE, pictures, visitStart, wallClock } from './appointments-support';
import { isCall, signUpByApi, unique, useBrowserApp, zoneAwayFromMidnight } from './browser';

/**
 * Appointments end to end through the SPA on the real stack. Alice (admin) books Grandpa's
 * weekly check-up a few minutes ahead with a ride needed; Ben and Cara, each in their own
 * browser, tap "I'll drive" at the same moment: the workflow lets exactly one win, and every
 * screen shows the winner without a reload. The 5-minute reminder reaches the dev outbox at
 * its instant, and Ben's secret calendar address (made on his profile) serves an iCalendar
 * feed that ical.js parses and that holds the weekly visit. Each page passes axe-core with no
 * serious or critical violation and has no horizontal scroll at 390 px.
 * Run: `npm test -- test/e2e/appointments`. Set E2E_SCREENSHOTS=<dir> to keep pictures.
 */

const { newPage } = useBrowserApp({ viewport: PHONE, timezoneId: 'Europe/Paris' });
test('a weekly visit needing a ride: two volunteers race, one wins live on every screen; the reminder reaches the outbox; the calendar feed holds it', { timeout: 600_000 }, async () => {
  const run = unique();
  const title = `Cardiology check-up ${run}`;

  // 1. Alice makes the family and Grandpa Joe; Ben and Cara join as caregivers.
  const a = await newPage();
  await signUpByApi(a, { email: `alice-${run}@example.com`, name: 'Alice' });
  const familyId = ((await (await a.request.post('/api/families', { data: { name: `The Oaks ${run}` } })).json()) as { family: { id: string } }).family.id;
  const zone = zoneAwayFromMidnight(Date.now() + 10 * 60_000, ['America/New_York', 'Asia/Tokyo']);
  assert.equal((await a.request.post(`/api/families/${familyId}/recipients`, { data: { displayName: 'Grandpa Joe', timeZone: zone } })).status(), 201);
  const b = await newPage();
  const c = await newPage();
  await join(b, familyId, a, { email: `ben-${run}@example.com`, name: 'Ben' });
  await join(c, familyId, a, { email: `cara-${run}@example.com`, name: 'Cara' });

  // 2. Alice books it in the editor: weekly on its weekday, a ride both ways, a 5-minute reminder.
  await a.goto(`/families/${familyId}/appointments`);
  await a.getByRole('link', { name: 'Add an appointment' }).click();
  await a.getByLabel('What', { exact: true }).fill(title);
  await a.getByLabel('Where (optional)').fill('St Mary’s, 2nd floor');
  assert.equal(await a.getByLabel('Time zone of the appointment').inputValue(), zone, 'the zone is Grandpa’s');
  const startMs = visitStart(Date.now());
  const start = wallClock(startMs, zone);
  await a.getByLabel('Date', { exact: true }).fill(start.date);
  await a.getByLabel(/^Time \(/).fill(start.time);
  await a.getByLabel('How long (minutes)').fill('45');
  await a.getByLabel('How often').selectOption('WEEKLY');
  const weekdays = a.getByRole('group', { name: 'On these days' });
  assert.equal(await weekdays.getByRole('checkbox', { checked: true }).count(), 1, 'the start date’s weekday is picked');
  const reminders = a.getByRole('group', { name: 'Remind the family before' });
  for (const lead of ['7 days', '1 day', '2 hours']) await reminders.getByLabel(lead, { exact: true }).uncheck();
  await reminders.getByLabel('5 minutes', { exact: true }).check();
  await a.getByLabel('Needs someone to drive or go along').check();
  await a.getByLabel('Notes (optional)').fill('Bring the blood pressure log.');
  // The preview lists the next weekly visits, each with its reminder, on Grandpa's clock.
  const preview = a.getByRole('list', { name: 'Next visits' });
  await preview.getByText(new RegExp(`, ${start.time}$`)).first().waitFor();
  assert.ok((await preview.locator(':scope > li').count()) >= 3, 'several weekly visits are previewed');
  await preview.getByText(/Reminder 5 minutes before/).first().waitFor();
  await accessible(a, 'the editor');
  await pictures(a, 'a1-editor');
  const created = a.waitForResponse(isCall('POST', /\/appointments$/));
  await a.getByRole('button', { name: 'Save appointment' }).click();
  const createdResponse = await created;
  assert.equal(createdResponse.status(), 201, await createdResponse.text());
  const appointment = ((await createdResponse.json()) as { appointment: { id: string; series: { recurrence: { freq: string } | null; rideLegs: string[] } } }).appointment;
  assert.equal(appointment.series.recurrence?.freq, 'WEEKLY');
  assert.deepEqual(appointment.series.rideLegs, ['outbound', 'return']);
  await a.waitForURL(`**/families/${familyId}/appointments`);

  // 3. All three agendas show the visit with no ride yet, live; nobody reloads from here.
  await Promise.all([b.goto(`/families/${familyId}/appointments`), c.goto(`/families/${familyId}/appointments`)]);
  await Promise.all([liveOn(a), liveOn(b), liveOn(c)]);
  const card = (p: Page) => p.getByRole('listitem').filter({ has: p.getByRole('link', { name: title }) }).first();
  const outbound = (p: Page) => card(p).getByRole('list', { name: `Rides for ${title}` }).getByRole('listitem').filter({ hasText: 'There:' });
  await Promise.all([a, b, c].map((p) => outbound(p).getByText('No ride yet').waitFor()));
  assert.match(await card(b).innerText(), new RegExp(`${start.time}–\\d\\d:\\d\\d\\s+${zone.split('/').pop()!.replaceAll('_', ' ')} time`), 'the time says whose clock it is on');
  await accessible(b, 'the agenda');
  await pictures(b, 'a2-agenda-no-ride');
  let reloads = 0;
  for (const p of [a, b, c]) p.on('load', () => reloads++);

  // 4. Ben and Cara tap "I'll drive" for the way there at the same moment: exactly one wins.
  const rideCall = isCall('POST', /\/occurrences\/[^/]+\/ride$/);
  const [benAnswer, caraAnswer] = await Promise.all([
    b.waitForResponse(rideCall),
    c.waitForResponse(rideCall),
    outbound(b).getByRole('button', { name: /^I'll drive/ }).click(),
    outbound(c).getByRole('button', { name: /^I'll drive/ }).click(),
  ]);
  const statuses = [benAnswer.status(), caraAnswer.status()].sort();
  assert.deepEqual(statuses, [200, 409], `one volunteer wins, the other hears "taken" (${statuses.join(', ')})`);
  const [winner, loser, winnerName, loserName] = benAnswer.status() === 200 ? [b, c, 'Ben', 'Cara'] : [c, b, 'Cara', 'Ben'];
  await outbound(winner).getByText('You drive').waitFor();
  await outbound(loser).getByText(`${winnerName} drives`).waitFor();
  await card(loser).getByRole('alert').filter({ hasText: `Taken: ${winnerName} is already driving there.` }).waitFor();
  await outbound(a).getByText(`${winnerName} drives`).waitFor();
  assert.equal(await outbound(loser).getByRole('button', { name: /^I'll drive/ }).count(), 0, 'a taken leg offers no more "I\'ll drive"');
  // The way back is still open, and says so on every screen.
  const back = (p: Page) => card(p).getByRole('list', { name: `Rides for ${title}` }).getByRole('listitem').filter({ hasText: 'Back home:' });
  await back(a).getByText('No ride yet').waitFor();
  await pictures(loser, 'a3-agenda-taken');
  await pictures(winner, 'a4-agenda-winner');
  // The other volunteer takes the way back, then gives it back: it reopens on every screen.
  const took = loser.waitForResponse(rideCall);
  await back(loser).getByRole('button', { name: /^I'll drive/ }).click();
  assert.equal((await took).status(), 200);
  await back(a).getByText(`${loserName} drives`).waitFor();
  const gaveBack = loser.waitForResponse(isCall('DELETE', /\/occurrences\/[^/]+\/ride$/));
  await back(loser).getByRole('button', { name: /^Withdraw/ }).click();
  assert.equal((await gaveBack).status(), 200);
  await Promise.all([a, b, c].map((p) => back(p).getByText('No ride yet').waitFor()));

  // 5. The week view and Today show the same visit, with its driver.
  await a.getByRole('button', { name: 'Week' }).click();
  await outbound(a).getByText(`${winnerName} drives`).waitFor();
  await accessible(a, 'the week view');
  await pictures(a, 'a5-week');
  await a.getByRole('link', { name: 'Today', exact: true }).click();
  await a.getByRole('list', { name: 'Appointments today' }).getByText(`${winnerName} drives`).waitFor();
  await pictures(a, 'a6-today');

  // 6. The visit page: check-in buttons, the .ics link, and the summary waiting for "done".
  await winner.getByRole('link', { name: title }).first().click();
  await winner.getByRole('heading', { name: "Who's driving" }).waitFor();
  await winner.getByText('Bring the blood pressure log.').waitFor();
  await winner.getByText(/^Every week on \w+ · reminders 5 minutes before$/).waitFor();
  await winner.getByRole('group', { name: 'Check in' }).getByRole('button', { name: 'On the way' }).waitFor();
  assert.match((await winner.getByRole('link', { name: /\.ics/ }).getAttribute('href')) ?? '', /\/calendar\.ics$/);
  await accessible(winner, 'the visit page');
  await pictures(winner, 'a7-visit');
  assert.equal(reloads, 0, 'every screen followed along live');

  // 7. The 5-minute reminder reaches Alice's outbox at its instant.
  const reminderAt = startMs - LEAD_MINUTES * 60_000;
  const reminder = await firstInOutbox(a, (m) => m.body.startsWith('Coming up:') && m.body.includes(title), Math.max(0, reminderAt - Date.now()) + 90_000);
  const lateness = Date.parse(reminder.createdAt) - reminderAt;
  console.log('appointment reminder lateness ms', lateness);
  assert.ok(lateness >= 0 && lateness < 60_000, `the reminder went out at start − 5 min, not before and not long after (${lateness} ms)`);

  // 8. Five minutes before the start the driver is on the way and arrives; Alice, on the same visit page, sees each live.
  //    "Done" opens at the start: tapped now it is refused, says so, and nothing is recorded (the summary's flow is in
  //    api/appointments/visits.test.ts and the time-skipping visit-day test, which need not wait minutes for a start).
  await a.getByRole('list', { name: 'Appointments today' }).getByRole('link', { name: title }).click();
  await a.getByRole('heading', { name: "Who's driving" }).waitFor();
  const tap = async (kind: string) => {
    const checkedIn = winner.waitForResponse(isCall('POST', /\/check-ins$/));
    await winner.getByRole('group', { name: 'Check in' }).getByRole('button', { name: kind, exact: true }).click();
    return (await checkedIn).status();
  };
  for (const kind of ['On the way', 'Arrived']) {
    assert.equal(await tap(kind), 200, `check-in "${kind}"`);
    await a.getByRole('list', { name: 'Check-ins' }).getByText(kind, { exact: true }).waitFor();
  }
  assert.ok(Date.now() < startMs, 'still before the start');
  assert.equal(await tap('Done'), 409, '"Done" before the start');
  await winner.getByRole('alert').filter({ hasText: /^Too early: .*You can check in from / }).waitFor();
  assert.equal(await a.getByRole('list', { name: 'Check-ins' }).getByText('Done', { exact: true }).count(), 0, 'nothing recorded');
  await accessible(winner, 'the visit page with a refused check-in');
  await pictures(winner, 'a9-visit-too-early');

  // 9. Ben makes his calendar address on his profile; the feed parses and holds the weekly visit.
  await b.goto('/profile');
  const feedMade = b.waitForResponse(isCall('POST', /^\/api\/profile\/calendar-feed$/));
  await b.getByRole('button', { name: 'Create calendar address' }).click();
  assert.equal((await feedMade).status(), 201);
  const feedUrl = await b.getByLabel(/Your secret address/).inputValue();
  assert.match(feedUrl, /^http:\/\/127\.0\.0\.1:\d+\/calendar\/[^/]+\.ics$/);
  await accessible(b, 'the profile');
  await pictures(b, 'a10-profile-feed');
  const feed = await fetch(feedUrl); // no cookie: the secret in the address is the only credential
  assert.equal(feed.status, 200);
  assert.match(feed.headers.get('content-type') ?? '', /^text\/calendar/);
  const calendar = new ICAL.Component(ICAL.parse(await feed.text()));
  const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v)).filter((e) => e.uid === `${appointment.id}@carecircle`);
  // The feed spans everyone the member looks after, so each summary names the person.
  const series = events.find((e) => !e.isRecurrenceException());
  assert.ok(series, 'the weekly visit is in the feed');
  assert.equal(series.summary, `Grandpa Joe: ${title}`);
  assert.match(String(series.component.getFirstPropertyValue('rrule')), /FREQ=WEEKLY/);
  assert.equal(series.component.getFirstProperty('dtstart')?.getParameter('tzid'), zone, 'DTSTART carries Grandpa’s zone');
  assert.equal(series.startDate.toUnixTime() * 1000, startMs, 'DTSTART is the instant booked');
  // This week's visit carries its driver.
  const thisWeek = events.find((e) => e.isRecurrenceException());
  assert.match(thisWeek?.description ?? '', new RegExp(`Driving: ${winnerName} there`));
});

test('one visit moved, the following ones lengthened, one cancelled, all from the visit page; a viewer reads without buttons', { timeout: 300_000 }, async () => {
  const run = unique();
  const title = `Physio ${run}`;
  const zone = 'Europe/Rome';
  const a = await newPage();
  await signUpByApi(a, { email: `carol-${run}@example.com`, name: 'Carol' });
  const familyId = ((await (await a.request.post('/api/families', { data: { name: `The Elms ${run}` } })).json()) as { family: { id: string } }).family.id;
  const recipient = await a.request.post(`/api/families/${familyId}/recipients`, { data: { displayName: 'Nana Sue', timeZone: zone } });
  const careRecipientId = ((await recipient.json()) as { recipient: { id: string } }).recipient.id;
  const v = await newPage();
  await join(v, familyId, a, { email: `vic-${run}@example.com`, name: 'Vic' }, 'viewer');

  // Weekly, three times, from two days ahead at 10:00 in Rome; the driver is found later.
  const first = wallClock(Date.now() + 2 * 86_400_000, zone).date;
  const weekday = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'][new Date(`${first}T12:00:00Z`).getUTCDay()]!;
  const made = await a.request.post(`/api/families/${familyId}/appointments`, {
    data: { title, kind: 'therapy', careRecipientId, start: `${first}T10:00`, durationMinutes: 60, recurrence: { freq: 'WEEKLY', byDay: [weekday], count: 3 }, rideLegs: ['outbound'] },
  });
  assert.equal(made.status(), 201, await made.text());

  const cards = (p: Page) => p.locator('li.appointment');
  const times = async (p: Page) => (await cards(p).locator('.appointment__time').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  await a.goto(`/families/${familyId}/appointments`);
  await cards(a).nth(2).waitFor();
  assert.deepEqual(await times(a), Array(3).fill('10:00–11:00 Rome time'));

  // 1. Only the first visit moves to 11:30: the editor offers its date, time and length only.
  await cards(a).nth(0).getByRole('link', { name: title }).click();
  await a.getByRole('link', { name: 'Change or move' }).click();
  assert.equal(await a.getByRole('radio', { name: /Only this visit/ }).isChecked(), true);
  assert.equal(await a.getByLabel('What', { exact: true }).count(), 0, 'one visit cannot be renamed');
  await a.getByLabel(/^Time \(/).fill('11:30');
  await accessible(a, 'the editor of one visit');
  await pictures(a, 'b1-edit-this');
  const moved = a.waitForResponse(isCall('PUT', /\/appointments\/[0-9a-f-]+$/));
  await a.getByRole('button', { name: 'Save changes' }).click();
  const movedResponse = await moved;
  assert.equal(movedResponse.status(), 200, await movedResponse.text());
  assert.equal((movedResponse.request().postDataJSON() as { scope: string }).scope, 'this');
  await a.waitForURL(`**/families/${familyId}/appointments`);
  await cards(a).nth(0).getByText('Moved').waitFor();
  assert.deepEqual(await times(a), ['11:30–12:30 Rome time', '10:00–11:00 Rome time', '10:00–11:00 Rome time']);

  // 2. From the second visit on, each lasts 90 minutes: the series splits there.
  await cards(a).nth(1).getByRole('link', { name: title }).click();
  await a.getByRole('link', { name: 'Change or move' }).click();
  await a.getByRole('radio', { name: 'This and the following visits' }).check();
  await a.getByLabel('How long (minutes)').fill('90');
  const split = a.waitForResponse(isCall('PUT', /\/appointments\/[0-9a-f-]+$/));
  await a.getByRole('button', { name: 'Save changes' }).click();
  assert.equal((await split).status(), 200);
  await a.waitForURL(`**/families/${familyId}/appointments`);
  await a.getByText('10:00–11:30').first().waitFor();
  assert.deepEqual(await times(a), ['11:30–12:30 Rome time', '10:00–11:30 Rome time', '10:00–11:30 Rome time']);

  // 3. The moved visit is cancelled from its page, after a confirmation.
  await cards(a).nth(0).getByRole('link', { name: title }).click();
  await a.getByRole('button', { name: 'Cancel this visit' }).click();
  const cancelled = a.waitForResponse(isCall('DELETE', /\/appointments\/[0-9a-f-]+/));
  await a.getByRole('button', { name: 'Yes, cancel it' }).click();
  assert.equal((await cancelled).status(), 204);
  await a.waitForURL(`**/families/${familyId}/appointments`);
  await cards(a).nth(0).getByText('Cancelled').waitFor();
  assert.equal(await cards(a).nth(0).getByText('No ride yet').count(), 0, 'a cancelled visit asks for no driver');
  await pictures(a, 'b2-agenda-after-edits');

  // 4. A visit weeks away has no running workflow yet: the card says when ride sign-up opens instead of a button the visit would refuse.
  await cards(a).nth(2).getByText(/^Ride sign-up opens on /).waitFor();
  assert.equal(await cards(a).nth(2).getByRole('button', { name: /^I'll drive/ }).count(), 0);
  await cards(a).nth(2).getByText('No ride yet').waitFor();

  // 5. Vic, a viewer, sees the same agenda with "No ride yet", and no button to change anything.
  await v.goto(`/families/${familyId}/appointments`);
  await cards(v).nth(2).getByText('No ride yet').waitFor();
  assert.equal(await v.getByRole('link', { name: 'Add an appointment' }).count(), 0);
  assert.equal(await v.getByRole('button', { name: /^I'll drive/ }).count(), 0);
  await cards(v).nth(1).getByRole('link', { name: title }).click();
  await v.getByRole('heading', { name: "Who's driving" }).waitFor();
  assert.equal(await v.getByRole('group', { name: 'Check in' }).count(), 0);
  assert.equal(await v.getByRole('link', { name: 'Change or move' }).count(), 0);
  await accessible(v, 'the visit page for a viewer');
});
