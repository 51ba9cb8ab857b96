import assert from 'node:assert/strict';
import { test } from 'node:test';
import { locale } from '../../i18n';
import { countsInWords, givenInWords, sumCounts } from './adherenceMath';

const c = (taken: number, late: number, skipped: number, missed: number) => ({ recorded: taken + late + skipped + missed, taken, late, skipped, missed });

const full = (counts: ReturnType<typeof c>) => ({ ...counts, percentTaken: null, percentOnTime: null, percentMissed: null });

/** Runs `check` with the French catalog, then puts English back whatever happens. */
function inFrench(check: () => void) {
  locale.value = 'fr';
  try {
    check();
  } finally {
    locale.value = 'en';
  }
}

test('adherence in words: given includes late, then what was not given; no percentage from a handful of doses', { timeout: 5_000 }, () => {
  assert.equal(givenInWords(c(4, 1, 0, 1)), '5 of 6 given, 1 late, 1 missed');
  assert.equal(givenInWords(c(1, 0, 0, 0)), '1 of 1 given');
  assert.equal(givenInWords(c(0, 0, 0, 0)), 'no doses recorded');
  assert.equal(givenInWords(c(27, 1, 1, 1)), '28 of 30 given (93%), 1 late, 1 skipped, 1 missed');
  assert.deepEqual(sumCounts([c(1, 0, 0, 1), c(2, 1, 1, 0)]), { recorded: 6, taken: 3, late: 1, skipped: 1, missed: 1 });
  assert.equal(countsInWords(full(c(2, 0, 0, 1))), '3 doses: 2 on time, 1 missed');
  assert.equal(countsInWords(full(c(1, 0, 0, 0))), '1 dose: 1 on time');
});

test('adherence in French: the same sentences with French plurals (one and zero singular) and a spaced percent sign', { timeout: 5_000 }, () => {
  inFrench(() => {
    assert.equal(givenInWords(c(4, 1, 0, 1)), '5 sur 6 données, 1 en retard, 1 manquée');
    assert.equal(givenInWords(c(1, 0, 0, 0)), '1 sur 1 donnée');
    assert.equal(givenInWords(c(0, 0, 1, 0)), '0 sur 1 donnée, 1 pas donnée');
    assert.equal(givenInWords(c(0, 0, 0, 0)), 'aucune prise enregistrée');
    assert.equal(givenInWords(c(25, 1, 2, 2)), '26 sur 30 données (87 %), 1 en retard, 2 pas données, 2 manquées');
    assert.equal(countsInWords(full(c(2, 0, 0, 1))), '3 prises : 2 à l’heure, 1 manquée');
    assert.equal(countsInWords(full(c(1, 0, 0, 0))), '1 prise : 1 à l’heure');
  });
  // English is back afterwards.
  assert.equal(givenInWords(c(1, 0, 0, 0)), '1 of 1 given');
});
