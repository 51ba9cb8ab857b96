import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { MedicationMessageKind } from '../medication/types';
import { doseTime, medicationEmailText, recipientTime, medicationSmsText, writeMedicationMessage } from './medication-messages';

describe('medication texts', () => {
  const c = { medicationName: 'Metformin', dose: '500 mg', recipientName: 'Grandma' };
  const kinds: MedicationMessageKind[] = ['heads_up', 'due', 'refill'];

  test('the time is the dose key’s local wall time', () => {
    assert.equal(doseTime('2026-03-29T08:00'), '08:00');
  });

  test('a time in a text says whose clock it is on, never a bare "GMT" or UTC', () => {
    assert.equal(recipientTime('2026-03-29T08:00', 'Grandma'), "08:00 Grandma's time");
    assert.equal(writeMedicationMessage('due', c, recipientTime('2026-03-29T08:00', 'Grandma')).title, "CareCircle: due now (08:00 Grandma's time)");
  });

  test('no SMS, whatever its kind, names the medication or its dose: it crosses carriers in clear', () => {
    assert.deepEqual(
      kinds.map((k) => medicationSmsText(k, c, '08:00')),
      [
        'CareCircle: a medication for Grandma is coming up at 08:00.',
        'CareCircle: a medication for Grandma is due now (08:00). Reply TAKEN once given, or SKIP and the reason.',
        'CareCircle: a medication for Grandma is running low: time to refill.',
      ],
    );
  });

  test('push and email name it, and the email ends with the Today link and why the person receives it', () => {
    assert.deepEqual(
      kinds.map((k) => writeMedicationMessage(k, c, '20:00').body),
      [
        'Coming up at 20:00: Metformin (500 mg) for Grandma.',
        'Due now (20:00): Metformin (500 mg) for Grandma. Open the app to mark it taken or skipped.',
        'Metformin (500 mg) for Grandma is running low: time to refill.',
      ],
    );
    const { text } = medicationEmailText('due', c, '20:00', 'https://care.example.test/families/f1/today');
    assert.deepEqual(text.split('\n').slice(1, 4), ['', "Today's doses: https://care.example.test/families/f1/today", '']);
    assert.match(text, /You receive this because you are in a CareCircle family/);
  });
});
