import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalogFor, locale } from './i18n';
import { doseStatusLabel, endInWords, formatLocalDate, patternInWords, weekdayLabel, zoneTime } from './medicationText';

function inFrench(check: () => void) {
  locale.value = 'fr';
  try {
    check();
  } finally {
    locale.value = 'en';
  }
}

test('medication words in English: patterns, ends, states and whose clock a time is on', { timeout: 5_000 }, () => {
  assert.equal(patternInWords({ kind: 'daily' }, '2026-03-08'), 'Every day');
  assert.equal(patternInWords({ kind: 'weekdays', days: ['mon', 'tue', 'wed', 'thu', 'fri'] }, '2026-03-08'), 'Weekdays (Mon–Fri)');
  assert.equal(patternInWords({ kind: 'weekdays', days: ['fri', 'mon', 'wed'] }, '2026-03-08'), 'Mon, Wed, Fri');
  assert.equal(patternInWords({ kind: 'everyNDays', n: 3 }, '2026-03-08'), `Every 3 days from ${formatLocalDate('2026-03-08')}`);
  assert.equal(endInWords({ doseCount: 1 }), 'for 1 dose');
  assert.equal(endInWords({ doseCount: 10 }), 'for 10 doses');
  assert.equal(endInWords({}), '');
  assert.equal(doseStatusLabel('late'), 'Given late');
  assert.equal(doseStatusLabel('escalating'), 'Not confirmed yet');
  assert.equal(weekdayLabel('wed'), 'Wednesday');
  assert.equal(zoneTime('America/New_York'), 'New York time');
});

test('medication words in French: patterns, ends with plurals, states, and dates written the French way', { timeout: 5_000 }, () => {
  inFrench(() => {
    assert.equal(patternInWords({ kind: 'daily' }, '2026-03-08'), 'Tous les jours');
    assert.equal(patternInWords({ kind: 'weekdays', days: ['sat', 'sun'] }, '2026-03-08'), 'Le week-end');
    assert.equal(patternInWords({ kind: 'weekdays', days: ['fri', 'mon', 'wed'] }, '2026-03-08'), 'lun, mer, ven');
    assert.equal(patternInWords({ kind: 'everyNDays', n: 3 }, '2026-03-08'), 'Tous les 3 jours à partir du 8 mars 2026');
    assert.equal(endInWords({ endDate: '2026-04-01' }), 'jusqu’au 1 avr. 2026');
    assert.equal(endInWords({ doseCount: 1 }), 'pour 1 prise');
    assert.equal(endInWords({ doseCount: 10 }), 'pour 10 prises');
    assert.equal(doseStatusLabel('late'), 'Donné en retard');
    assert.equal(doseStatusLabel('escalating'), 'Pas encore confirmé');
    assert.equal(weekdayLabel('wed'), 'mercredi');
    assert.equal(zoneTime('Europe/Paris'), 'heure de Paris');
    assert.equal(formatLocalDate('2026-03-08', { day: 'numeric', month: 'short' }), '8 mars');
  });
});

test('dose sentences in both languages: who answered and when, supply and take-all counts with plurals', { timeout: 5_000 }, () => {
  const en = catalogFor('en').medication;
  const fr = catalogFor('fr').medication;
  assert.equal(en.dose.answered('late', 'Ben', 'by SMS reply', '06:48'), 'Given late by Ben by SMS reply at 06:48');
  assert.equal(en.dose.answered('taken', 'you', '', '08:02'), 'Given by you at 08:02');
  assert.equal(fr.dose.answered('late', 'Ben', '', '06:48'), 'Donné en retard par Ben à 06:48');
  assert.equal(fr.dose.answered('skipped', 'vous', '', '08:02'), 'Pas donné par vous à 08:02');
  assert.equal(en.item.dosesLeft(1), '1 dose left');
  assert.equal(fr.item.dosesLeft(1), '1 prise restante');
  assert.equal(fr.item.dosesLeft(12), '12 prises restantes');
  assert.equal(en.takeAll.button(2, '08:00'), 'Mark all 2 at 08:00 as given');
  assert.equal(fr.takeAll.button(2, '08:00'), 'Marquer les 2 prises de 08:00 comme données');
  assert.equal(fr.dose.snoozedTimes(1, 3), 'Reporté 1 fois sur 3');
  assert.equal(fr.item.when('Tous les jours', '08:00, 20:00', 'heure de Paris', 'pour 10 prises'), 'Tous les jours à 08:00, 20:00 (heure de Paris) pour 10 prises');
  assert.equal(en.item.when('Every day', '08:00', 'Paris time', ''), 'Every day at 08:00 (Paris time)');
});
