import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalogFor } from '.';
import { capital } from './capital';

test('capital: the first letter only, and nothing to do for an empty text', { timeout: 5_000 }, () => {
  assert.equal(capital('ben is on it'), 'Ben is on it');
  assert.equal(capital('élodie'), 'Élodie');
  assert.equal(capital(''), '');
  // The catalogs use the shared helper for a name opening a sentence.
  assert.equal(catalogFor('en').alerts.timeline.acknowledged('ben', false, 'by SMS'), 'Ben took it on by SMS');
  assert.equal(catalogFor('fr').alerts.timeline.acknowledged('ben', false, 'par SMS'), 'Ben a pris le relais par SMS');
});
