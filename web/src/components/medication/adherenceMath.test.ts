import assert from 'node:assert/strict';
import { test } from 'node:test';
import { givenInWords, sumCounts } from './adherenceMath';

const c = (taken: number, late: number, skipped: number, missed: number) => ({ recorded: taken + late + skipped + missed, taken, late, skipped, missed });

test('adherence in words: given includes late, then what was not given; no percentage from a handful of doses', { timeout: 5_000 }, () => {
  assert.equal(givenInWords(c(4, 1, 0, 1)), '5 of 6 given, 1 late, 1 missed');
  assert.equal(givenInWords(c(1, 0, 0, 0)), '1 of 1 given');
  assert.equal(givenInWords(c(0, 0, 0, 0)), 'no doses recorded');
  assert.equal(givenInWords(c(27, 1, 1, 1)), '28 of 30 given (93%), 1 late, 1 skipped, 1 missed');
  assert.deepEqual(sumCounts([c(1, 0, 0, 1), c(2, 1, 1, 0)]), { recorded: 6, taken: 3, late: 1, skipped: 1, missed: 1 });
});
