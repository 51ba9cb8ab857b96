import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { familyByApi, signUpByApi, zoneAwayFromMidnight } from './browser';

/** Shared by the offline e2e files. */

const clock = (zone: string, at: number) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
const dateIn = (zone: string, at: number) => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(at);

/** A family with one dose due in 40 minutes on the recipient's clock (early enough to be answered now). */
export async function familyWithDose(page: Page, run: string) {
  const userId = await signUpByApi(page, { email: `olga-${run}@example.com`, name: 'Olga' });
  const familyId = await familyByApi(page, `The Willows ${run}`);
  const zone = zoneAwayFromMidnight(Date.now(), ['Europe/Paris', 'America/New_York', 'Asia/Tokyo']);
  const r = await page.request.post(`/api/families/${familyId}/recipients`, { data: { displayName: 'Opa Karl', timeZone: zone } });
  const careRecipientId = ((await r.json()) as { recipient: { id: string } }).recipient.id;
  const created = await page.request.post(`/api/families/${familyId}/medications`, {
    data: {
      medicationName: 'Bisoprolol',
      dose: '2.5 mg',
      careRecipientId,
      assignedCaregiverId: userId,
      timeZone: zone,
      timesOfDay: [clock(zone, Date.now() + 40 * 60_000)],
      pattern: { kind: 'daily' },
      startDate: dateIn(zone, Date.now()),
    },
  });
  assert.equal(created.status(), 201, await created.text());
  const scheduleId = ((await created.json()) as { medication: { id: string } }).medication.id;
  return { familyId, scheduleId };
}

/** Waits until the service worker controls the page, then reloads so its reads are saved for offline. */
export async function loadUnderWorker(page: Page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
  });
  await page.reload();
}
