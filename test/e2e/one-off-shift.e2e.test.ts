import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertFitsWidth, assertNoSeriousA11yViolations } from './axe';
import { familyByApi, isCall, outboxLink, screenshot, signUpByApi, unique, useBrowserApp, zoneAwayFromMidnight } from './browser';

/**
 * The one-off shift form on the Shifts tab, on a phone. Alice (admin) opens "Add a one-off
 * shift", is told plainly what is wrong (no day; a start already past, as the API says),
 * then adds tomorrow's 10:00–14:00 on Grandma's clock for Ben. It appears in the week
 * view without a reload; Ben, a caregiver, sees it on his Shifts tab and has no such form.
 * axe-core finds no serious or critical violation on the form, closed or showing errors.
 * Run: `npm test -- test/e2e/one-off-shift`.
 */

const PHONE = { width: 390, height: 844 };
const { newPage } = useBrowserApp({ viewport: PHONE, timezoneId: 'America/New_York' });
const DAY_MS = 86_400_000;

const dateIn = (at: number, zone: string) => new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
const weekdayIn = (at: number, zone: string) => new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'short' }).format(at);

test('an admin adds a one-off shift on a phone: clear errors, it shows in the week, and its assignee sees it', { timeout: 240_000 }, async () => {
  const [alice, ben] = [await newPage(), await newPage()];
  await signUpByApi(alice, { email: `alice-${unique()}@example.test`, name: 'Alice' });
  const familyId = await familyByApi(alice, 'One-off family');
  // Grandma's clock is not near midnight, so "today 00:00" has passed and "tomorrow" is one date everywhere in this test.
  const now = Date.now();
  const zone = zoneAwayFromMidnight(now, ['Asia/Tokyo', 'Europe/London', 'America/Los_Angeles', 'Pacific/Auckland']);
  const recipient = await alice.request.post(`/api/families/${familyId}/recipients`, { data: { displayName: 'Grandma', timeZone: zone } });
  assert.equal(recipient.status(), 201);
  const email = `ben-${unique()}@example.test`;
  assert.equal((await alice.request.post(`/api/families/${familyId}/invitations`, { data: { email, role: 'caregiver' } })).status(), 201);
  await signUpByApi(ben, { email, name: 'Ben' });
  const token = new URL(await outboxLink(ben, '/invitations/accept?token=')).searchParams.get('token');
  assert.equal((await ben.request.post(`/api/invitations/${token}/accept`)).status(), 200);

  await alice.goto(`/families/${familyId}/shifts`);
  const openForm = alice.getByRole('button', { name: 'Add a one-off shift' });
  await openForm.waitFor();
  await assertNoSeriousA11yViolations(alice, 'Shifts tab with the one-off button');
  await openForm.click();
  const form = alice.getByRole('region', { name: 'A one-off shift' });
  await form.getByText(`Times are Grandma's local time (${zone})`).waitFor();

  // No day: said next to the field, and summed up at the top.
  await form.getByLabel('Date').fill('');
  await form.getByRole('button', { name: 'Add shift' }).click();
  await form.getByRole('alert').filter({ hasText: 'The shift was not added' }).waitFor();
  await form.getByText('Choose the day of the shift.').waitFor();
  assert.equal(await form.getByLabel('Date').getAttribute('aria-invalid'), 'true');

  // Today 00:00–00:30 on Grandma's clock has passed: the API refuses, the form says why, in its words.
  await form.getByLabel('Date').fill(dateIn(now, zone));
  await form.getByLabel('Starts at').fill('00:00');
  await form.getByLabel('Ends at').fill('00:30');
  const refused = alice.waitForResponse(isCall('POST', /\/shifts$/));
  await form.getByRole('button', { name: 'Add shift' }).click();
  assert.equal((await refused).status(), 400);
  await form.getByText('This start time has passed: a shift can only be added ahead.').waitFor();
  await assertNoSeriousA11yViolations(alice, 'one-off shift form showing errors');
  await assertFitsWidth(alice, PHONE.width, 'one-off shift form');
  await screenshot(alice, 'one-off-shift-errors-390');

  // Tomorrow 10:00–14:00 for Ben, with a task.
  const tomorrow = dateIn(now + DAY_MS, zone);
  await form.getByLabel('Date').fill(tomorrow);
  await form.getByLabel('Starts at').fill('10:00');
  await form.getByLabel('Ends at').fill('14:00');
  await form.getByLabel('Who is on it').selectOption({ label: 'Ben' });
  await form.getByLabel('Tasks (one per line, optional)').fill('Lunch\nShort walk');
  await form.getByLabel('Notes (optional)').fill('Key under the blue pot');
  const created = alice.waitForResponse(isCall('POST', /\/shifts$/));
  await form.getByRole('button', { name: 'Add shift' }).click();
  const answer = await created;
  assert.equal(answer.status(), 201);
  const shift = ((await answer.json()) as { shift: { id: string; startLocal: string; assignee: { displayName: string } } }).shift;
  assert.deepEqual([shift.startLocal, shift.assignee.displayName], [`${tomorrow}T10:00`, 'Ben']);
  await alice.getByRole('status').filter({ hasText: 'Shift added:' }).waitFor();
  // Closed, with the focus back on the button that opened it.
  assert.equal(await alice.evaluate(() => document.activeElement?.textContent?.trim()), 'Add a one-off shift');

  // In the week view (the next week when tomorrow is a Monday there), without a reload.
  const nextWeek = weekdayIn(now + DAY_MS, zone) === 'Mon';
  if (nextWeek) await alice.getByRole('button', { name: 'Next week' }).click();
  const card = (page: typeof alice) => page.locator(`li[data-shift-id="${shift.id}"]`);
  await card(alice).filter({ hasText: 'Ben' }).waitFor();
  await assertNoSeriousA11yViolations(alice, 'Shifts tab after adding a one-off shift');
  await screenshot(alice, 'one-off-shift-added-390');

  // Ben sees it on his Shifts tab; the form is for admins only.
  await ben.goto(`/families/${familyId}/shifts`);
  await ben.getByRole('heading', { name: /^Week of / }).waitFor();
  if (nextWeek) await ben.getByRole('button', { name: 'Next week' }).click();
  await card(ben).filter({ hasText: 'Ben' }).waitFor();
  assert.equal(await ben.getByRole('button', { name: 'Add a one-off shift' }).count(), 0);

  // Alice on a French browser: the form speaks French, and says whose clock the times are on.
  const french = await newPage(undefined, 'fr-FR');
  await french.context().addCookies(await alice.context().cookies());
  await french.goto(`/families/${familyId}/shifts`);
  await french.getByRole('button', { name: 'Ajouter une garde ponctuelle' }).click();
  const formFr = french.getByRole('region', { name: 'Une garde ponctuelle' });
  await formFr.getByText(`Les heures sont celles de Grandma (${zone})`).waitFor();
  await formFr.getByLabel('Date').fill('');
  await formFr.getByRole('button', { name: 'Ajouter la garde' }).click();
  await formFr.getByText('Choisissez le jour de la garde.').waitFor();
});
