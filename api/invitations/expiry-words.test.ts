import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expiryWords } from './expiry-words';

test('an invitation email says when its link expires on the inviter’s clock, naming the place, never "GMT"', { timeout: 5_000 }, () => {
  const at = new Date('2026-12-07T12:10:00Z');
  assert.equal(expiryWords(at, 'Europe/Paris'), 'Monday 7 December 2026 at 13:10 Paris time');
  assert.equal(expiryWords(at, 'America/New_York'), 'Monday 7 December 2026 at 07:10 New York time');
  assert.equal(expiryWords(at, 'Not/AZone'), 'Monday 7 December 2026 at 12:10 UTC');
  assert.doesNotMatch(expiryWords(at, 'Europe/London'), /GMT/);
});
