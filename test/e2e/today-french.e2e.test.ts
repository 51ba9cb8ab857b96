import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertFitsWidth, assertNoSeriousA11yViolations } from './axe';
import { familyByApi, isCall, screenshot, signUpByApi, unique, useBrowserApp, zoneAwayFromMidnight } from './browser';

/**
 * Today and adherence in French (issue 13, item 12) on a phone, for a browser set to fr-FR:
 * a dose's state, "Donnée" then "Annuler", "Donnée finalement" at a time on the recipient's
 * clock, and the adherence sentence with French plurals and French dates.
 * Run: `npm test -- test/e2e/today-french`. Set E2E_SCREENSHOTS=<dir> to keep pictures.
 */

const PHONE = { width: 390, height: 844 };
const { newPage } = useBrowserApp({ viewport: PHONE, timezoneId: 'Europe/Paris' });

const clock = (zone: string, at: number) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
const dateIn = (zone: string, at: number) => new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(at);

test('phone, French: a dose is given, undone, given after all, and the adherence summary reads in French', { timeout: 240_000 }, async () => {
  const run = unique();
  const page = await newPage(PHONE, 'fr-FR');
  const userId = await signUpByApi(page, { email: `ines-${run}@example.com`, name: 'Inès' });
  const familyId = await familyByApi(page, `Les Tilleuls ${run}`);
  const zone = zoneAwayFromMidnight(Date.now(), ['Europe/Paris', 'America/New_York', 'Asia/Tokyo']);
  const city = zone.split('/').pop()!.replaceAll('_', ' ');
  const r = await page.request.post(`/api/families/${familyId}/recipients`, { data: { displayName: 'Mamie Jo', timeZone: zone } });
  const careRecipientId = ((await r.json()) as { recipient: { id: string } }).recipient.id;
  // Due in 40 minutes on her clock: within the time a dose may be marked a little early.
  const time = clock(zone, Date.now() + 40 * 60_000);
  const created = await page.request.post(`/api/families/${familyId}/medications`, {
    data: { medicationName: 'Warfarine', dose: '3 mg', careRecipientId, assignedCaregiverId: userId, timeZone: zone, timesOfDay: [time], pattern: { kind: 'daily' }, startDate: dateIn(zone, Date.now()) },
  });
  assert.equal(created.status(), 201, await created.text());

  // 1. Today in French: the dose, its state and whose clock its time is on.
  await page.goto(`/families/${familyId}/today`);
  await page.getByRole('heading', { name: 'Aujourd’hui', level: 2 }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr');
  const row = page.getByRole('list', { name: 'Doses de Mamie Jo' }).getByRole('listitem').filter({ hasText: 'Warfarine' });
  await row.locator('.tag').filter({ hasText: /^À venir$/ }).waitFor({ timeout: 60_000 });
  await row.getByText(`heure de ${city}`).first().waitFor();
  await row.getByText('Déjà donnée, un peu en avance ? La marquer maintenant évite l’envoi du rappel.').waitFor();
  await assertNoSeriousA11yViolations(page, 'today in French, before');
  await assertFitsWidth(page, PHONE.width, 'today in French');

  // 2. Given. Playwright folds no-break spaces into plain ones in accessible names (not in a
  // getByText regex), so role names below read " :" and text regexes read the catalog's " :".
  await row.getByRole('button', { name: new RegExp(`^Donnée : la dose de ${time} de Warfarine$`) }).click();
  await row.locator('.tag').filter({ hasText: /^Donnée$/ }).waitFor();
  await row.getByText(/^Donnée par vous .*à \d{2}:\d{2}$/).waitFor({ timeout: 60_000 });
  await screenshot(page, 'fr1-today-given');

  // 3. Undone: the record says it was not given, and why.
  const undone = page.waitForResponse(isCall('POST', /\/correction$/));
  await row.getByRole('button', { name: /^Annuler : la dose de .* de Warfarine n’a pas été donnée$/ }).click();
  assert.equal((await undone).status(), 200);
  await row.locator('.tag').filter({ hasText: /^Non donnée$/ }).waitFor();
  await row.getByText('Raison : Marquée donnée par erreur (annulé)').waitFor();

  // 4. Given after all, at a time on her clock.
  await row.getByRole('button', { name: /^Donnée finalement…/ }).click();
  await row.getByLabel(`Donnée à (heure de ${city})`).waitFor();
  const corrected = page.waitForResponse(isCall('POST', /\/correction$/));
  await row.getByRole('button', { name: 'Enregistrer' }).click();
  assert.equal((await corrected).status(), 200);
  await row.locator('.tag').filter({ hasText: /^Donnée( en retard)?$/ }).waitFor();
  await row.getByText('Corrigé par vous (avant : « Non donnée »)').waitFor();
  await screenshot(page, 'fr2-today-corrected');
  await assertNoSeriousA11yViolations(page, 'today in French, after');
  await assertFitsWidth(page, PHONE.width, 'today in French, after');

  // 5. Adherence in French: one dose given (singular), a French date in the day table.
  await page.goto(`/families/${familyId}/medications`);
  const section = page.getByRole('region', { name: 'Suivi des doses, 30 derniers jours' });
  await section.getByText(/Cette semaine :\s*1 sur 1 donnée(, 1 en retard)?\./).waitFor({ timeout: 60_000 });
  await section.getByRole('img', { name: /1 dose : 1 (à l’heure|en retard)\./ }).waitFor();
  const item = section.getByRole('list', { name: 'Suivi par médicament' }).getByRole('listitem');
  // Her name comes from the family's list of recipients, which may arrive after the counts ("—" until then).
  await item.getByText('Mamie Jo').waitFor();
  assert.match((await item.innerText()).trim(), /^Warfarine pour Mamie Jo : 1 sur 1 donnée(, 1 en retard)?$/);
  await section.getByText('Les jours avec des doses, un par un').click();
  const [y, m, d] = dateIn(zone, Date.now()).split('-').map(Number);
  const frenchDay = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(Date.UTC(y!, m! - 1, d!));
  await section.getByRole('rowheader', { name: frenchDay }).waitFor();
  for (const heading of ['Jour', 'À l’heure', 'En retard', 'Non donnée', 'Manquée']) await section.getByRole('columnheader', { name: heading }).waitFor();
  // The French headings fit the phone without the table scrolling sideways in its box.
  const table = section.locator('.table-scroll');
  assert.ok(await table.evaluate((box) => box.scrollWidth <= box.clientWidth), 'the day table fits a 390-px phone in French');
  await screenshot(page, 'fr3-adherence');
  await assertNoSeriousA11yViolations(page, 'adherence in French');
  await assertFitsWidth(page, PHONE.width, 'adherence in French');
});
