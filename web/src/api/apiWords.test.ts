import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalogFor, locale } from '../i18n';
import { inReaderLanguage } from './apiWords';
import { DisplayName, Email, Password, PhoneE164, Role, TimeZone } from './contracts';

/** The message the shared contract itself gives for a bad value: what the API would send. */
const apiSays = (schema: { safeParse(v: unknown): { success: boolean; error?: { issues: { message: string }[] } } }, value: unknown) => {
  const result = schema.safeParse(value);
  assert.equal(result.success, false);
  return result.error!.issues[0]!.message;
};

test('the API’s English field messages stay as they are in English and read in French in French', { timeout: 5_000 }, () => {
  const cases: [string, string][] = [
    [apiSays(Email, 'not an email'), catalogFor('fr').common.api.fixed.email],
    [apiSays(Password, 'short'), 'Utilisez au moins 8 caractères.'],
    [apiSays(DisplayName, ''), 'Veuillez remplir ce champ.'],
    [apiSays(DisplayName, 'x'.repeat(81)), '80 caractères au maximum.'],
    [apiSays(TimeZone, 'Mars/Olympus'), catalogFor('fr').common.api.fixed.timeZone],
    [apiSays(PhoneE164, '0612345678'), catalogFor('fr').common.api.fixed.phone],
    [apiSays(Role, 'king'), 'Choisissez l’une des options.'],
    ['That email and password do not match an account.', 'Cet e-mail et ce mot de passe ne correspondent à aucun compte.'],
    ['This invitation was not found.', 'Introuvable : cet élément n’existe pas, ou plus.'],
  ];
  for (const [english] of cases) assert.equal(inReaderLanguage(english), english, 'English is shown as the API wrote it');
  locale.value = 'fr';
  try {
    for (const [english, french] of cases) assert.equal(inReaderLanguage(english), french, english);
    // A sentence the SPA does not know is shown as written rather than lost.
    assert.equal(inReaderLanguage('A brand new refusal.'), 'A brand new refusal.');
  } finally {
    locale.value = 'en';
  }
});

test('a workflow’s refusal is said by its code (details.reason) in both languages; an unknown code keeps the API’s message', { timeout: 5_000 }, () => {
  const cases: [string, Record<string, string>, string, string][] = [
    ['This shift was already taken: someone else said yes first.', { reason: 'ShiftTaken' }, 'This shift was already taken: someone else said yes first.', 'Cette garde est déjà prise : quelqu’un d’autre a dit oui avant vous.'],
    ['Already checked in.', { reason: 'AlreadyCheckedIn' }, 'Already checked in.', 'L’arrivée sur cette garde est déjà enregistrée.'],
    ['This shift is not open yet: check-in, offers and swaps open a day before its first reminder.', { reason: 'ShiftNotOpen' }, catalogFor('en').shifts.refusals.ShiftNotOpen, catalogFor('fr').shifts.refusals.ShiftNotOpen],
    ['Dose 2026-12-08T08:00 has already been answered.', { reason: 'DoseAlreadyAnswered' }, 'This dose has already been answered.', 'Cette dose a déjà reçu une réponse.'],
    ['Dose 2026-12-08T08:00 is on record as missed: nobody answered in time. If it was given, correct the record in the app.', { reason: 'DoseRecordedMissed' }, 'This dose is on record as missed: nobody answered in time. If it was given, use “Given after all…” on it.', 'Cette dose est notée manquée : personne n’a répondu à temps. Si elle a été donnée, utilisez « Donnée finalement… » sur cette dose.'],
    ['Dose 2026-12-08T08:00 can be marked from 2 hours before it is due.', { reason: 'DoseNotDueYet' }, 'This dose is not due yet: it can be marked from 2 hours before it is due.', 'Cette dose n’est pas encore à donner : on peut y répondre à partir de 2 heures avant l’heure prévue.'],
    ['This ride was already taken: someone else said yes first.', { reason: 'RideTaken' }, 'This ride was already taken: someone else said yes first.', 'Ce trajet est déjà pris : quelqu’un d’autre a dit oui avant vous.'],
    ['This visit is not open yet: rides, check-ins and summaries open a day before its first reminder.', { reason: 'VisitNotOpen' }, catalogFor('en').appointments.refusals.VisitNotOpen, catalogFor('fr').appointments.refusals.VisitNotOpen],
  ];
  for (const [message, details, english] of cases) assert.equal(inReaderLanguage(message, details), english, details.reason);
  // The workflow's own English is kept for codes the app does not know, and for a reason that is not a string.
  assert.equal(inReaderLanguage('Something new went wrong.', { reason: 'BrandNewRefusal' }), 'Something new went wrong.');
  assert.equal(inReaderLanguage('Something new went wrong.', { reason: 42 }), 'Something new went wrong.');
  // Inherited names are no codes.
  assert.equal(inReaderLanguage('Something new went wrong.', { reason: 'toString' }), 'Something new went wrong.');
  locale.value = 'fr';
  try {
    for (const [message, details, , french] of cases) assert.equal(inReaderLanguage(message, details), french, details.reason);
    assert.equal(inReaderLanguage('Something new went wrong.', { reason: 'BrandNewRefusal' }), 'Something new went wrong.');
  } finally {
    locale.value = 'en';
  }
});

test('every code the API puts in details.reason has a sentence in both languages', { timeout: 5_000 }, async () => {
  const shift = await import('../../../workflows/shift/messages');
  const visit = await import('../../../workflows/appointment/messages');
  const dose = await import('../../../workflows/medication/messages');
  const { SHIFT_NOT_OPEN } = await import('../../../api/shifts/workflow-errors');
  const { VISIT_NOT_OPEN } = await import('../../../api/appointments/workflow-errors');
  const { SCHEDULE_NOT_RUNNING } = await import('../../../api/medications/workflow-errors');
  const { DOSE_RECORDED_MISSED } = await import('../../../api/medications/missed-dose-refusal');
  // Field refusals (a handoff note, a skip reason, a leg) are answered as field issues, not by code.
  const fieldIssues = new Set([shift.HANDOFF_NOTE_REQUIRED, visit.NO_SUCH_LEG, dose.REASON_REQUIRED]);
  const codes = [
    ...[shift.SHIFT_TAKEN, shift.SHIFT_CLOSED, shift.SHIFT_OPENING, shift.NOT_YOUR_SHIFT, shift.ALREADY_CHECKED_IN, shift.NOT_CHECKED_IN, shift.SWAP_NOT_OPEN, shift.SHIFT_STARTED, shift.HANDOFF_NOTE_REQUIRED],
    ...[visit.RIDE_TAKEN, visit.NO_SUCH_LEG, visit.NOT_YOUR_RIDE, visit.VISIT_CLOSED, visit.VISIT_OPENING, visit.NOT_DONE_YET, visit.CHECK_IN_TOO_EARLY, visit.SUMMARY_ALREADY_SUBMITTED],
    ...[dose.WRONG_DOSE, dose.DOSE_ALREADY_ANSWERED, dose.SNOOZE_LIMIT, dose.REASON_REQUIRED, dose.DOSE_NOT_DUE_YET],
    SHIFT_NOT_OPEN,
    VISIT_NOT_OPEN,
    SCHEDULE_NOT_RUNNING,
    DOSE_RECORDED_MISSED,
  ].filter((c) => !fieldIssues.has(c));
  locale.value = 'fr';
  try {
    for (const code of codes) assert.notEqual(inReaderLanguage('untranslated', { reason: code }), 'untranslated', code);
  } finally {
    locale.value = 'en';
  }
  for (const code of codes) assert.notEqual(inReaderLanguage('untranslated', { reason: code }), 'untranslated', code);
});
