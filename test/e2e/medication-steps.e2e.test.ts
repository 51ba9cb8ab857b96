import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { assertFitsWidth, assertNoSeriousA11yViolations } from './axe';
import { familyByApi, isCall, screenshot, signUpByApi, unique, useBrowserApp } from './browser';
import { currentStep, goToStep, nextUntil, openFold, saveFromSummary, type EditorStepName } from './medication-editor';

/**
 * The medication editor as steps (issue 13 item 7), on a phone and on a desktop: a name and a
 * time are enough to save (the rest has defaults), advanced settings stay folded until asked
 * for, every error sends the person to the step that shows it, and every step passes axe and
 * fits a 390-pixel screen. The page heights are printed (figures, not assertions).
 * Run: `npm test -- test/e2e/medication-steps`. Set E2E_SCREENSHOTS=<dir> to keep pictures.
 */

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const { newPage } = useBrowserApp({ viewport: PHONE, timezoneId: 'Europe/Paris' });
const STEPS: EditorStepName[] = ['What', 'When', 'If a dose is missed', 'Check and save'];

const height = (page: Page) => page.evaluate(() => document.documentElement.scrollHeight);

async function family(page: Page) {
  const run = unique();
  const me = await signUpByApi(page, { email: `dana-${run}@example.com`, name: 'Dana' });
  const familyId = await familyByApi(page, `The Elms ${run}`);
  const r = await page.request.post(`/api/families/${familyId}/recipients`, { data: { displayName: 'Nana Sue', timeZone: 'Europe/Rome' } });
  assert.equal(r.status(), 201);
  return { me, familyId, recipientId: ((await r.json()) as { recipient: { id: string } }).recipient.id };
}

/** Each step, as it opens and with its folds open: no serious axe finding, nothing wider than the phone. */
async function checkEverySteps(page: Page, name: string, width: number) {
  for (const [i, step] of STEPS.entries()) {
    await goToStep(page, step);
    await assertNoSeriousA11yViolations(page, `${name} step ${i + 1}`);
    if (width === PHONE.width) await assertFitsWidth(page, PHONE.width, `${name} step ${i + 1}`);
    await screenshot(page, `ms-${name}-step${i + 1}`);
    console.log(`editor height ${name} step ${i + 1}: ${await height(page)} px`);
    const folds = page.locator('form details:visible');
    for (let f = 0; f < (await folds.count()); f++) {
      if ((await folds.nth(f).getAttribute('open')) === null) await folds.nth(f).locator('summary').click();
    }
    if ((await folds.count()) > 0) {
      await assertNoSeriousA11yViolations(page, `${name} step ${i + 1}, folds open`);
      if (width === PHONE.width) await assertFitsWidth(page, PHONE.width, `${name} step ${i + 1}, folds open`);
      await screenshot(page, `ms-${name}-step${i + 1}-open`);
    }
  }
}

for (const [size, viewport] of [
  ['phone', PHONE],
  ['desktop', DESKTOP],
] as const) {
  test(`${size}: a new medication saves with only a name and a time; the rest are defaults, folded away`, { timeout: 120_000 }, async () => {
    const a = await newPage(viewport);
    const { me, familyId, recipientId } = await family(a);
    await a.goto(`/families/${familyId}/medications/new`);
    assert.equal(await currentStep(a), 'What');
    console.log(`editor height ${size} new, on opening: ${await height(a)} px`);

    // Advanced settings are folded: present, but not shown until "More options" is opened.
    for (const label of ['Count the supply and warn before it runs out', 'Time zone of the dose times', 'Time to answer (minutes)', 'Its own chain for this medication']) {
      assert.equal(await a.getByLabel(label).isVisible(), false, `${label} is folded away`);
    }
    assert.equal(await a.locator('form details[open]').count(), 0, 'no fold is open on a new medication');

    await a.getByLabel('Medication', { exact: true }).fill('Vitamin D');
    await nextUntil(a, 'When');
    await a.getByLabel('Time 1').fill('09:30');
    // The preview follows what is typed, before anything is saved.
    await a.getByRole('list', { name: 'Next doses with these settings' }).getByText('09:30').first().waitFor();
    const created = a.waitForResponse(isCall('POST', /\/medications$/));
    await saveFromSummary(a, 'Save medication');
    const response = await created;
    assert.equal(response.status(), 201, await response.text());
    // The payload is the one the form always sent, with its defaults.
    const sent = response.request().postDataJSON() as Record<string, unknown>;
    assert.deepEqual(sent, {
      medicationName: 'Vitamin D',
      dose: 'as prescribed',
      careRecipientId: recipientId,
      assignedCaregiverId: me,
      timeZone: 'Europe/Rome',
      timesOfDay: ['09:30'],
      pattern: { kind: 'daily' },
      startDate: sent.startDate,
      asNeeded: false,
      answerWindowMinutes: 30,
      snoozeMinutes: 10,
      maxSnoozes: 3,
    });
    assert.match(String(sent.startDate), /^\d{4}-\d{2}-\d{2}$/);

    // The saved medication's editor opens on its summary, and every step is one tap away.
    await a.waitForURL(/\/medications\/[0-9a-f-]+$/);
    assert.equal(await currentStep(a), 'Check and save');
    await a.getByText("Dana is reminded first; with no answer within 30 minutes, Nana Sue's chain is paged.").waitFor();
    await checkEverySteps(a, `${size}-saved`, viewport.width);
  });
}

test('phone: every error lands on the step that shows it, folds included; axe and width on every step', { timeout: 120_000 }, async () => {
  const a = await newPage();
  const { familyId } = await family(a);
  await a.goto(`/families/${familyId}/medications/new`);
  await checkEverySteps(a, 'phone-new', PHONE.width);

  // Next refuses to leave step 1 without a name, and says so beside the field.
  await goToStep(a, 'What');
  await a.getByRole('button', { name: 'Next', exact: true }).click();
  await a.getByText("Give the medication's name.").waitFor();
  assert.equal(await currentStep(a), 'What');
  assert.equal(await a.getByLabel('Medication', { exact: true }).getAttribute('aria-invalid'), 'true');
  await screenshot(a, 'ms-phone-name-missing');

  // Back and Next keep what was typed.
  await a.getByLabel('Medication', { exact: true }).fill('Amlodipine');
  await a.getByLabel('Dose', { exact: true }).fill('5 mg');
  await nextUntil(a, 'When');
  await a.getByLabel('Time 1').fill('');
  await a.getByRole('button', { name: 'Back' }).click();
  assert.equal(await a.getByLabel('Dose', { exact: true }).inputValue(), '5 mg');

  // Saving from the summary with no time goes back to "When", where the times are.
  await goToStep(a, 'Check and save');
  await a.getByRole('button', { name: 'Save medication' }).click();
  await a.getByText('Give at least one time').waitFor();
  assert.equal(await currentStep(a), 'When');
  await a.getByLabel('Time 1').fill('08:00');

  // An API error on a folded field opens its fold on its own step.
  await goToStep(a, 'If a dose is missed');
  await openFold(a);
  await a.getByLabel('Time to answer (minutes)').fill('1');
  await a.locator('form details:visible summary', { hasText: 'More options' }).click();
  const refused = a.waitForResponse(isCall('POST', /\/medications$/));
  await saveFromSummary(a, 'Save medication');
  const body = (await (await refused).json()) as { error: { details: { path: string }[] } };
  assert.deepEqual(body.error.details.map((d) => d.path), ['answerWindowMinutes']);
  assert.equal(await currentStep(a), 'If a dose is missed');
  assert.equal(await a.getByLabel('Time to answer (minutes)').isVisible(), true, 'the fold holding the error opened');
  assert.equal(await a.getByLabel('Time to answer (minutes)').getAttribute('aria-invalid'), 'true');
  await a.getByRole('navigation', { name: 'Steps' }).getByRole('button', { name: /If a dose is missed \(needs a fix\)/ }).waitFor();
  await screenshot(a, 'ms-phone-api-error');

  await a.getByLabel('Time to answer (minutes)').fill('45');
  const created = a.waitForResponse(isCall('POST', /\/medications$/));
  await saveFromSummary(a, 'Save medication');
  assert.equal((await created).status(), 201);
});

test('phone: a medication with its own chain opens on its summary; its chain is unfolded on its step', { timeout: 120_000 }, async () => {
  const a = await newPage();
  const { me, familyId, recipientId } = await family(a);
  const created = await a.request.post(`/api/families/${familyId}/medications`, {
    data: {
      medicationName: 'Warfarin',
      dose: '5 mg',
      careRecipientId: recipientId,
      assignedCaregiverId: me,
      timeZone: 'Europe/Rome',
      timesOfDay: ['21:00'],
      pattern: { kind: 'daily' },
      startDate: '2026-01-01',
      escalationPolicy: {
        steps: [
          { targets: { kind: 'members', userIds: [me] }, channels: ['sms'], waitMinutes: 10 },
          { targets: { kind: 'everyone' }, channels: ['push', 'email'], waitMinutes: 10 },
        ],
        repeat: 1,
      },
    },
  });
  assert.equal(created.status(), 201, await created.text());
  const id = ((await created.json()) as { medication: { id: string } }).medication.id;
  await a.goto(`/families/${familyId}/medications/${id}`);
  await a.getByRole('list', { name: 'Doses in the next 7 days' }).waitFor();
  assert.equal(await currentStep(a), 'Check and save');
  await a.getByText("this medication's own chain (2 steps)").waitFor();
  console.log(`editor height phone own chain, on opening: ${await height(a)} px`);
  await screenshot(a, 'ms-phone-own-chain-summary');
  await goToStep(a, 'If a dose is missed');
  assert.equal(await a.getByRole('list', { name: 'Escalation steps' }).isVisible(), true, 'a chain of its own is shown, not folded');
  await assertNoSeriousA11yViolations(a, 'own chain step');
  await assertFitsWidth(a, PHONE.width, 'own chain step');
  console.log(`editor height phone own chain, its step: ${await height(a)} px`);
});

test('phone, in French: the steps speak French', { timeout: 60_000 }, async () => {
  const a = await newPage(PHONE, 'fr-FR');
  const { familyId } = await family(a);
  await a.goto(`/families/${familyId}/medications/new`);
  await a.getByRole('heading', { name: 'Étape 1 sur 4 : Quoi' }).waitFor();
  await a.getByRole('navigation', { name: 'Étapes' }).getByRole('button', { name: /^Si une dose est oubliée/ }).waitFor();
  await a.getByText('Plus d’options').first().waitFor();
  await a.getByRole('button', { name: 'Suivant' }).click();
  await a.getByText('Indiquez le nom du médicament.').waitFor();
  await screenshot(a, 'ms-phone-french');
});
