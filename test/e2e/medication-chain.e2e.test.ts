import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { familyByApi, isCall, screenshot, signUpByApi, unique, useBrowserApp } from './browser';
import { goToStep, openFold, saveFromSummary } from './medication-editor';

/**
 * A medication's own escalation chain, set and removed in the SPA's medication editor:
 * Carol pages only herself by SMS when Nana's Warfarin goes unanswered, sees a bad wait
 * flagged on its step, finds the chain again after a reload, and then hands the medication
 * back to Nana's chain. The API is asked each time what was really saved.
 * Run: `npm test -- test/e2e/medication-chain`.
 */

const { newPage } = useBrowserApp({ viewport: { width: 430, height: 932 }, timezoneId: 'Europe/Paris' });

interface Step {
  targets: { kind: string; userIds?: string[] };
  channels: string[];
  waitMinutes: number;
}
interface Saved {
  medication: { schedule: { escalationPolicy?: { steps: Step[]; repeat: number } } };
}

async function savedChain(page: Page, familyId: string, scheduleId: string) {
  const response = await page.request.get(`/api/families/${familyId}/medications/${scheduleId}`);
  assert.equal(response.status(), 200);
  return ((await response.json()) as Saved).medication.schedule.escalationPolicy;
}

test("a medication gets its own escalation chain in the editor, survives a reload, and goes back to the recipient's", { timeout: 120_000 }, async () => {
  const run = unique();
  const a = await newPage();
  const carolId = await signUpByApi(a, { email: `carol-${run}@example.com`, name: 'Carol' });
  const familyId = await familyByApi(a, `The Pines ${run}`);
  const r = await a.request.post(`/api/families/${familyId}/recipients`, { data: { displayName: 'Nana Sue', timeZone: 'Europe/Rome' } });
  const recipientId = ((await r.json()) as { recipient: { id: string } }).recipient.id;
  const created = await a.request.post(`/api/families/${familyId}/medications`, {
    data: {
      medicationName: 'Warfarin',
      dose: '5 mg',
      careRecipientId: recipientId,
      assignedCaregiverId: carolId,
      timeZone: 'Europe/Rome',
      timesOfDay: ['21:00'],
      pattern: { kind: 'daily' },
      startDate: '2026-01-01',
    },
  });
  assert.equal(created.status(), 201, await created.text());
  const scheduleId = ((await created.json()) as { medication: { id: string } }).medication.id;

  // 1. With no chain of its own, the editor's "if a dose is missed" step shows Nana's (the default) in words.
  await a.goto(`/families/${familyId}/medications/${scheduleId}`);
  const useNanas = a.getByLabel("Use Nana Sue's chain");
  const own = a.getByLabel('Its own chain for this medication');
  assert.equal(await useNanas.isChecked(), true);
  await goToStep(a, 'If a dose is missed');
  await a.getByRole('heading', { name: 'Step 1: Every caregiver' }).waitFor();

  // 2. Its own chain (folded away) starts as a copy of Nana's; Carol keeps one step paging only herself by SMS.
  await openFold(a, 'A different chain for this medication');
  await own.check();
  const steps = a.getByRole('list', { name: 'Escalation steps' });
  const step1 = steps.getByRole('listitem').nth(0);
  await a.getByRole('button', { name: 'Remove step 2' }).click();
  assert.equal(await steps.getByRole('listitem').count(), 1);
  await step1.getByLabel('Specific people').check();
  await step1.getByLabel('Carol', { exact: true }).check();
  await step1.getByLabel('Push', { exact: true }).uncheck();
  await step1.getByLabel('Email', { exact: true }).uncheck();
  assert.equal(await step1.getByLabel('SMS', { exact: true }).isChecked(), true);
  await a.getByLabel('Run the whole chain').selectOption({ label: 'once' });

  // 3. A wait of 0 minutes is refused, and the message sits beside that step's wait, back on its step.
  const wait = step1.getByLabel('Wait before the next step (minutes)');
  await wait.fill('0');
  const refused = a.waitForResponse(isCall('PUT', /\/medications\/[0-9a-f-]+$/));
  await saveFromSummary(a, 'Save changes');
  const body = (await (await refused).json()) as { error: { code: string; details: { path: string }[] } };
  assert.equal(body.error.code, 'validation_failed');
  assert.deepEqual(body.error.details.map((d) => d.path), ['escalationPolicy.steps.0.waitMinutes']);
  await a.getByText('Please fix the marked fields.').waitFor();
  await step1.getByText('wait at least 1 minute').waitFor();
  assert.equal(await wait.getAttribute('aria-invalid'), 'true');
  await screenshot(a, 'mc1-chain-error');

  // 4. Ten minutes saves; the API holds exactly that chain.
  await wait.fill('10');
  const saved = a.waitForResponse(isCall('PUT', /\/medications\/[0-9a-f-]+$/));
  await saveFromSummary(a, 'Save changes');
  const savedResponse = await saved;
  assert.equal(savedResponse.status(), 200, await savedResponse.text());
  const expected = { steps: [{ targets: { kind: 'members', userIds: [carolId] }, channels: ['sms'], waitMinutes: 10 }], repeat: 1 };
  assert.deepEqual(((await savedResponse.json()) as Saved).medication.schedule.escalationPolicy, expected);
  assert.deepEqual(await savedChain(a, familyId, scheduleId), expected);

  // 5. After a reload the editor opens on its summary, which names the override; its step shows it as saved.
  await a.reload();
  assert.equal(await own.isChecked(), true);
  await a.getByText("this medication's own chain (1 step)").waitFor();
  await goToStep(a, 'If a dose is missed');
  const reloaded = a.getByRole('list', { name: 'Escalation steps' }).getByRole('listitem');
  assert.equal(await reloaded.count(), 1);
  assert.equal(await reloaded.getByLabel('Carol', { exact: true }).isChecked(), true);
  assert.equal(await reloaded.getByLabel('SMS', { exact: true }).isChecked(), true);
  assert.equal(await reloaded.getByLabel('Push', { exact: true }).isChecked(), false);
  assert.equal(await reloaded.getByLabel('Wait before the next step (minutes)').inputValue(), '10');
  await screenshot(a, 'mc2-chain-reloaded');

  // 6. Back to Nana's chain: the PUT leaves the chain out, and the override is gone.
  await useNanas.check();
  await a.getByRole('heading', { name: 'Step 1: Every caregiver' }).waitFor();
  const removed = a.waitForResponse(isCall('PUT', /\/medications\/[0-9a-f-]+$/));
  await saveFromSummary(a, 'Save changes');
  const removedResponse = await removed;
  assert.equal(removedResponse.status(), 200, await removedResponse.text());
  assert.equal(((await removedResponse.json()) as Saved).medication.schedule.escalationPolicy, undefined);
  assert.equal(await savedChain(a, familyId, scheduleId), undefined);
  await a.reload();
  assert.equal(await useNanas.isChecked(), true);
});
