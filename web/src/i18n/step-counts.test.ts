import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalogFor } from './index';

test('the check step counts a medication’s own chain as it is: 0, 1 or 3 steps, in both languages', { timeout: 5_000 }, () => {
  const fr = catalogFor('fr').medicationEditor.check;
  // It once said "(1 étape)" for a chain with no step yet.
  assert.deepEqual([0, 1, 3].map(fr.ownChain), [
    'la chaîne propre à ce médicament (0 étape)',
    'la chaîne propre à ce médicament (1 étape)',
    'la chaîne propre à ce médicament (3 étapes)',
  ]);
  const en = catalogFor('en').medicationEditor.check;
  assert.deepEqual([0, 1, 3].map(en.ownChain), ["this medication's own chain (0 steps)", "this medication's own chain (1 step)", "this medication's own chain (3 steps)"]);
});
