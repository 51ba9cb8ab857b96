import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { assertFitsWidth, assertNoSeriousA11yViolations } from './axe';
import { isCall, screenshot, signUpByApi, unique, useBrowserApp } from './browser';

/**
 * A member who reads French picks it once on her profile: the app speaks French on this
 * device and on any other she logs in to, and what CareCircle texts her is French too,
 * while another member of the same install still gets English.
 */

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const { newPage } = useBrowserApp({ viewport: PHONE, timezoneId: 'Europe/Paris' });

type OutboxEntry = { channel: string; toAddress: string; subject: string | null; body: string };
const outbox = async (page: Page) => ((await (await page.request.get('/api/outbox')).json()) as { messages: OutboxEntry[] }).messages;

async function addPhone(page: Page, phone: string): Promise<string> {
  assert.equal((await page.request.patch('/api/me', { data: { phone } })).status(), 200);
  const sms = (await outbox(page)).find((m) => m.channel === 'sms' && m.toAddress === phone);
  assert.ok(sms, `a code for ${phone} in the outbox`);
  return sms.body;
}

test('Léa picks Français on her profile: the page turns French, stays French after a reload and on another device, and her texts are French; Sam’s stay English', { timeout: 180_000 }, async () => {
  const email = `lea-${unique()}@example.com`;
  const password = 'a long enough password';
  const lea = await newPage();
  await signUpByApi(lea, { email, name: 'Léa', password });

  // 1. Her browser is English, so is the app until she chooses.
  await lea.goto('/profile');
  await lea.getByRole('heading', { name: 'Your profile', level: 1 }).waitFor();
  await lea.getByLabel('Language').selectOption('fr');
  const saved = lea.waitForResponse(isCall('PATCH', /^\/api\/me$/));
  await lea.getByRole('button', { name: 'Save profile' }).click();
  const answer = await saved;
  assert.equal(answer.status(), 200);
  assert.equal(((await answer.json()) as { user: { language: string } }).user.language, 'fr');

  // 2. The page is French at once: headings, labels, the notice, and <html lang>.
  await lea.getByRole('heading', { name: 'Votre profil', level: 1 }).waitFor();
  await lea.getByText('Profil enregistré.').waitFor();
  await lea.getByRole('heading', { name: 'Comment vous joindre' }).waitFor();
  assert.equal(await lea.locator('html').getAttribute('lang'), 'fr');
  assert.equal(await lea.getByRole('button', { name: 'Save profile' }).count(), 0);
  await assertNoSeriousA11yViolations(lea, 'profile in French');
  await assertFitsWidth(lea, PHONE.width, 'profile in French');
  await screenshot(lea, 'lang1-profile-fr-phone');

  // 3. A reload keeps it.
  await lea.reload();
  await lea.getByRole('heading', { name: 'Votre profil', level: 1 }).waitFor();
  assert.equal(await lea.getByLabel('Langue').inputValue(), 'fr');
  // Country names come in French too.
  await lea.getByLabel('Chercher une ville ou un pays').fill('allemagne');
  await lea.getByText('2 lieux correspondent').waitFor();
  assert.equal(await lea.locator('option', { hasText: 'Berlin, Allemagne' }).count(), 1);

  // 4. Another device, an English browser that never chose: logging in brings her language with her.
  const laptop = await newPage(DESKTOP);
  const login = await laptop.request.post('/api/auth/login', { data: { email, password } });
  assert.equal(login.status(), 200);
  await laptop.goto('/profile');
  await laptop.getByRole('heading', { name: 'Votre profil', level: 1 }).waitFor();
  await screenshot(laptop, 'lang2-profile-fr-desktop');

  // 5. What CareCircle texts her is French; Sam, who never chose, gets the same message in English.
  assert.match(await addPhone(lea, '+33655502301'), /^Code CareCircle : \d{6}\. Il expire dans 10 minutes\./);
  const sam = await newPage();
  await signUpByApi(sam, { email: `sam-${unique()}@example.com`, name: 'Sam' });
  assert.match(await addPhone(sam, '+33655502302'), /^CareCircle code: \d{6}\. It expires in 10 minutes\./);
  await sam.goto('/profile');
  await sam.getByRole('heading', { name: 'Your profile', level: 1 }).waitFor();

  // 6. Sam (English) invites her to his family: the invitation email she receives is French.
  const family = await sam.request.post('/api/families', { data: { name: 'Famille Martin' } });
  const familyId = ((await family.json()) as { family: { id: string } }).family.id;
  assert.equal((await sam.request.post(`/api/families/${familyId}/invitations`, { data: { email, role: 'caregiver' } })).status(), 201);
  const invitation = (await outbox(lea)).find((m) => m.channel === 'email' && m.subject?.includes('Famille Martin'));
  assert.equal(invitation?.subject, 'Vous êtes invité à rejoindre Famille Martin sur CareCircle');
});

test('Noé switches the sign-up page to Français on an English browser: his new account keeps French, and its first email is French', { timeout: 120_000 }, async () => {
  const page = await newPage();
  await page.goto('/signup');
  await page.getByRole('button', { name: 'Français' }).click();
  await page.getByLabel('E-mail', { exact: true }).fill(`noe-${unique()}@example.com`);
  await page.getByLabel('Mot de passe', { exact: true }).fill('a long enough password');
  await page.getByLabel('Votre nom').fill('Noé');
  const signedUp = page.waitForResponse(isCall('POST', /^\/api\/auth\/signup$/));
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  const answer = await signedUp;
  assert.equal(answer.status(), 201);
  // The browser's Accept-Language says English: French can only have come from the page.
  assert.equal(((await answer.json()) as { user: { language: string } }).user.language, 'fr');
  const mail = (await outbox(page)).find((m) => m.channel === 'email');
  assert.equal(mail?.subject, 'Confirmez votre adresse e-mail pour CareCircle');
});
