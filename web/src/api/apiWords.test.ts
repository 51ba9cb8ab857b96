import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalogFor, locale } from '../i18n';
import { inReaderLanguage } from './apiWords';
import { DisplayName, Email, Password, PhoneE164, Role, TimeZone } from './contracts';

/** The message the shared contract itself gives for a bad value: what the API would send. */
const apiSays = (schema: { safeParse(v: unknown): { success: boolean; error?: { issues: { message: string }[] } } }, value: unknown) => {
  const result = schema.safeParse(value);
  assert.equal(result.success, false);
  return result.error!.issues[0]!.message;
};

test('the API’s English field messages stay as they are in English and read in French in French', { timeout: 5_000 }, () => {
  const cases: [string, string][] = [
    [apiSays(Email, 'not an email'), catalogFor('fr').common.api.fixed.email],
    [apiSays(Password, 'short'), 'Utilisez au moins 8 caractères.'],
    [apiSays(DisplayName, ''), 'Veuillez remplir ce champ.'],
    [apiSays(DisplayName, 'x'.repeat(81)), '80 caractères au maximum.'],
    [apiSays(TimeZone, 'Mars/Olympus'), catalogFor('fr').common.api.fixed.timeZone],
    [apiSays(PhoneE164, '0612345678'), catalogFor('fr').common.api.fixed.phone],
    [apiSays(Role, 'king'), 'Choisissez l’une des options.'],
    ['That email and password do not match an account.', 'Cet e-mail et ce mot de passe ne correspondent à aucun compte.'],
    ['This invitation was not found.', 'Introuvable : cet élément n’existe pas, ou plus.'],
  ];
  for (const [english] of cases) assert.equal(inReaderLanguage(english), english, 'English is shown as the API wrote it');
  locale.value = 'fr';
  try {
    for (const [english, french] of cases) assert.equal(inReaderLanguage(english), french, english);
    // A sentence the SPA does not know is shown as written rather than lost.
    assert.equal(inReaderLanguage('A brand new refusal.'), 'A brand new refusal.');
  } finally {
    locale.value = 'en';
  }
});
