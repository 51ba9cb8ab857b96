import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Email, PhoneE164, isIanaTimeZone } from './common';

test('IANA zones: real zones pass, abbreviations and typos do not', () => {
  for (const zone of ['Europe/Paris', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata', 'UTC']) assert.ok(isIanaTimeZone(zone), zone);
  for (const zone of ['CET', 'EST', 'Europe/Pariss', 'Mars/Olympus', '+02:00', '']) assert.ok(!isIanaTimeZone(zone), zone);
});

test('phones must be E.164', () => {
  assert.ok(PhoneE164.safeParse('+33612345678').success);
  for (const bad of ['0612345678', '+33 6 12 34 56 78', '+0123456789', '+1234567890123456']) assert.ok(!PhoneE164.safeParse(bad).success, bad);
});

test('emails are trimmed and lower-cased so one person has one account', () => {
  assert.equal(Email.parse('  Ann.Smith@Example.ORG '), 'ann.smith@example.org');
});
