import type { Page } from 'playwright-core';

/**
 * The medication editor's steps, walked the way a person does: the step list at the top,
 * Next and Back at the bottom, "More options" folds opened when a field lives there.
 * Shared by every browser test that fills the editor, so they read as what they mean.
 */
export type EditorStepName = 'What' | 'When' | 'If a dose is missed' | 'Check and save';
const order: EditorStepName[] = ['What', 'When', 'If a dose is missed', 'Check and save'];

const editor = (page: Page) => page.getByRole('form', { name: 'Medication schedule' });

/** The step shown now, read from its heading ("Step 2 of 4: When"). */
export async function currentStep(page: Page): Promise<EditorStepName> {
  const heading = await editor(page).getByRole('heading', { name: /^Step \d of 4: / }).innerText();
  return heading.replace(/^Step \d of 4: /, '').trim() as EditorStepName;
}

/** Jumps to a step with the step list, as a person going back to change one part does. */
export async function goToStep(page: Page, name: EditorStepName): Promise<void> {
  await editor(page).getByRole('navigation', { name: 'Steps' }).getByRole('button', { name: new RegExp(`^${name}`) }).click();
  await editor(page).getByRole('heading', { name: `Step ${order.indexOf(name) + 1} of 4: ${name}` }).waitFor();
}

/** Next until the step is reached (Next refuses to leave a step with a missing name or time). */
export async function nextUntil(page: Page, name: EditorStepName): Promise<void> {
  while ((await currentStep(page)) !== name) {
    const from = await currentStep(page);
    await editor(page).getByRole('button', { name: 'Next', exact: true }).click();
    await editor(page).getByRole('heading', { name: `Step ${order.indexOf(from) + 2} of 4` }).waitFor();
  }
}

/** Opens a fold of the step in view ("More options" unless named), if it is not open yet. */
export async function openFold(page: Page, summary = 'More options'): Promise<void> {
  const named = { has: page.locator('summary', { hasText: summary }) };
  const fold = editor(page).locator('details:visible').filter(named);
  if ((await fold.getAttribute('open')) === null) await fold.locator('summary').click();
  await editor(page).locator('details[open]:visible').filter(named).waitFor();
}

/** Goes to the summary and presses the save button there ("Save medication" or "Save changes"). */
export async function saveFromSummary(page: Page, label: 'Save medication' | 'Save changes'): Promise<void> {
  if ((await currentStep(page)) !== 'Check and save') await goToStep(page, 'Check and save');
  await editor(page).getByRole('button', { name: label }).click();
}
