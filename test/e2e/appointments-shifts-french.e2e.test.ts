import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { accessible, PHONE, pictures, wallClock } from './appointments-support';
import { familyByApi, isCall, signUpByApi, unique, useBrowserApp } from './browser';

/**
 * The Appointments and Shifts tabs and their editors in French, on a phone: a browser that
 * prefers fr-FR gets French words (a monthly "le deuxième mardi" rule, "Pas encore de
 * conducteur", "Gardes", "Roulements"), French dates and 24-hour times. Each page passes
 * axe-core (no serious or critical violation) and is no wider than 390 px.
 * Run: `npm test -- appointments-shifts-french`. Set E2E_SCREENSHOTS=<dir> to keep pictures.
 */

const { newPage } = useBrowserApp({ viewport: PHONE, timezoneId: 'Europe/Paris' });
const ZONE = 'Europe/Paris';
const DAY_MS = 86_400_000;
const ORDINALS = ['premier', 'deuxième', 'troisième', 'quatrième', 'dernier'];
const frenchWeekday = (date: string) => new Intl.DateTimeFormat('fr-FR', { weekday: 'long', timeZone: 'UTC' }).format(new Date(`${date}T12:00:00Z`));

async function frenchAppointments(page: Page, familyId: string, title: string) {
  // Ten days ahead: inside the four-week agenda, before any reminder is due.
  const start = wallClock(Date.now() + 10 * DAY_MS, ZONE);
  await page.goto(`/families/${familyId}/appointments`);
  await page.getByRole('heading', { name: 'Rendez-vous', exact: true }).waitFor();
  await page.getByRole('link', { name: 'Ajouter un rendez-vous' }).click();
  await page.getByRole('heading', { name: 'Ajouter un rendez-vous' }).waitFor();
  await page.getByLabel('Quoi', { exact: true }).fill(title);
  await page.getByLabel('Date', { exact: true }).fill(start.date);
  await page.getByLabel(/^Heure \(heure de Paris\)$/).fill('14:30');
  await page.getByLabel('Fréquence').selectOption('MONTHLY');
  await page.getByLabel('Un jour de la semaine, par exemple le 2e mardi').check();
  const which = ORDINALS[Math.min(Math.ceil(Number(start.date.slice(8, 10)) / 7), 5) - 1]!;
  const ordinal = page.getByLabel('Lequel');
  assert.equal((await ordinal.locator('option:checked').innerText()).trim(), `Le ${which}`, 'the start date’s "which one" in French');
  await page.getByLabel('A besoin de quelqu’un pour conduire ou l’accompagner').check();
  const preview = page.getByRole('list', { name: 'Prochains rendez-vous' });
  // The preview is re-read 400 ms after each change: on a loaded machine it can still show an
  // earlier draft (10:00, before the time was typed), so wait for the one with this time.
  await preview.getByText(/Rappel 7 jours avant : .+ à 14:30/).first().waitFor();
  const visitLine = (await preview.locator(':scope > li').first().innerText()).split('\n')[0]!;
  assert.match(visitLine, /à 14:30$/, 'a 24-hour time in the preview');
  await accessible(page, 'the French appointment editor');
  await pictures(page, 'fr-1-appointment-editor');
  const saved = page.waitForResponse(isCall('POST', /\/appointments$/));
  await page.getByRole('button', { name: 'Enregistrer le rendez-vous' }).click();
  assert.equal((await saved).status(), 201);
  await page.waitForURL(`**/families/${familyId}/appointments`);

  // The agenda: the day's heading in French words, the card's zone, its empty seat.
  await page.getByText(`${title} ajouté : ses rappels sont programmés.`).waitFor();
  const card = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: title }) }).first();
  await card.getByText('Pas encore de conducteur').first().waitFor();
  const cardText = await card.innerText();
  assert.match(cardText, /14:30–15:30\s+heure de Paris/);
  assert.match(cardText, /Pour Mamie/);
  assert.match(cardText, /Inscriptions aux trajets à partir du/);
  await page.getByRole('heading', { name: new RegExp(frenchWeekday(start.date)) }).first().waitFor();
  await accessible(page, 'the French agenda');
  await pictures(page, 'fr-2-agenda');

  await page.getByRole('button', { name: 'Semaine', exact: true }).click();
  await page.getByRole('button', { name: 'Semaine suivante' }).waitFor();
  await page.getByText('Aucun rendez-vous', { exact: true }).first().waitFor();
  await accessible(page, 'the French week view');
  await page.getByRole('button', { name: 'Liste', exact: true }).click();

  // One visit: the rule in French words, who drives, the check-ins and the summary.
  await card.getByRole('link', { name: title }).click();
  await page.getByRole('heading', { name: 'Qui conduit' }).waitFor();
  const rule = page.getByText(/^Tous les mois le /);
  await rule.waitFor();
  assert.match(await rule.innerText(), new RegExp(`^Tous les mois le ${which} ${frenchWeekday(start.date)} · rappels 7 jours, 1 jour, 2 heures avant$`));
  await page.getByRole('heading', { name: 'Compte rendu' }).waitFor();
  await page.getByText('Aucun point d’étape pour l’instant.').waitFor();
  // Ten days ahead its workflow has not opened: the refusal comes with a code, said in French.
  const refused = page.waitForResponse(isCall('POST', /\/check-ins$/));
  await page.getByRole('group', { name: 'Signaler une étape' }).getByRole('button', { name: 'Terminé', exact: true }).click();
  assert.equal((await refused).status(), 409);
  await page.getByRole('alert').filter({ hasText: /^Ce rendez-vous n’est pas encore ouvert\u00a0: / }).waitFor();
  await page.getByRole('button', { name: 'Annuler ce rendez-vous' }).waitFor();
  await accessible(page, 'the French visit page');
  await pictures(page, 'fr-3-visit');

  await page.getByRole('link', { name: 'Modifier ou déplacer' }).click();
  await page.getByRole('group', { name: 'Quels rendez-vous modifier' }).waitFor();
  await page.getByRole('button', { name: 'Enregistrer les modifications' }).waitFor();
  await accessible(page, 'the French change page');
}

async function frenchShifts(page: Page, familyId: string, recipientId: string) {
  const today = wallClock(Date.now(), ZONE).date;
  await page.goto(`/families/${familyId}/shifts/rotations/new?recipient=${recipientId}`);
  await page.getByRole('heading', { name: 'Nouveau roulement' }).waitFor();
  await page.getByLabel('Premier jour').fill(today);
  const slot = page.getByRole('group', { name: 'Garde 1' });
  const days = await slot.getByLabel('Jour').locator('option').allInnerTexts();
  assert.deepEqual(days, ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'], 'weekday names from Intl in French');
  await slot.getByLabel('Jour').selectOption('wed');
  await slot.getByLabel('Début').fill('21:00');
  await slot.getByLabel('Fin').fill('07:30');
  await slot.getByLabel('Qui').selectOption({ label: 'Alice' });
  const made = page.getByRole('list', { name: 'Gardes créées par ce roulement' });
  await made.getByText(/^mer\. .+ à 21:00 · 10,5 h · Alice$/).first().waitFor();
  await page.getByRole('list', { name: 'Heures par personne et par semaine' }).getByText(/^Semaine du \d+ \p{L}+\.? : Alice 10,5 h$/u).first().waitFor();
  await accessible(page, 'the French rotation editor');
  await pictures(page, 'fr-4-rotation-editor');
  const saved = page.waitForResponse(isCall('POST', /\/rotations$/));
  await page.getByRole('button', { name: 'Enregistrer le roulement' }).click();
  assert.equal((await saved).status(), 201);
  await page.waitForURL(`**/families/${familyId}/shifts`);

  await page.getByRole('heading', { name: 'Gardes', exact: true }).waitFor();
  await page.getByText(`1 garde chaque semaine, à partir du ${new Intl.DateTimeFormat('fr-FR', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${today}T12:00:00Z`))}`).waitFor();
  await page.getByRole('heading', { name: 'Présence' }).waitFor();
  await page.getByRole('button', { name: 'Semaine suivante' }).click();
  await page.getByRole('heading', { name: /^Semaine du lundi \d+ \p{L}+$/u }).waitFor();
  // Wednesday next week: the rotation's workflow has made it; it runs past midnight.
  const shift = page.locator('li.shift').first();
  await shift.waitFor({ timeout: 60_000 });
  assert.match(await shift.innerText(), /mer\. \d+ \p{L}+\.?, 21:00–07:30 \(le lendemain\)\s*heure de Paris · 10,5 h/u);
  assert.match(await shift.innerText(), /Prévue/);
  await accessible(page, 'the French Shifts tab');
  await pictures(page, 'fr-5-shifts');
}

test('Appointments and Shifts in French on a phone: editors, agenda, visit, rotation and week', { timeout: 300_000 }, async () => {
  const page = await newPage(PHONE, 'fr-FR');
  await signUpByApi(page, { email: `alice-${unique()}@example.test`, name: 'Alice' });
  const familyId = await familyByApi(page, 'Famille Martin');
  const res = await page.request.post(`/api/families/${familyId}/recipients`, { data: { displayName: 'Mamie', timeZone: ZONE } });
  assert.equal(res.status(), 201);
  const recipientId = ((await res.json()) as { recipient: { id: string } }).recipient.id;

  await frenchAppointments(page, familyId, `Cardiologie ${unique()}`);
  await frenchShifts(page, familyId, recipientId);
});
