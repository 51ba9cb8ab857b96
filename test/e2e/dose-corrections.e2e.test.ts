import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertFitsWidth, assertNoSeriousA11yViolations } from './axe';
import { familyByApi, isCall, screenshot, signUpByApi, unique, useBrowserApp, zoneAwayFromMidnight } from './browser';

/**
 * Mistakes put right on Today (issue 13, item 6), on a phone: two pills due together are
 * marked with one tap, one "Given" is undone, then recorded as given after all at the
 * time it really was; the card says who corrected it.
 * Run: `npm test -- test/e2e/dose-corrections`. Set E2E_SCREENSHOTS=<dir> to keep pictures.
 */

const PHONE = { width: 390, height: 844 };
const { newPage } = useBrowserApp({ viewport: PHONE, timezoneId: 'Europe/Paris' });

const clock = (zone: string, at: number) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
const dateIn = (zone: string, at: number) => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(at);

test('two doses due together are given with one tap; one is undone, then given after all at its real time', { timeout: 180_000 }, async () => {
  const run = unique();
  const a = await newPage();
  const carolId = await signUpByApi(a, { email: `carol-${run}@example.com`, name: 'Carol' });
  const familyId = await familyByApi(a, `The Limes ${run}`);
  const zone = zoneAwayFromMidnight(Date.now(), ['Europe/Paris', 'America/New_York', 'Asia/Tokyo']);
  const r = await a.request.post(`/api/families/${familyId}/recipients`, { data: { displayName: 'Nana Sue', timeZone: zone } });
  const careRecipientId = ((await r.json()) as { recipient: { id: string } }).recipient.id;
  // Due in 40 minutes on Nana's clock: within the time a dose may be marked a little early.
  const time = clock(zone, Date.now() + 40 * 60_000);
  for (const [medicationName, dose] of [
    ['Metformin', '500 mg'],
    ['Ramipril', '5 mg'],
  ]) {
    const created = await a.request.post(`/api/families/${familyId}/medications`, {
      data: { medicationName, dose, careRecipientId, assignedCaregiverId: carolId, timeZone: zone, timesOfDay: [time], pattern: { kind: 'daily' }, startDate: dateIn(zone, Date.now()) },
    });
    assert.equal(created.status(), 201, await created.text());
  }

  // 1. Both pills of that time, marked given with one tap.
  await a.goto(`/families/${familyId}/today`);
  const list = a.getByRole('list', { name: 'Doses for Nana Sue' });
  const row = (name: string) => list.getByRole('listitem').filter({ hasText: name });
  const takeAll = a.getByRole('button', { name: new RegExp(`^Mark all 2 at ${time} as given`) });
  await takeAll.waitFor({ timeout: 60_000 });
  await screenshot(a, 'd1-phone-take-all');
  await assertNoSeriousA11yViolations(a, 'today with doses due together');
  await assertFitsWidth(a, PHONE.width, 'today with doses due together');
  await takeAll.click();
  for (const name of ['Metformin', 'Ramipril']) await row(name).locator('.tag').filter({ hasText: /^Given$/ }).waitFor();

  // 2. Ramipril was not given after all: Undo, right there.
  const undone = a.waitForResponse(isCall('POST', /\/correction$/));
  await row('Ramipril').getByRole('button', { name: /^Undo/ }).click();
  assert.equal((await undone).status(), 200);
  await row('Ramipril').locator('.tag').filter({ hasText: /^Skipped$/ }).waitFor();
  await row('Ramipril').getByText('Reason: Marked given by mistake (undone)').waitFor();

  // 3. It was given later after all, at a time Carol types on Nana's clock.
  const givenAt = clock(zone, Date.now() - 5 * 60_000);
  await row('Ramipril').getByRole('button', { name: /^Given after all/ }).click();
  await row('Ramipril').getByLabel(/^Given at/).fill(givenAt);
  const corrected = a.waitForResponse(isCall('POST', /\/correction$/));
  await row('Ramipril').getByRole('button', { name: 'Save' }).click();
  const response = await corrected;
  assert.equal(response.status(), 200, await response.text());
  assert.equal(clock(zone, Date.parse(((await response.json()) as { dose: { answeredAt: string } }).dose.answeredAt)), givenAt);
  await row('Ramipril').getByText(`Given by you in the app at ${givenAt}`).waitFor();
  await row('Ramipril').getByText('Corrected by you (it said “Skipped” before)').waitFor();
  await screenshot(a, 'd2-phone-corrected');
  await assertNoSeriousA11yViolations(a, 'today after a correction');
  await assertFitsWidth(a, PHONE.width, 'today after a correction');
});
