import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertFitsWidth, assertNoSeriousA11yViolations } from './axe';
import { familyByApi, openSection, screenshot, signUpByApi, unique, useBrowserApp, zoneAwayFromMidnight } from './browser';

/**
 * Adherence that reads at a glance (issue 13, item 9), on a phone and a desktop: a sentence
 * first ("This week: 1 of 1 given"), no percentage made from one dose, the day table holds
 * only days with doses, each medication in words, nothing wider than the phone and no stray
 * number under the section.
 * Run: `npm test -- test/e2e/adherence`. Set E2E_SCREENSHOTS=<dir> to keep pictures.
 */

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const { newPage } = useBrowserApp({ viewport: PHONE, timezoneId: 'Europe/Paris' });

const clock = (zone: string, at: number) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
const dateIn = (zone: string, at: number) => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(at);

for (const [size, viewport] of [
  ['phone', PHONE],
  ['desktop', DESKTOP],
] as const) {
  test(`${size}: adherence starts with a sentence, counts one dose as one, and lists only days with doses`, { timeout: 180_000 }, async () => {
    const run = unique();
    const page = await newPage(viewport);
    const userId = await signUpByApi(page, { email: `ada-${run}@example.com`, name: 'Ada' });
    const familyId = await familyByApi(page, `The Oaks ${run}`);
    const zone = zoneAwayFromMidnight(Date.now(), ['Europe/Paris', 'America/New_York', 'Asia/Tokyo']);
    const r = await page.request.post(`/api/families/${familyId}/recipients`, { data: { displayName: 'Nonna Lia', timeZone: zone } });
    const careRecipientId = ((await r.json()) as { recipient: { id: string } }).recipient.id;
    const created = await page.request.post(`/api/families/${familyId}/medications`, {
      data: { medicationName: 'Warfarin', dose: '3 mg', careRecipientId, assignedCaregiverId: userId, timeZone: zone, timesOfDay: [clock(zone, Date.now() + 40 * 60_000)], pattern: { kind: 'daily' }, startDate: dateIn(zone, Date.now()) },
    });
    assert.equal(created.status(), 201, await created.text());

    // Nothing recorded yet: words, not an empty 30-day chart.
    await page.goto(`/families/${familyId}/today`);
    await page.getByRole('heading', { name: 'Today', level: 2 }).waitFor();
    await openSection(page, 'Medications');
    const section = page.getByRole('region', { name: 'Adherence, last 30 days' });
    await section.getByText('The chart shows once doses are marked given or skipped.').waitFor();
    assert.equal(await section.locator('svg.chart__svg').count(), 0);

    // One dose given.
    await openSection(page, 'Today');
    const row = page.getByRole('list', { name: 'Doses for Nonna Lia' }).getByRole('listitem').filter({ hasText: 'Warfarin' });
    await row.getByRole('button', { name: /^Taken/ }).click({ timeout: 60_000 });
    await row.locator('.tag').filter({ hasText: /^Given$/ }).waitFor();
    await openSection(page, 'Medications');
    await section.getByText(/This week:\s*1 of 1 given\./).waitFor({ timeout: 60_000 });
    await section.getByRole('img', { name: /1 dose: 1 on time\./ }).waitFor();
    // The chart's axis runs 0–100%; no words or bar title make a percentage out of one dose.
    const words = await section.evaluate((s) => {
      const copy = s.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('.chart__axis').forEach((a) => a.remove());
      return copy.textContent ?? '';
    });
    assert.doesNotMatch(words, /\d\s*%/, 'no percentage from a single dose');
    const item = section.getByRole('list', { name: 'Adherence per medication' }).getByRole('listitem');
    assert.equal((await item.innerText()).trim(), 'Warfarin for Nonna Lia: 1 of 1 given');
    await section.getByText('The days with doses, one by one').click();
    assert.equal(await section.getByRole('table').getByRole('row').count(), 2, 'a header and the one day with a dose');
    // Nothing after the section's last item: no stray text under it.
    const tail = await section.evaluate((s) => [...s.parentElement!.childNodes].slice([...s.parentElement!.childNodes].indexOf(s) + 1).map((n) => n.textContent?.trim()).filter(Boolean));
    assert.deepEqual(tail, []);
    await screenshot(page, `a1-${size}-adherence`);
    await assertNoSeriousA11yViolations(page, `adherence ${size}`);
    if (size === 'phone') await assertFitsWidth(page, PHONE.width, 'adherence');
  });
}
