import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { findBareTexts } from './support/bare-text';

const webSource = fileURLToPath(new URL('../web/src', import.meta.url));

test('no page shows words written into its template: every string comes from the English and French catalogs', { timeout: 30_000 }, () => {
  assert.deepEqual(findBareTexts(webSource), []);
});
