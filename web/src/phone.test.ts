import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultPhoneRegion, phoneCountryOptions, toInternational } from './phone';

test('a national number with its country becomes the international form; a typed "+" or "00" keeps its own', { timeout: 5_000 }, () => {
  assert.equal(toInternational('0612345678', 'FR'), '+33612345678');
  assert.equal(toInternational('06 12 34 56 78', 'FR'), '+33612345678');
  assert.equal(toInternational('07700 900123', 'GB'), '+447700900123');
  assert.equal(toInternational('(415) 555-0132', 'US'), '+14155550132');
  assert.equal(toInternational('06 1234 5678', 'IT'), '+390612345678', 'Italy keeps its leading zero');
  assert.equal(toInternational('+33 6 12 34 56 78', 'GB'), '+33612345678');
  assert.equal(toInternational('0033612345678', 'US'), '+33612345678');
});

test('what cannot be a phone number is refused, not guessed', { timeout: 5_000 }, () => {
  for (const bad of ['', '12', 'call me', '+0123456789', '+1234567890123456']) assert.equal(toInternational(bad, 'FR'), null, bad);
});

test('the country starts as the browser region when it is listed', { timeout: 5_000 }, () => {
  assert.deepEqual(['en-GB', 'fr-BE', 'en', 'ja-JP'].map((l) => defaultPhoneRegion(l)), ['GB', 'BE', 'FR', 'FR']);
});

test('country names follow the language shown, in its alphabetical order', { timeout: 5_000 }, () => {
  const fr = phoneCountryOptions('fr');
  assert.deepEqual(fr.slice(0, 3).map((c) => c.name), ['Allemagne', 'Australie', 'Autriche']);
  assert.ok(fr.some((c) => c.region === 'US' && c.name === 'États-Unis' && c.dial === '1'));
  assert.deepEqual(phoneCountryOptions('en').slice(0, 2).map((c) => c.name), ['Australia', 'Austria']);
});
