import assert from 'node:assert/strict';
import { test } from 'node:test';
import { locale } from '../../i18n';
import { firstStepWithError, missingFields, newDraft, stepOf, timeRow, toInput } from './medicationDraft';

const draft = () => ({ ...newDraft({ id: 'r', timeZone: 'Europe/Paris' }, 'u'), medicationName: 'Vitamin D' });

test('a name and the default time are enough: the rest of the payload is defaults, an empty dose reads "as prescribed"', { timeout: 5_000 }, () => {
  const input = toInput(draft());
  assert.equal(input.dose, 'as prescribed');
  assert.deepEqual(input.timesOfDay, ['08:00']);
  assert.deepEqual(input.pattern, { kind: 'daily' });
  assert.equal(input.escalationPolicy, undefined);
  assert.deepEqual(missingFields(draft()), {});
  assert.equal(toInput({ ...draft(), dose: '5 mg' }).dose, '5 mg');
  locale.value = 'fr';
  try {
    assert.equal(toInput(draft()).dose, 'selon la prescription');
    assert.equal(missingFields({ ...draft(), medicationName: ' ' }).medicationName, 'Indiquez le nom du médicament.');
  } finally {
    locale.value = 'en';
  }
});

test('the editor knows which step shows each field, so an error sends the person there', { timeout: 5_000 }, () => {
  assert.equal(stepOf('dose'), 'what');
  assert.equal(stepOf('supply.count'), 'what');
  assert.equal(stepOf('pattern'), 'when');
  assert.equal(stepOf('doseCount'), 'when');
  assert.equal(stepOf('answerWindowMinutes'), 'missed');
  assert.equal(stepOf('escalationPolicy.steps.0.waitMinutes'), 'missed');
  assert.equal(firstStepWithError({ maxSnoozes: 'x', pattern: 'y' }), 'when');
  assert.equal(firstStepWithError({}), null);
  const noTime = { ...draft(), medicationName: '', times: [timeRow('')] };
  assert.deepEqual(Object.keys(missingFields(noTime)).sort(), ['medicationName', 'timesOfDay']);
  assert.deepEqual(missingFields({ ...noTime, medicationName: 'Ibuprofen', asNeeded: true }), {});
});
