import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as dose from '../../workflows/medication/messages';
import * as shift from '../../workflows/shift/messages';
import { smsReplyTexts } from './sms-reply-texts';
import { DOSE_RECORDED_MISSED } from '../medications/missed-dose-refusal';
import { shiftReplyTexts } from './sms-shift-reply-texts';

const shiftTypes = [
  shift.SHIFT_TAKEN,
  shift.SHIFT_CLOSED,
  shift.SHIFT_OPENING,
  shift.NOT_YOUR_SHIFT,
  shift.ALREADY_CHECKED_IN,
  shift.NOT_CHECKED_IN,
  shift.HANDOFF_NOTE_REQUIRED,
  shift.SWAP_NOT_OPEN,
  shift.SHIFT_STARTED,
];

test('IN / OUT refused by a shift’s workflow: English passes its words through, French says every failure type in French', { timeout: 5_000 }, () => {
  assert.equal(shiftReplyTexts.en.refused(shift.ALREADY_CHECKED_IN, 'Already checked in.'), 'CareCircle: Already checked in.');
  assert.equal(shiftReplyTexts.en.refused(shift.NOT_CHECKED_IN, 'Check in first.'), 'CareCircle: Check in first.');
  assert.equal(shiftReplyTexts.fr.refused(shift.ALREADY_CHECKED_IN, 'Already checked in.'), 'CareCircle : votre arrivée sur cette garde est déjà enregistrée.');
  assert.equal(shiftReplyTexts.fr.refused(shift.NOT_CHECKED_IN, 'Check in first.'), "CareCircle : signalez d'abord votre arrivée avec IN.");
  assert.equal(shiftReplyTexts.fr.refused(shift.SHIFT_CLOSED, 'This shift is over or cancelled.'), 'CareCircle : cette garde est terminée ou annulée.');
  for (const type of shiftTypes) {
    const english = `The workflow's English for ${type}.`;
    const french = shiftReplyTexts.fr.refused(type, english);
    assert.ok(french.startsWith('CareCircle : ') && !french.includes(english), `${type} is said in French: ${french}`);
  }
  // A type added later and not yet worded in French still tells the member something.
  assert.equal(shiftReplyTexts.fr.refused('BrandNew', 'Something new.'), 'CareCircle : Something new.');
  assert.equal(shiftReplyTexts.fr.refused('toString', 'Something new.'), 'CareCircle : Something new.', 'inherited names are no types');
});

test('a dose answer refused by SMS: French says when a dose not due yet can be answered, as the English does', { timeout: 5_000 }, () => {
  const english = `Dose 2026-12-08T08:00 can be marked from ${dose.EARLY_ANSWER_MINUTES / 60} hours before it is due.`;
  assert.equal(smsReplyTexts.en.refused(dose.DOSE_NOT_DUE_YET, '08:00', english), `CareCircle: ${english}`);
  assert.equal(
    smsReplyTexts.fr.refused(dose.DOSE_NOT_DUE_YET, '08:00', english),
    "CareCircle : la dose de 08:00 n'est pas encore à donner : vous pourrez y répondre à partir de 2 heures avant.",
  );
  assert.equal(smsReplyTexts.fr.refused(dose.DOSE_ALREADY_ANSWERED, '08:00', 'Dose … has already been answered.'), 'CareCircle : une réponse a déjà été donnée pour la dose de 08:00.');
  assert.equal(
    smsReplyTexts.fr.refused(DOSE_RECORDED_MISSED, '08:00', 'Dose … is on record as missed.'),
    "CareCircle : la dose de 08:00 est notée manquée : personne n'a répondu à temps. Si elle a été donnée, corrigez-la dans l'application.",
  );
  assert.equal(smsReplyTexts.fr.refused(dose.SNOOZE_LIMIT, '08:00', 'At most 3 snoozes per dose.'), 'CareCircle : At most 3 snoozes per dose.', 'SMS cannot snooze: left as written');
});
