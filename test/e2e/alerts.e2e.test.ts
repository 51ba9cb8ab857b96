import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { startEscalation } from '../../temporal/escalations';
import { assertFitsWidth, assertNoSeriousA11yViolations } from './axe';
import { acceptInvitationFromOutbox, familyByApi, isCall, screenshot, signUpByApi, unique, useBrowserApp } from './browser';

/**
 * Alerts a worried person can read (issue 13, items 1–3), on a phone and on a desktop:
 * two dose alerts name their medications, an alert's page acts on that alert only,
 * "Nobody answered" stays loud until someone has seen it, an emergency offers a call and
 * does not page whoever raised it, and a resolved alert says who closed it.
 * Dose alerts are started on the worker as the medication workflow starts them (waiting
 * for a real dose to go unanswered takes minutes; that path has its own tests).
 * Run: `npm test -- test/e2e/alerts`. Set E2E_SCREENSHOTS=<dir> to keep pictures.
 */

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const { newPage, app } = useBrowserApp({ viewport: PHONE, timezoneId: 'Europe/Paris' });

interface Family {
  a: Page;
  b: Page;
  familyId: string;
  benId: string;
  aliceId: string;
  rosaId: string;
}

/** Alice (admin) and Ben (caregiver) look after Grandma Rosa; Ben's browser has the given size. */
async function familyOfTwo(benViewport = PHONE): Promise<Family> {
  const run = unique();
  const a = await newPage(benViewport);
  const b = await newPage(benViewport);
  const aliceId = await signUpByApi(a, { email: `alice-${run}@example.com`, name: 'Alice' });
  const benEmail = `ben-${run}@example.com`;
  const benId = await signUpByApi(b, { email: benEmail, name: 'Ben' });
  const familyId = await familyByApi(a, `The Olives ${run}`);
  assert.equal((await a.request.post(`/api/families/${familyId}/invitations`, { data: { email: benEmail, role: 'caregiver' } })).status(), 201);
  await acceptInvitationFromOutbox(b, familyId);
  const r = await a.request.post(`/api/families/${familyId}/recipients`, { data: { displayName: 'Grandma Rosa', timeZone: 'Europe/Paris' } });
  const rosaId = ((await r.json()) as { recipient: { id: string } }).recipient.id;
  return { a, b, familyId, benId, aliceId, rosaId };
}

async function medication(f: Family, medicationName: string, dose: string, time: string): Promise<string> {
  const created = await f.a.request.post(`/api/families/${f.familyId}/medications`, {
    data: {
      medicationName,
      dose,
      careRecipientId: f.rosaId,
      assignedCaregiverId: f.benId,
      timeZone: 'Europe/Paris',
      timesOfDay: [time],
      pattern: { kind: 'daily' },
      startDate: '2030-01-01',
    },
  });
  assert.equal(created.status(), 201, await created.text());
  return ((await created.json()) as { medication: { id: string } }).medication.id;
}

/** The chain of a dose nobody confirmed, opened as the medication workflow opens it. */
async function doseAlert(f: Family, scheduleId: string, doseKey: string): Promise<string> {
  const escalationId = randomUUID();
  const { client, taskQueue } = app()!;
  await startEscalation(client, taskQueue, {
    escalationId,
    familyId: f.familyId,
    careRecipientId: f.rosaId,
    kind: 'medication',
    urgency: 'urgent',
    medicationScheduleId: scheduleId,
    doseKey,
  });
  return escalationId;
}

const banner = (p: Page) => p.getByRole('region', { name: 'Open alerts' }).getByRole('article');
const liveOn = (p: Page) => p.getByRole('status').filter({ hasText: 'Live updates on' }).waitFor();

async function statusOf(p: Page, familyId: string, escalationId: string): Promise<string> {
  const res = await p.request.get(`/api/families/${familyId}/escalations/${escalationId}`);
  return ((await res.json()) as { escalation: { status: string } }).escalation.status;
}

for (const [size, viewport] of [
  ['phone', PHONE],
  ['desktop', DESKTOP],
] as const) {
  test(`${size}: two dose alerts name their medication; on one alert's page the only "I'm on it" is that alert's`, { timeout: 180_000 }, async () => {
    const f = await familyOfTwo(viewport);
    const metformin = await medication(f, 'Metformin', '500 mg', '08:00');
    const warfarin = await medication(f, 'Warfarin', '5 mg', '21:00');
    const first = await doseAlert(f, metformin, '2030-01-01T08:00');
    const second = await doseAlert(f, warfarin, '2030-01-01T21:00');

    // 1. Ben's alerts say what each is about, and who is being contacted, in plain words.
    await f.b.goto(`/families/${f.familyId}/escalations`);
    const metforminCard = banner(f.b).filter({ hasText: 'Metformin 500 mg · 08:00 dose · Grandma Rosa' });
    const warfarinCard = banner(f.b).filter({ hasText: 'Warfarin 5 mg · 21:00 dose · Grandma Rosa' });
    await metforminCard.getByText(/^Contacting you now; Alice at .+ if you don't answer$/).waitFor();
    await warfarinCard.waitFor();
    assert.doesNotMatch(await banner(f.b).first().innerText(), /Missed|round|step|SMS code/i);
    await screenshot(f.b, `a1-${size}-two-dose-alerts`);
    await assertNoSeriousA11yViolations(f.b, `${size} alerts`);
    if (size === 'phone') await assertFitsWidth(f.b, PHONE.width, 'alerts');

    // 2. He opens Warfarin's page. Metformin is only a link there: nothing on this page can answer it.
    await warfarinCard.getByRole('link', { name: /Details/ }).click();
    await f.b.waitForURL(`**/escalations/${second}`);
    const others = f.b.getByRole('region', { name: 'Other open alerts' });
    await others.getByRole('article').filter({ hasText: 'Metformin 500 mg' }).waitFor();
    assert.equal(await others.getByRole('button').count(), 0, 'another alert offers no buttons on this page');
    const onIt = f.b.getByRole('button', { name: "I'm on it" });
    assert.equal(await onIt.count(), 1, 'one clear action, and it is this alert\'s');
    assert.match((await onIt.textContent()) ?? '', /Warfarin 5 mg/);
    await screenshot(f.b, `a2-${size}-alert-detail`);
    await assertNoSeriousA11yViolations(f.b, `${size} alert detail`);
    if (size === 'phone') await assertFitsWidth(f.b, PHONE.width, 'alert detail');

    // 3. "I'm on it" answers Warfarin, and only Warfarin.
    await onIt.click();
    await f.b.locator('article:has(#alert-title)').getByText('You are on it (answered in the app)').waitFor();
    assert.equal(await statusOf(f.b, f.familyId, second), 'acknowledged');
    assert.equal(await statusOf(f.b, f.familyId, first), 'active', 'the other alert is untouched');
  });
}

test('"Nobody answered" is red, stays after a reload, and is hidden only by someone saying they checked', { timeout: 120_000 }, async () => {
  const f = await familyOfTwo();
  // A chain whose only step has nobody in it (no viewers in this family): it ends "unreached" at once.
  const saved = await f.a.request.put(`/api/families/${f.familyId}/recipients/${f.rosaId}/escalation-policy`, {
    data: { steps: [{ targets: { kind: 'role', role: 'viewer' }, channels: ['email'], waitMinutes: 5 }], repeat: 1 },
  });
  assert.equal(saved.status(), 200, await saved.text());
  const schedule = await medication(f, 'Levothyroxine', '50 µg', '07:00');
  await f.a.goto(`/families/${f.familyId}/today`);
  await liveOn(f.a);
  const escalationId = await doseAlert(f, schedule, '2030-01-01T07:00');
  const card = banner(f.a).filter({ hasText: 'Nobody answered: Levothyroxine 50 µg · 07:00 dose' });
  await card.waitFor();
  assert.match((await card.getAttribute('class')) ?? '', /banner--severe/);
  await card.getByText('Please check on Grandma Rosa yourself now.').waitFor();
  assert.equal(await card.getByRole('button', { name: 'Dismiss' }).count(), 0, 'no grey dismiss on the worst outcome');
  await screenshot(f.a, 'a3-phone-nobody-answered');
  await assertNoSeriousA11yViolations(f.a, 'today with nobody answered');
  await assertFitsWidth(f.a, PHONE.width, 'today with nobody answered');
  assert.equal(await statusOf(f.a, f.familyId, escalationId), 'unreached');

  // Still there after a reload (it did not finish "while the page was open" this time).
  await f.a.reload();
  await card.waitFor();
  await card.getByRole('button', { name: 'I have checked: hide this' }).click();
  await card.waitFor({ state: 'detached' });
  await f.a.reload();
  await f.a.getByRole('heading', { name: 'Today' }).waitFor();
  assert.equal(await card.count(), 0, 'hidden for Alice once she said she checked');
});

test('an emergency offers a call, does not page whoever raised it, and its resolved card names who closed it', { timeout: 180_000 }, async () => {
  const f = await familyOfTwo();
  await Promise.all([f.a.goto(`/families/${f.familyId}/today`), f.b.goto(`/families/${f.familyId}/today`)]);
  await Promise.all([liveOn(f.a), liveOn(f.b)]);

  // 1. Alice raises it from the phone's header button.
  await f.a.getByRole('button', { name: 'Emergency', exact: true }).click();
  await f.a.getByLabel('What is happening? (optional)').fill('Rosa fell in the garden');
  const raised = f.a.waitForResponse(isCall('POST', /\/emergencies$/));
  await f.a.getByRole('button', { name: 'Page everyone now' }).click();
  const { escalation } = (await (await raised).json()) as { escalation: { id: string } };

  // 2. Both see it, red, with a way to call emergency services straight from the phone.
  for (const p of [f.a, f.b]) {
    const card = banner(p).filter({ hasText: 'Rosa fell in the garden' });
    await card.waitFor();
    assert.match((await card.getAttribute('class')) ?? '', /banner--emergency/);
    const call = card.getByRole('link', { name: /^Call emergency services \(\d+\)$/ });
    assert.match((await call.getAttribute('href')) ?? '', /^tel:\d+$/);
  }
  await screenshot(f.b, 'a4-phone-emergency');
  await assertNoSeriousA11yViolations(f.b, 'emergency banner');
  await assertFitsWidth(f.b, PHONE.width, 'emergency banner');

  // 3. Ben is paged; Alice, who raised it, is not.
  await f.a.goto(`/families/${f.familyId}/escalations/${escalation.id}`);
  await f.a.getByRole('list', { name: 'What happened' }).getByText(/^(Texted|Emailed) Ben$/).first().waitFor();
  const deliveries = (await (await f.a.request.get(`/api/families/${f.familyId}/deliveries`)).json()) as { deliveries: { escalationId: string; userId: string }[] };
  const paged = new Set(deliveries.deliveries.filter((d) => d.escalationId === escalation.id).map((d) => d.userId));
  assert.ok(paged.has(f.benId), 'Ben was paged');
  assert.ok(!paged.has(f.aliceId), 'Alice raised it and was not paged about it');

  // 4. Ben resolves it with a note; Alice's page says it was Ben.
  const card = banner(f.b).filter({ hasText: 'Rosa fell in the garden' });
  await card.getByRole('button', { name: 'Resolve with a note' }).click();
  await card.getByLabel('How was it resolved?').fill('Only a bruise');
  await card.getByRole('button', { name: 'Resolve', exact: true }).click();
  await f.a.locator('article:has(#alert-title)').getByText('Resolved by Ben: Only a bruise').waitFor();
  await screenshot(f.a, 'a5-phone-emergency-resolved');
});
