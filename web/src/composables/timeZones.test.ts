import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allPlaces, currentZoneName, placeOf, searchPlaces } from './timeZones';

test('the zone list is places with their country, searchable by city or country, accents or not', { timeout: 5_000 }, () => {
  assert.ok(searchPlaces('india').some((p) => p.zone === 'Asia/Kolkata' && p.label === 'Kolkata, India'));
  assert.deepEqual(searchPlaces('kolkata').map((p) => p.zone), ['Asia/Kolkata']);
  assert.ok(searchPlaces('São Paulo').some((p) => p.zone === 'America/Sao_Paulo'));
  assert.ok(searchPlaces('sao paulo brazil').some((p) => p.zone === 'America/Sao_Paulo'));
  assert.equal(placeOf('Europe/Paris').label, 'Paris, France');
  assert.equal(placeOf('America/Indiana/Indianapolis').label, 'Indianapolis, Indiana, United States');
  assert.ok(searchPlaces('new york').some((p) => p.label === 'New York, United States'));
});

test('no deprecated zone names are offered, and an old saved name shows as today’s', { timeout: 5_000 }, () => {
  const zones = new Set(allPlaces().map((p) => p.zone));
  for (const old of ['Asia/Calcutta', 'Europe/Kiev', 'Asia/Saigon', 'US/Eastern', 'GB', 'Etc/GMT+5', 'America/Buenos_Aires']) assert.ok(!zones.has(old), old);
  for (const now of ['Asia/Kolkata', 'Europe/Kyiv', 'Asia/Ho_Chi_Minh', 'UTC', 'Europe/Paris']) assert.ok(zones.has(now), now);
  assert.equal(currentZoneName('Asia/Calcutta'), 'Asia/Kolkata');
  assert.equal(currentZoneName('Europe/Paris'), 'Europe/Paris');
});

test('in French the countries are French and the list follows French order; searching finds them by their French name', { timeout: 5_000 }, () => {
  assert.equal(placeOf('Asia/Kolkata', 'fr').label, 'Kolkata, Inde');
  assert.equal(placeOf('America/Indiana/Indianapolis', 'fr').label, 'Indianapolis, Indiana, États-Unis');
  assert.equal(placeOf('UTC', 'fr').label, 'UTC (sans heure d’été)');
  assert.ok(searchPlaces('allemagne', allPlaces('fr')).some((p) => p.zone === 'Europe/Berlin' && p.label === 'Berlin, Allemagne'));
  assert.ok(searchPlaces('etats unis', allPlaces('fr')).some((p) => p.zone === 'America/New_York'), 'accents or not');
  assert.equal(placeOf('Asia/Kolkata').label, 'Kolkata, India', 'English unchanged');
});
