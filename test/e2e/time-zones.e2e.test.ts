import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { assertFitsWidth, assertNoSeriousA11yViolations } from './axe';
import { familyByApi, isCall, openSection, screenshot, signUpByApi, unique, useBrowserApp } from './browser';

/**
 * Whose time is it (issue 13, item 8), on a phone and a desktop: a zone is picked as a place
 * found by typing a city or a country, with no renamed IANA names on offer; a dose says it is
 * on the recipient's clock, and "your time" follows the zone in the profile, not the browser's.
 * Run: `npm test -- test/e2e/time-zones`. Set E2E_SCREENSHOTS=<dir> to keep pictures.
 */

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
// The browser says Paris; the profile will say New York; the recipient lives in Tokyo.
const { newPage } = useBrowserApp({ viewport: PHONE, timezoneId: 'Europe/Paris' });

const clock = (zone: string, at: number) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
const dateIn = (zone: string, at: number) => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(at);

/**
 * A dose time still ahead on the zone's today (Today lists only today's doses): 40 minutes
 * ahead, or less near the zone's midnight; in its last 3 minutes, wait for the new day.
 */
async function dueLaterTodayIn(zone: string): Promise<number> {
  const now = Date.now();
  const ahead = [40, 10, 3].map((m) => now + m * 60_000).find((at) => dateIn(zone, at) === dateIn(zone, now));
  if (ahead !== undefined) return ahead;
  while (dateIn(zone, Date.now()) === dateIn(zone, now)) await new Promise((r) => setTimeout(r, 1_000));
  return Date.now() + 40 * 60_000;
}

async function checkPage(page: Page, name: string, width: number) {
  await screenshot(page, name);
  await assertNoSeriousA11yViolations(page, name);
  if (width === PHONE.width) await assertFitsWidth(page, PHONE.width, name);
}

for (const [size, viewport] of [
  ['phone', PHONE],
  ['desktop', DESKTOP],
] as const) {
  test(`${size}: a recipient's zone is found as a place; a dose is labelled with whose time it is, "your time" from the profile`, { timeout: 360_000 }, async () => {
    const run = unique();
    const page = await newPage(viewport);
    const userId = await signUpByApi(page, { email: `tess-${run}@example.com`, name: 'Tess' });
    assert.equal((await page.request.patch('/api/me', { data: { timeZone: 'America/New_York' } })).status(), 200);
    const familyId = await familyByApi(page, `The Pines ${run}`);

    // 1. The zone list is places, searchable; renamed names are not offered.
    await page.goto(`/families/${familyId}/today`);
    await page.getByRole('heading', { name: 'Today', level: 2 }).waitFor();
    await openSection(page, 'Care recipients');
    const zoneSelect = page.getByLabel('Their time zone');
    await zoneSelect.waitFor();
    const values = await zoneSelect.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    assert.ok(values.includes('Asia/Kolkata') && values.includes('Europe/Kyiv'));
    for (const old of ['Asia/Calcutta', 'Europe/Kiev', 'US/Eastern', 'Asia/Saigon']) assert.ok(!values.includes(old), `${old} is not offered`);
    await page.getByLabel('Name', { exact: true }).fill('Grandpa Ken');
    await page.getByLabel('Find a city or country').fill('japan');
    await page.getByText('1 place matches').waitFor();
    assert.equal(await zoneSelect.locator('option', { hasText: 'Tokyo, Japan' }).count(), 1);
    await zoneSelect.selectOption({ label: 'Tokyo, Japan' });
    await checkPage(page, `z1-${size}-zone-search`, viewport.width);
    const added = page.waitForResponse(isCall('POST', /\/recipients$/));
    await page.getByRole('button', { name: 'Add care recipient' }).click();
    const response = await added;
    assert.equal(response.status(), 201);
    const recipient = ((await response.json()) as { recipient: { id: string; timeZone: string } }).recipient;
    assert.equal(recipient.timeZone, 'Asia/Tokyo');

    // 2. A dose on Ken's clock, and the same instant on Tess's (her profile's New York, not the browser's Paris).
    const due = await dueLaterTodayIn('Asia/Tokyo');
    const created = await page.request.post(`/api/families/${familyId}/medications`, {
      data: {
        medicationName: 'Amlodipine',
        dose: '5 mg',
        careRecipientId: recipient.id,
        assignedCaregiverId: userId,
        timeZone: 'Asia/Tokyo',
        timesOfDay: [clock('Asia/Tokyo', due)],
        pattern: { kind: 'daily' },
        startDate: dateIn('Asia/Tokyo', due),
      },
    });
    assert.equal(created.status(), 201, await created.text());
    await openSection(page, 'Today');
    const row = page.getByRole('list', { name: 'Doses for Grandpa Ken' }).getByRole('listitem').filter({ hasText: 'Amlodipine' });
    await row.getByText(`${clock('Asia/Tokyo', due)}`).first().waitFor({ timeout: 60_000 });
    await row.getByText(`Tokyo time · ${clock('America/New_York', due)} your time`).waitFor();
    assert.equal(await row.getByText(`${clock('Europe/Paris', due)} your time`).count(), clock('Europe/Paris', due) === clock('America/New_York', due) ? 1 : 0);
    await checkPage(page, `z2-${size}-today-whose-time`, viewport.width);
  });
}
