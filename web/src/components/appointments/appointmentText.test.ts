import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Recurrence } from '../../api/appointments';
import { checkInLabel, clockIn, dateTimeIn, dayName, kindLabel, leadWords, localDateTimeWords, recurrenceWords, zoneLabel } from './appointmentText';
import { inLocale } from '../../i18n/inLocale';

const rule = (r: Partial<Recurrence> & Pick<Recurrence, 'freq'>): Recurrence => ({ interval: 1, exDates: [], ...r });
const rules = {
  secondTuesday: rule({ freq: 'MONTHLY', byDay: ['2TU'] }),
  lastFriday: rule({ freq: 'MONTHLY', interval: 2, byDay: ['-1FR'] }),
  onDate: rule({ freq: 'MONTHLY', byMonthDay: [8], count: 6 }),
  lastDay: rule({ freq: 'MONTHLY', byMonthDay: [-1], count: 1 }),
  weekly: rule({ freq: 'WEEKLY', interval: 2, byDay: ['TU', 'TH'], until: '2027-03-31T23:59' }),
  daily: rule({ freq: 'DAILY', interval: 3 }),
};

test('recurrence words in English stay as they were', { timeout: 5_000 }, () => {
  inLocale('en', () => {
    assert.equal(recurrenceWords(rules.secondTuesday), 'Every month on the second Tuesday');
    assert.equal(recurrenceWords(rules.lastFriday), 'Every 2 months on the last Friday');
    assert.equal(recurrenceWords(rules.onDate), 'Every month on day 8, 6 times');
    assert.equal(recurrenceWords(rules.lastDay), 'Every month on day last, 1 time');
    assert.equal(recurrenceWords(rules.weekly), 'Every 2 weeks on Tuesday, Thursday, until Mar 31, 2027');
    assert.equal(recurrenceWords(rules.daily), 'Every 3 days');
    assert.equal(recurrenceWords(null), 'Once');
  });
});

test('recurrence words in French: "le deuxième mardi", "le dernier vendredi", weekday names and dates from Intl', { timeout: 5_000 }, () => {
  inLocale('fr', () => {
    assert.equal(recurrenceWords(rules.secondTuesday), 'Tous les mois le deuxième mardi');
    assert.equal(recurrenceWords(rules.lastFriday), 'Tous les 2 mois le dernier vendredi');
    assert.equal(recurrenceWords(rules.onDate), 'Tous les mois le 8, 6 fois');
    assert.equal(recurrenceWords(rules.lastDay), 'Tous les mois le dernier jour, 1 fois');
    assert.equal(recurrenceWords(rules.weekly), 'Toutes les 2 semaines le mardi et le jeudi, jusqu’au 31 mars 2027');
    assert.equal(recurrenceWords(rules.daily), 'Tous les 3 jours');
    assert.equal(recurrenceWords(rule({ freq: 'WEEKLY' })), 'Toutes les semaines');
    assert.equal(recurrenceWords(null), 'Une seule fois');
    assert.deepEqual(['MO', 'SU'].map(dayName), ['lundi', 'dimanche']);
  });
});

test('reminder leads, kinds and check-ins in both languages', { timeout: 5_000 }, () => {
  inLocale('en', () => {
    assert.deepEqual([10080, 1440, 120, 60, 90].map(leadWords), ['7 days', '1 day', '2 hours', '1 hour', '90 minutes']);
    assert.equal(kindLabel('video_call'), 'Video call');
    assert.equal(checkInLabel('on_the_way'), 'On the way');
  });
  inLocale('fr', () => {
    assert.deepEqual([10080, 1440, 120, 60, 90].map(leadWords), ['7 jours', '1 jour', '2 heures', '1 heure', '90 minutes']);
    assert.equal(kindLabel('video_call'), 'Appel vidéo');
    assert.equal(checkInLabel('on_the_way'), 'En route');
  });
});

test('dates and times: the chosen locale, 24-hour clock, on the appointment’s own clock', { timeout: 5_000 }, () => {
  const instant = '2026-12-08T17:05:00Z'; // 18:05 in Rome
  inLocale('en', () => {
    assert.equal(clockIn(instant, 'Europe/Rome'), '18:05');
    assert.equal(dateTimeIn(instant, 'Europe/Rome'), 'Tue, Dec 8, 18:05');
    assert.equal(localDateTimeWords('2026-12-08T09:30'), 'Tue, Dec 8, 09:30');
    assert.equal(zoneLabel('Europe/Rome'), 'Rome time');
  });
  inLocale('fr', () => {
    assert.equal(clockIn(instant, 'Europe/Rome'), '18:05');
    assert.equal(dateTimeIn(instant, 'Europe/Rome'), 'mar. 8 déc. à 18:05');
    assert.equal(localDateTimeWords('2026-12-08T09:30'), 'mar. 8 déc. à 09:30');
    assert.equal(zoneLabel('America/New_York'), 'heure de New York');
  });
});
