import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ShiftView } from '../../api/shifts';
import { hoursWords, shiftStateLabel, shiftWhen } from './shiftText';
import { inLocale } from '../../i18n/inLocale';

const night = { startAt: '2026-03-02T21:00:00Z', endAt: '2026-03-03T07:00:00Z', timeZone: 'Europe/London' };
const day = { startAt: '2026-03-02T08:00:00Z', endAt: '2026-03-02T16:00:00Z', timeZone: 'Europe/Paris' };
const open = { open: true, state: 'scheduled' } as ShiftView;

test('shift times, states and hours in English stay as they were', { timeout: 5_000 }, () => {
  inLocale('en', () => {
    assert.equal(shiftWhen(night), 'Mon, Mar 2, 21:00–07:00 (next day)');
    assert.equal(shiftWhen(day), 'Mon, Mar 2, 09:00–17:00');
    assert.equal(hoursWords(450), '7.5 h');
    assert.equal(shiftStateLabel(open), 'Nobody yet');
  });
});

test('shift times, states and hours in French: French day names, 24-hour clock, decimal comma', { timeout: 5_000 }, () => {
  inLocale('fr', () => {
    assert.equal(shiftWhen(night), 'lun. 2 mars, 21:00–07:00 (le lendemain)');
    assert.equal(shiftWhen(day), 'lun. 2 mars, 09:00–17:00');
    assert.equal(hoursWords(450), '7,5 h');
    assert.equal(hoursWords(120), '2 h');
    assert.equal(shiftStateLabel(open), 'Personne pour l’instant');
    assert.equal(shiftStateLabel({ open: false, state: 'on_shift' } as ShiftView), 'En cours');
  });
});
