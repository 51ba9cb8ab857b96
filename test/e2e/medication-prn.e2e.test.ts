import assert from 'node:assert/strict';
import { test } from 'node:test';
import { familyByApi, isCall, screenshot, signUpByApi, unique, useBrowserApp, zoneAwayFromMidnight } from './browser';

/**
 * An as-needed medication, through the SPA on the real stack: nothing reminds anyone of
 * it, so Carol logs the dose she just gave from the Medications tab. The supply counts
 * down at once and Today lists the dose as taken, by her ("you"), with no answer buttons.
 * Run: `npm test -- test/e2e/medication-prn`.
 */

const { newPage } = useBrowserApp({ viewport: { width: 430, height: 932 }, timezoneId: 'Europe/Paris' });

test('a dose of an as-needed medication is logged from its item: the supply drops and Today shows it taken', { timeout: 120_000 }, async () => {
  const run = unique();
  const a = await newPage();
  const carolId = await signUpByApi(a, { email: `carol-${run}@example.com`, name: 'Carol' });
  const familyId = await familyByApi(a, `The Elms ${run}`);
  // The dose logged now must still be on today's list in Nana's zone.
  const zone = zoneAwayFromMidnight(Date.now(), ['Europe/Paris', 'America/New_York', 'Asia/Tokyo']);
  const recipient = await a.request.post(`/api/families/${familyId}/recipients`, { data: { displayName: 'Nana Sue', timeZone: zone } });
  assert.equal(recipient.status(), 201);
  const careRecipientId = ((await recipient.json()) as { recipient: { id: string } }).recipient.id;

  // 1. Paracetamol, only when needed, with 5 doses on hand.
  const created = await a.request.post(`/api/families/${familyId}/medications`, {
    data: {
      medicationName: 'Paracetamol',
      dose: '1 g',
      careRecipientId,
      assignedCaregiverId: carolId,
      timeZone: zone,
      timesOfDay: [],
      asNeeded: true,
      pattern: { kind: 'daily' },
      startDate: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
      supply: { count: 5, refillThreshold: 1 },
    },
  });
  assert.equal(created.status(), 201, await created.text());

  // 2. On the Medications tab she logs a dose, with a note.
  await a.goto(`/families/${familyId}/medications`);
  const item = a.getByRole('list', { name: 'Medications' }).getByRole('listitem').filter({ hasText: 'Paracetamol' });
  await item.getByText('5 doses left').waitFor();
  await item.getByRole('button', { name: /^Log a dose/ }).click();
  await item.getByLabel('Note (optional)').fill('Headache after lunch');
  const logged = a.waitForResponse(isCall('POST', /\/prn-doses$/));
  await item.getByRole('button', { name: 'Given now' }).click();
  const response = await logged;
  assert.equal(response.status(), 201, await response.text());
  const { dose } = (await response.json()) as { dose: { localTime: string } };
  await item.getByText('4 doses left').waitFor();
  await a.getByText(new RegExp(`^Logged at ${dose.localTime}`)).waitFor();
  assert.equal(await item.getByLabel('Note (optional)').count(), 0, 'the form closes once logged');
  await screenshot(a, 'p1-medications-logged');

  // 3. Today lists it as given, by Carol, with nothing left to answer.
  await a.getByRole('link', { name: 'Today', exact: true }).click();
  const row = a.getByRole('list', { name: 'Doses for Nana Sue' }).getByRole('listitem').filter({ hasText: 'Paracetamol' });
  await row.locator('.tag').filter({ hasText: /^Given$/ }).waitFor();
  await row.getByText(`Given by you in the app at ${dose.localTime}`).waitFor();
  await row.getByText('Note: Headache after lunch').waitFor();
  assert.match(await row.innerText(), new RegExp(dose.localTime));
  assert.equal(await row.getByRole('button', { name: /^(Taken|Skipped|Snooze)/ }).count(), 0, 'a logged dose offers no answers');
  // Only ways to put it right: an undo for a short while, and the time it was given.
  await row.getByRole('button', { name: /^Undo/ }).waitFor();
  await row.getByRole('button', { name: /^Change the time given/ }).waitFor();
  await screenshot(a, 'p2-today-logged');
});
