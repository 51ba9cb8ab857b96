import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { startEscalation } from '../../temporal/escalations';
import { assertFitsWidth, assertNoSeriousA11yViolations } from './axe';
import { familyByApi, isCall, screenshot, signUpByApi, unique, useBrowserApp } from './browser';

/**
 * The alerts of a French-speaking family (issue 13, item 12, with the words of items 2–4):
 * a dose nobody confirmed and an emergency read in plain French on a phone, with the times
 * from the browser's locale and names left as they are. Both people's browsers ask for fr-FR.
 * Run: `npm test -- test/e2e/alerts-french`. Set E2E_SCREENSHOTS=<dir> to keep pictures.
 */

const PHONE = { width: 390, height: 844 };
const { newPage, app } = useBrowserApp({ viewport: PHONE, timezoneId: 'Europe/Paris' });

interface Family {
  a: Page;
  b: Page;
  familyId: string;
  benId: string;
  rosaId: string;
}

/** Alice (admin) and Ben (caregiver) look after Grand-mère Rosa, set up through the API; both browsers in French. */
async function frenchFamily(): Promise<Family> {
  const run = unique();
  const a = await newPage(PHONE, 'fr-FR');
  const b = await newPage(PHONE, 'fr-FR');
  await signUpByApi(a, { email: `alice-${run}@example.com`, name: 'Alice' });
  const benEmail = `ben-${run}@example.com`;
  const benId = await signUpByApi(b, { email: benEmail, name: 'Ben' });
  const familyId = await familyByApi(a, `Les Oliviers ${run}`);
  assert.equal((await a.request.post(`/api/families/${familyId}/invitations`, { data: { email: benEmail, role: 'caregiver' } })).status(), 201);
  const mine = (await (await b.request.get('/api/me/invitations')).json()) as { invitations: { id: string }[] };
  assert.equal(mine.invitations.length, 1, 'Ben sees his invitation');
  assert.equal((await b.request.post(`/api/me/invitations/${mine.invitations[0]!.id}/accept`)).status(), 200);
  const r = await a.request.post(`/api/families/${familyId}/recipients`, { data: { displayName: 'Grand-mère Rosa', timeZone: 'Europe/Paris' } });
  assert.equal(r.status(), 201, await r.text());
  const rosaId = ((await r.json()) as { recipient: { id: string } }).recipient.id;
  return { a, b, familyId, benId, rosaId };
}

const banner = (p: Page) => p.getByRole('region', { name: 'Alertes en cours' }).getByRole('article');
/** Words of the English alerts that must not show through on a French card. */
const ENGLISH = /Contacting|Texting|Emailing|\bnow\b|Raised by|Started|Details|I'm on it|Resolve|Missed|Nobody answered|is on it|Call emergency/;

test('phone, in French: a dose nobody confirmed says who is told now and who next, then "Ben s’en occupe"', { timeout: 180_000 }, async () => {
  const f = await frenchFamily();
  const created = await f.a.request.post(`/api/families/${f.familyId}/medications`, {
    data: {
      medicationName: 'Metformine',
      dose: '500 mg',
      careRecipientId: f.rosaId,
      assignedCaregiverId: f.benId,
      timeZone: 'Europe/Paris',
      timesOfDay: ['08:00'],
      pattern: { kind: 'daily' },
      startDate: '2030-01-01',
    },
  });
  assert.equal(created.status(), 201, await created.text());
  const scheduleId = ((await created.json()) as { medication: { id: string } }).medication.id;
  // Started on the worker as the medication workflow starts it (a real missed dose takes minutes).
  const { client, taskQueue } = app()!;
  await startEscalation(client, taskQueue, {
    escalationId: randomUUID(),
    familyId: f.familyId,
    careRecipientId: f.rosaId,
    kind: 'medication',
    urgency: 'urgent',
    medicationScheduleId: scheduleId,
    doseKey: '2030-01-01T08:00',
  });

  // 1. Ben, assigned, is told first; Alice comes next. Both read it in French, times on a 24-hour clock.
  await Promise.all([f.a.goto(`/families/${f.familyId}/escalations`), f.b.goto(`/families/${f.familyId}/escalations`)]);
  const benCard = banner(f.b).filter({ hasText: 'Metformine 500 mg · dose de 08:00 · Grand-mère Rosa' });
  await benCard.getByText(/^Nous vous prévenons ; puis Alice à \d{2}:\d{2} si vous ne répondez pas$/).waitFor();
  const aliceCard = banner(f.a).filter({ hasText: 'Metformine 500 mg · dose de 08:00' });
  await aliceCard.getByText(/^Nous prévenons Ben ; puis vous à \d{2}:\d{2} si Ben ne répond pas$/).waitFor();
  await f.b.getByRole('heading', { name: 'Alertes', exact: true }).waitFor();
  assert.doesNotMatch(await benCard.innerText(), ENGLISH);
  assert.equal(await f.b.evaluate(() => document.documentElement.lang), 'fr');
  await screenshot(f.b, 'fr1-phone-dose-alert');
  await assertNoSeriousA11yViolations(f.b, 'French dose alert');
  await assertFitsWidth(f.b, PHONE.width, 'French dose alert');

  // 2. One clear action, named for its alert; Ben's answer reaches Alice in the same words.
  await benCard.getByRole('button', { name: /^Je m’en occupe\s?: Metformine 500 mg · dose de 08:00$/ }).click();
  await benCard.getByText('Vous vous en occupez (réponse dans l’application)').waitFor();
  await aliceCard.getByText('Ben s’en occupe (réponse dans l’application)').waitFor();

  // 3. The alert's own page tells its story in French.
  await aliceCard.getByRole('link', { name: /^Détails/ }).click();
  await f.a.waitForURL(/\/escalations\/[0-9a-f-]+$/);
  const timeline = f.a.getByRole('list', { name: 'Ce qui s’est passé' });
  await timeline.getByText('Ben a pris le relais dans l’application').waitFor();
  await f.a.getByRole('heading', { name: 'Chronologie' }).waitFor();
  assert.doesNotMatch(await f.a.locator('article:has(#alert-title)').innerText(), ENGLISH);
  await screenshot(f.a, 'fr2-phone-alert-detail');
  await assertNoSeriousA11yViolations(f.a, 'French alert detail');
  await assertFitsWidth(f.a, PHONE.width, 'French alert detail');
});

test('phone, in French: an emergency asks first, offers to call the emergency number, and says who closed it', { timeout: 180_000 }, async () => {
  const f = await frenchFamily();
  await f.a.goto(`/families/${f.familyId}/escalations`);
  await f.a.getByRole('heading', { name: 'Alertes', exact: true }).waitFor();

  // 1. Alice raises it from the header button: it asks first, in French.
  await f.a.getByRole('button', { name: 'Urgence', exact: true }).click();
  await f.a.getByRole('heading', { name: 'Signaler une urgence ?' }).waitFor();
  await f.a.getByLabel('Que se passe-t-il ? (facultatif)').fill('Rosa est tombée dans le jardin');
  const raised = f.a.waitForResponse(isCall('POST', /\/emergencies$/));
  await f.a.getByRole('button', { name: 'Prévenir tout le monde maintenant' }).click();
  assert.equal((await raised).status(), 201);
  await f.a.getByText('Urgence signalée. Toute la famille est prévenue jusqu’à ce que quelqu’un réponde.').waitFor();

  // 2. Ben sees it, red, with the number to call from France (112) and who raised it.
  await f.b.goto(`/families/${f.familyId}/escalations`);
  const benCard = banner(f.b).filter({ hasText: 'Rosa est tombée dans le jardin' });
  await benCard.waitFor();
  assert.match((await benCard.getAttribute('class')) ?? '', /banner--emergency/);
  const call = benCard.getByRole('link', { name: 'Appeler les secours (112)' });
  assert.equal(await call.getAttribute('href'), 'tel:112');
  await benCard.getByText(/^Signalée par Alice · /).waitFor();
  await benCard.getByText(/^Nous (vous prévenons|vous envoyons|prévenons la famille)/).waitFor();
  assert.doesNotMatch(await benCard.innerText(), ENGLISH);
  await screenshot(f.b, 'fr3-phone-emergency');
  await assertNoSeriousA11yViolations(f.b, 'French emergency');
  await assertFitsWidth(f.b, PHONE.width, 'French emergency');

  // 3. Ben takes it on and closes it with a note; Alice's card says it was Ben.
  await benCard.getByRole('button', { name: /^Je m’en occupe/ }).click();
  await benCard.getByText(/^Vous vous en occupez/).waitFor();
  await benCard.getByRole('button', { name: /^Clore avec une note/ }).click();
  await benCard.getByLabel('Comment cela s’est-il réglé ?').fill('Juste un bleu');
  const resolved = f.b.waitForResponse(isCall('POST', /\/resolve$/));
  await benCard.getByRole('button', { name: 'Clore', exact: true }).click();
  assert.equal((await resolved).status(), 200);
  await banner(f.a).filter({ hasText: 'Rosa est tombée dans le jardin' }).getByText('Réglée par Ben : Juste un bleu').waitFor();
  await screenshot(f.a, 'fr4-phone-emergency-resolved');
  await assertNoSeriousA11yViolations(f.a, 'French resolved emergency');
  await assertFitsWidth(f.a, PHONE.width, 'French resolved emergency');
});
