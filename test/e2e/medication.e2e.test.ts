import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { acceptInvitationFromOutbox, isCall, screenshot, signUp, unique, useBrowserApp, verifyEmailByApi, zoneAwayFromMidnight } from './browser';
import { currentStep, goToStep, nextUntil, openFold, saveFromSummary } from './medication-editor';

/**
 * A medication, end to end through the SPA on the real stack: Alice schedules Grandpa's
 * tablet a minute or two ahead on his clock, watches it turn due on her Today page without
 * a reload while the reminder lands in her dev outbox, marks it taken, and Ben sees that
 * live in his own browser. Every wait is on a response or an element; the one wait on the
 * clock is the dose itself.
 * Run: `npm test -- test/e2e/medication`. Set E2E_SCREENSHOTS=<dir> to keep pictures.
 */

const { newPage } = useBrowserApp({ viewport: { width: 430, height: 932 }, timezoneId: 'Europe/Paris' });

const liveOn = (page: Page) => page.getByRole('status').filter({ hasText: 'Live updates on' }).waitFor();

/** "14:05" on the wall clock of `timeZone` at `at`. */
function wallClock(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}

/** The next whole minute at least 40 s away: far enough to save the schedule and see it upcoming first. */
function nextDoseInstant(now: number): number {
  const next = Math.ceil(now / 60_000) * 60_000;
  return next - now < 40_000 ? next + 60_000 : next;
}

interface OutboxMessage {
  subject: string | null;
  body: string;
  createdAt: string;
}

/** The earliest outbox message the predicate accepts, polled while the reminder activity writes it. */
async function firstInOutbox(page: Page, accept: (m: OutboxMessage) => boolean, timeoutMs = 30_000): Promise<OutboxMessage> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const response = await page.request.get('/api/outbox');
    assert.equal(response.status(), 200);
    const found = ((await response.json()) as { messages: OutboxMessage[] }).messages.filter(accept);
    if (found.length > 0) return found.sort((x, y) => x.createdAt.localeCompare(y.createdAt))[0]!;
    assert.ok(Date.now() < until, 'the due reminder reached the outbox in time');
    await page.waitForTimeout(500);
  }
}

test('a dose falls due live on the Today page, its reminder reaches the outbox, and "Taken" shows in another browser', { timeout: 240_000 }, async () => {
  const run = unique();
  const alice = { email: `alice-${run}@example.com`, password: 'correct horse battery', name: 'Alice' };
  const benEmail = `ben-${run}@example.com`;

  // 1. Alice signs up and creates the family; she lands on its care recipients.
  const a = await newPage();
  await signUp(a, alice);
  await a.waitForURL('**/families');
  await a.getByLabel('Family name').fill(`The Birches ${run}`);
  await a.getByRole('button', { name: 'Create family' }).click();
  await a.waitForURL(/\/families\/[0-9a-f-]+\/recipients$/);
  const familyId = /\/families\/([0-9a-f-]+)\//.exec(a.url())?.[1];
  assert.ok(familyId, 'the family id is in the address');

  // 2. Ben joins as a caregiver (invited through the API, accepted from his outbox).
  assert.equal((await a.request.post(`/api/families/${familyId}/invitations`, { data: { email: benEmail, role: 'caregiver' } })).status(), 201);
  const b = await newPage();
  const benSignup = await b.request.post('/api/auth/signup', {
    data: { email: benEmail, password: 'another long passphrase', displayName: 'Ben', timeZone: 'Europe/Paris' },
  });
  assert.equal(benSignup.status(), 201);
  await verifyEmailByApi(b);
  await acceptInvitationFromOutbox(b, familyId);

  // 3. Alice adds Grandpa Joe, who lives in another zone than her browser.
  // Another zone than the browser's, where the dose falls on today's date.
  const zone = zoneAwayFromMidnight(Date.now(), ['America/New_York', 'Asia/Tokyo']);
  await a.getByLabel('Name', { exact: true }).fill('Grandpa Joe');
  await a.getByLabel('Their time zone').selectOption(zone);
  const added = a.waitForResponse(isCall('POST', /\/recipients$/));
  await a.getByRole('button', { name: 'Add care recipient' }).click();
  assert.equal((await added).status(), 201);

  // 4. In the editor the zone follows Grandpa; one dose a day, a minute or two ahead on his clock.
  await a.getByRole('link', { name: 'Medications', exact: true }).click();
  await a.getByRole('link', { name: 'Add a medication' }).click();
  await a.getByLabel('Medication', { exact: true }).fill('Metformin');
  await a.getByLabel('Dose', { exact: true }).fill('500 mg, 1 tablet');
  await a.getByLabel('Instructions (optional)').fill('With breakfast');
  await nextUntil(a, 'When');
  await openFold(a);
  assert.equal(await a.getByLabel('Time zone of the dose times').inputValue(), zone);
  const dueMs = nextDoseInstant(Date.now());
  const time = wallClock(dueMs, zone);
  await a.getByLabel('Time 1').fill(time);
  await screenshot(a, 'm1-alice-editor');
  await nextUntil(a, 'Check and save');
  const created = a.waitForResponse(isCall('POST', /\/medications$/));
  await saveFromSummary(a, 'Save medication');
  const createdResponse = await created;
  assert.equal(createdResponse.status(), 201, await createdResponse.text());
  const medication = ((await createdResponse.json()) as { medication: { id: string; schedule: { timesOfDay: string[]; timeZone: string } } }).medication;
  assert.deepEqual(medication.schedule.timesOfDay, [time]);
  assert.equal(medication.schedule.timeZone, zone);
  await a.waitForURL(`**/families/${familyId}/medications/${medication.id}`);
  await a.getByRole('list', { name: 'Doses in the next 7 days' }).getByText(time).first().waitFor();

  // 5. Both Today pages show the dose as upcoming, live. From here neither page reloads.
  await a.getByRole('link', { name: 'Today', exact: true }).click();
  await b.goto(`/families/${familyId}/today`);
  await Promise.all([liveOn(a), liveOn(b)]);
  const row = (p: Page) => p.getByRole('list', { name: 'Doses for Grandpa Joe' }).getByRole('listitem').filter({ hasText: 'Metformin' });
  const badge = (p: Page, text: string) => row(p).locator('.tag').filter({ hasText: new RegExp(`^${text}$`) });
  await Promise.all([badge(a, 'Upcoming').waitFor(), badge(b, 'Upcoming').waitFor()]);
  assert.ok(Date.now() < dueMs, 'the dose was seen upcoming before it was due');
  assert.match(await row(a).innerText(), new RegExp(`${time}[\\s\\S]*With breakfast`));
  // Within two hours of its time the next dose may already be marked (given a little early); it cannot be snoozed yet.
  await row(a).getByRole('button', { name: /^Taken/ }).waitFor();
  assert.equal(await row(a).getByRole('button', { name: /^Snooze/ }).count(), 0);
  await screenshot(a, 'm2-alice-today-upcoming');
  let reloads = 0;
  a.on('load', () => reloads++);
  b.on('load', () => reloads++);

  // 6. At the due instant the row turns due by itself, and the reminder is in Alice's outbox.
  await badge(a, 'Due now').waitFor({ timeout: Math.max(0, dueMs - Date.now()) + 45_000 });
  const today = (await (await a.request.get(`/api/families/${familyId}/today`)).json()) as { doses: { scheduleId: string; dueAt: string }[] };
  const dueAt = today.doses.find((d) => d.scheduleId === medication.id)?.dueAt;
  assert.ok(dueAt, 'the dose is on the Today list');
  assert.equal(Date.parse(dueAt), dueMs, 'due at the minute set in the editor, on his clock');
  const reminder = await firstInOutbox(a, (m) => /due now/i.test(`${m.subject ?? ''} ${m.body}`) && m.body.includes(time));
  const lateness = Date.parse(reminder.createdAt) - Date.parse(dueAt);
  console.log('medication reminder lateness ms', lateness);
  assert.ok(lateness >= 0 && lateness < 60_000, `the reminder went out at the due instant, not before and not long after (${lateness} ms)`);
  await screenshot(a, 'm3-alice-today-due');

  // 7. Alice marks it taken; Ben's page shows it taken, and by whom, without a reload.
  const taken = a.waitForResponse(isCall('POST', /\/doses\/[^/]+\/taken$/));
  await row(a).getByRole('button', { name: /^Taken/ }).click();
  assert.equal((await taken).status(), 200);
  await badge(a, 'Given').waitFor();
  await badge(b, 'Given').waitFor();
  await row(b).getByText('Given by Alice in the app').waitFor();
  assert.equal(await row(b).getByRole('button', { name: /^Taken/ }).count(), 0, 'an answered dose offers no more answers');
  await screenshot(b, 'm4-ben-today-taken');
  assert.equal(reloads, 0, 'both pages followed along live');

  // 8. The Medications tab lists the schedule, and the adherence chart counts the dose as on time.
  await a.getByRole('link', { name: 'Medications', exact: true }).click();
  const item = a.getByRole('list', { name: 'Medications' }).getByRole('listitem').filter({ hasText: 'Metformin' });
  await item.waitFor();
  assert.match(await item.innerText(), new RegExp(`For Grandpa Joe[\\s\\S]*Every day at ${time}`));
  // One dose is counted, not turned into "100%".
  await a.getByRole('img', { name: /1 dose: 1 on time\./ }).waitFor();
  assert.ok((await a.locator('svg.chart__svg rect.chart__taken').count()) >= 1, 'a bar is drawn for the dose taken today');
  await a.getByText(/This week:\s*1 of 1 given\./).waitFor();
  const perMedication = a.getByRole('list', { name: 'Adherence per medication' }).getByRole('listitem').filter({ hasText: 'Metformin' });
  assert.equal((await perMedication.innerText()).trim(), 'Metformin for Grandpa Joe: 1 of 1 given');
  await screenshot(a, 'm5-alice-medications');
});

test('the editor shows the API\'s field errors beside the fields; an edit, a refill, pause/resume and delete apply at once', { timeout: 120_000 }, async () => {
  const run = unique();
  const a = await newPage();
  const signup = await a.request.post('/api/auth/signup', {
    data: { email: `carol-${run}@example.com`, password: 'a long enough password', displayName: 'Carol', timeZone: 'Europe/Paris' },
  });
  assert.equal(signup.status(), 201);
  const familyId = ((await (await a.request.post('/api/families', { data: { name: `The Pines ${run}` } })).json()) as { family: { id: string } }).family.id;
  assert.equal((await a.request.post(`/api/families/${familyId}/recipients`, { data: { displayName: 'Nana Sue', timeZone: 'Europe/Rome' } })).status(), 201);

  // 1. A dose too long for the label and "every 1 day": the API refuses, and each problem is marked
  //    on its own field; saving from the summary goes back to the first step with a problem.
  await a.goto(`/families/${familyId}/medications/new`);
  await a.getByLabel('Medication', { exact: true }).fill('Warfarin');
  await a.getByLabel('Dose', { exact: true }).fill('5 mg '.repeat(25));
  await nextUntil(a, 'When');
  await a.getByLabel('Time 1').fill('21:00');
  await a.getByLabel('Every few days').check();
  await a.getByLabel('Every how many days').fill('1');
  await nextUntil(a, 'Check and save');
  const refused = a.waitForResponse(isCall('POST', /\/medications$/));
  await saveFromSummary(a, 'Save medication');
  const body = (await (await refused).json()) as { error: { code: string; details: { path: string }[] } };
  assert.equal(body.error.code, 'validation_failed');
  assert.deepEqual(body.error.details.map((d) => d.path).sort(), ['dose', 'pattern.n']);
  await a.getByText('Please fix the marked fields.').waitFor();
  assert.equal(await currentStep(a), 'What');
  assert.equal(await a.getByLabel('Dose', { exact: true }).getAttribute('aria-invalid'), 'true');
  assert.equal(await a.getByLabel('Medication', { exact: true }).getAttribute('aria-invalid'), null);
  await screenshot(a, 'm6-editor-errors');
  await goToStep(a, 'When');
  await a.getByRole('group', { name: 'Which days' }).locator('.field__error').waitFor();

  // 2. Fixed: every 2 days, with a supply already at its refill threshold.
  await a.getByLabel('Every how many days').fill('2');
  await goToStep(a, 'What');
  await a.getByLabel('Dose', { exact: true }).fill('5 mg');
  await openFold(a);
  await a.getByLabel('Count the supply and warn before it runs out').check();
  await a.getByLabel('Doses on hand').fill('3');
  await a.getByLabel('Refill alert at').fill('5');
  const created = a.waitForResponse(isCall('POST', /\/medications$/));
  await saveFromSummary(a, 'Save medication');
  assert.equal((await created).status(), 201);
  await a.waitForURL(/\/medications\/[0-9a-f-]+$/);
  await a.getByRole('list', { name: 'Doses in the next 7 days' }).getByText('21:00').first().waitFor();
  await screenshot(a, 'm7-editor-saved');

  // 3. The saved schedule's editor opens on its summary. A morning dose is added below the evening
  //    one; leaving the list puts it first. The edit is a PUT.
  assert.equal(await currentStep(a), 'Check and save');
  await goToStep(a, 'When');
  await a.getByRole('button', { name: 'Add a time' }).click();
  await a.getByLabel('Time 2').fill('07:00');
  await a.getByLabel('Every how many days').click();
  assert.equal(await a.getByLabel('Time 1').inputValue(), '07:00');
  const edited = a.waitForResponse(isCall('PUT', /\/medications\/[0-9a-f-]+$/));
  await saveFromSummary(a, 'Save changes');
  const editedResponse = await edited;
  assert.equal(editedResponse.status(), 200, await editedResponse.text());
  assert.deepEqual(((await editedResponse.json()) as { medication: { schedule: { timesOfDay: string[] } } }).medication.schedule.timesOfDay, ['07:00', '21:00']);
  await a.getByRole('list', { name: 'Doses in the next 7 days' }).getByText('07:00, 21:00').first().waitFor();

  // 4. The list says a refill is needed; 30 more doses clear it.
  await a.getByRole('link', { name: 'Medications', exact: true }).click();
  const item = a.getByRole('list', { name: 'Medications' }).getByRole('listitem').filter({ hasText: 'Warfarin' });
  await item.getByText('Refill needed').waitFor();
  assert.match(await item.innerText(), /Every 2 days from .* at 07:00, 21:00 \(Rome time\)/);
  assert.match(await item.innerText(), /3 doses left/);
  await item.getByRole('button', { name: /^Refill/ }).click();
  await item.getByLabel('How many doses were added?').fill('30');
  const refilled = a.waitForResponse(isCall('POST', /\/refill$/));
  await item.getByRole('button', { name: 'Add to supply' }).click();
  assert.equal((await refilled).status(), 200);
  await item.getByText('33 doses left').waitFor();
  assert.equal(await item.getByText('Refill needed').count(), 0);

  // 5. Paused (after a confirmation), resumed, then deleted (after a confirmation).
  await item.getByRole('link', { name: 'Warfarin' }).click();
  await a.getByRole('button', { name: 'Pause reminders' }).click();
  const paused = a.waitForResponse(isCall('POST', /\/pause$/));
  await a.getByRole('button', { name: 'Yes, pause' }).click();
  assert.equal((await paused).status(), 200);
  await a.getByText('Paused: none of these will be reminded').waitFor();
  const resumed = a.waitForResponse(isCall('POST', /\/resume$/));
  await a.getByRole('button', { name: 'Resume reminders' }).click();
  assert.equal((await resumed).status(), 200);
  await a.getByRole('button', { name: 'Pause reminders' }).waitFor();
  await a.getByRole('button', { name: 'Delete' }).click();
  const deleted = a.waitForResponse(isCall('DELETE', /\/medications\/[0-9a-f-]+$/));
  await a.getByRole('button', { name: 'Yes, delete' }).click();
  assert.equal((await deleted).status(), 204);
  await a.waitForURL(`**/families/${familyId}/medications`);
  await a.getByText('No medications yet.').waitFor();
});
