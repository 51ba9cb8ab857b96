import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { assertFitsWidth, assertNoSeriousA11yViolations } from './axe';
import { familyByApi, isCall, outboxLink, screenshot, signUpByApi, unique, useBrowserApp } from './browser';

/**
 * A French browser gets CareCircle in French from the first page on, dates included; the
 * language switch before login turns it to English and back, and the choice outlives a
 * reload. Every French page is checked with axe and must fit a 390 px phone.
 * Run: `npm test -- test/e2e/french`.
 */

const PHONE = { width: 390, height: 844 };
const { newPage } = useBrowserApp({ viewport: PHONE, timezoneId: 'Europe/Paris' });

/** "30 nov. 2026, 14:05": a French medium date and a 24-hour time. */
const FRENCH_DATE_TIME = /\d{1,2} (janv\.|févr\.|mars|avr\.|mai|juin|juil\.|août|sept\.|oct\.|nov\.|déc\.) \d{4}( à|,) \d{2}:\d{2}/;

async function checkPage(page: Page, where: string) {

  await assertNoSeriousA11yViolations(page, where);
  await assertFitsWidth(page, PHONE.width, where);
  await screenshot(page, `fr-${where}`);
}

/** The phone folds the less used sections under "Plus". */
async function openSection(page: Page, name: string) {
  const nav = page.getByRole('navigation', { name: 'Sections de la famille' });
  const link = nav.getByRole('link', { name, exact: true });
  if (!(await link.isVisible())) await nav.getByRole('button', { name: 'Plus' }).click();
  await link.click();
}

test('a French browser signs up, runs a family and reads dates in French, on a phone, with no serious axe violation', { timeout: 240_000 }, async () => {
  const run = unique();
  const page = await newPage(PHONE, 'fr-FR');

  // The landing address sends a visitor to log in: in French, and the document says so.
  await page.goto('/');
  await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr');
  assert.equal(await page.title(), 'Connexion · CareCircle');
  await checkPage(page, 'login');

  await page.getByRole('link', { name: 'Créer un compte' }).first().click();
  await page.getByRole('heading', { level: 1, name: 'Créer votre compte' }).waitFor();
  await checkPage(page, 'signup');
  // The API checks the fields and answers in English; the page says it in French.
  await page.getByLabel('E-mail', { exact: true }).fill('claire');
  await page.getByLabel('Mot de passe', { exact: true }).fill('court');
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await page.getByText('Utilisez au moins 8 caractères.').waitFor();
  await page.getByText('Saisissez une adresse e-mail, par exemple nom@exemple.fr.').waitFor();
  await page.getByLabel('E-mail', { exact: true }).fill(`claire-${run}@example.com`);
  await page.getByLabel('Mot de passe', { exact: true }).fill('une phrase assez longue');

  await page.getByLabel('Votre nom').fill('Claire');
  const signedUp = page.waitForResponse(isCall('POST', /^\/api\/auth\/signup$/));
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  assert.equal((await signedUp).status(), 201);
  await page.getByText(`Nous avons envoyé un lien à claire-${run}@example.com`).waitFor();

  // Confirming the address through its page, as the email's reader would.
  const link = new URL(await outboxLink(page, '/verify-email?token='));
  await page.goto(`${link.pathname}${link.search}`);

  await page.getByText('Votre adresse e-mail est confirmée.', { exact: false }).waitFor();
  await checkPage(page, 'verify-email');

  await page.getByRole('link', { name: 'Aller à vos familles' }).click();
  await page.getByRole('heading', { level: 1, name: 'Vos familles' }).waitFor();
  await page.getByText('Vous ne faites encore partie d’aucune famille.', { exact: false }).waitFor();
  await checkPage(page, 'families');

  await page.getByLabel('Nom de la famille').fill(`Les Martin ${run}`);
  await page.getByRole('button', { name: 'Créer la famille' }).click();
  await page.getByRole('heading', { level: 2, name: 'Proches aidés' }).waitFor();
  const nav = page.getByRole('navigation', { name: 'Sections de la famille' });
  for (const name of ['Aujourd’hui', 'Médicaments', 'Rendez-vous', 'Alertes']) await nav.getByRole('link', { name, exact: true }).waitFor();
  assert.equal(await page.title(), 'Famille · CareCircle');
  await page.getByRole('status').filter({ hasText: /^Mises à jour en direct$/ }).waitFor();


  // A care recipient: the local time is written the French way ("lun. 14:05").
  await page.getByLabel('Nom', { exact: true }).fill('Mamie');
  await page.getByRole('button', { name: 'Ajouter le proche aidé' }).click();
  const recipients = page.getByRole('list', { name: 'Proches aidés' });
  await recipients.getByText(/heure locale (lun|mar|mer|jeu|ven|sam|dim)\. \d{2}:\d{2}/).waitFor();
  await checkPage(page, 'recipients');

  // An invitation: its expiry is a French date.
  await openSection(page, 'Invitations');
  await page.getByRole('heading', { level: 2, name: 'Inviter quelqu’un' }).waitFor();
  await page.getByLabel('E-mail', { exact: true }).fill(`paul-${run}@example.com`);
  await page.getByLabel('Rôle').selectOption({ label: 'Aidant' });
  await page.getByRole('button', { name: 'Envoyer l’invitation' }).click();
  await page.getByText(`Invitation envoyée à paul-${run}@example.com.`).waitFor();
  const pending = page.getByRole('list', { name: 'Invitations en attente' });
  const expiry = await pending.getByText(/Aidant · expire le/).innerText();
  assert.match(expiry, FRENCH_DATE_TIME, `a French date: ${expiry}`);
  await checkPage(page, 'invitations');

  await openSection(page, 'Membres');
  await page.getByRole('list', { name: 'Membres' }).getByText('vous', { exact: true }).waitFor();
  await checkPage(page, 'members');

  await openSection(page, 'Historique');
  await page.getByRole('list', { name: 'Historique de la famille' }).getByText('Vous avez rejoint la famille (rôle : administrateur)').waitFor();

  const when = await page.getByRole('list', { name: 'Historique de la famille' }).locator('time').first().innerText();
  assert.match(when, FRENCH_DATE_TIME, `a French date: ${when}`);
  await page.getByLabel('Quoi').selectOption({ label: 'Membres' });
  await checkPage(page, 'timeline');

  await openSection(page, 'Journal d’accès');
  const log = page.getByRole('table', { name: 'Journal d’accès' });
  await log.getByText('Vous avez consulté l’historique dans l’application').first().waitFor();
  await checkPage(page, 'audit');

  await openSection(page, 'Réglages');
  await page.getByRole('button', { name: 'Supprimer la famille' }).click();
  await page.getByRole('group', { name: 'Supprimer cette famille pour tout le monde ?' }).getByRole('button', { name: 'Annuler' }).waitFor();
  await checkPage(page, 'settings');
});

test('the language switch before login turns the pages to English and back, and the choice survives a reload', { timeout: 120_000 }, async () => {
  const run = unique();
  const page = await newPage(PHONE, 'fr-FR');
  const email = `lea-${run}@example.com`;
  assert.equal((await page.request.post('/api/auth/signup', { data: { email, password: 'une phrase assez longue', displayName: 'Léa', timeZone: 'Europe/Paris' } })).status(), 201);
  assert.equal((await page.request.post('/api/auth/logout')).status(), 204);

  await page.goto('/login');
  await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
  const switcher = page.getByRole('group', { name: 'Langue' });
  await switcher.getByRole('button', { name: 'English' }).click();
  await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();
  assert.equal(await page.title(), 'Log in · CareCircle');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Log in' }).waitFor();

  // The choice holds for the whole app, not just this page.
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill('une phrase assez longue');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Your families' }).waitFor();
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByText('You are logged out.').waitFor();

  await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Français' }).click();
  await page.getByText('Vous êtes déconnecté.').waitFor();
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
  await checkPage(page, 'login-after-switch');
  await page.getByLabel('E-mail', { exact: true }).fill(email);
  await page.getByLabel('Mot de passe', { exact: true }).fill('une phrase assez longue');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { level: 1, name: 'Vos familles' }).waitFor();
});

test('desktop: a French family page shows every section as a French tab, with no serious axe violation', { timeout: 120_000 }, async () => {
  const page = await newPage({ width: 1280, height: 900 }, 'fr-FR');
  await signUpByApi(page, { email: `hugo-${unique()}@example.com`, name: 'Hugo' });
  const familyId = await familyByApi(page, 'Famille Bernard');
  await page.goto(`/families/${familyId}/members`);
  await page.getByRole('heading', { level: 2, name: 'Membres' }).waitFor();
  const nav = page.getByRole('navigation', { name: 'Sections de la famille' });
  for (const name of ['Aujourd’hui', 'Médicaments', 'Rendez-vous', 'Alertes', 'Historique', 'Gardes', 'Proches aidés', 'Membres', 'Invitations', 'Journal d’accès', 'Réglages']) {
    assert.ok(await nav.getByRole('link', { name, exact: true }).isVisible(), `${name} is a visible tab`);
  }
  assert.equal(await page.getByLabel('Rôle de Hugo').locator('option:checked').innerText(), 'Administrateur');

  await assertNoSeriousA11yViolations(page, 'desktop members');
  await screenshot(page, 'fr-desktop-members');
});
