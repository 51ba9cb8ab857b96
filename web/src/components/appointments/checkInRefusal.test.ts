import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHECK_IN_TOO_EARLY as workflowType } from '../../../../workflows/appointment/messages';
import { locale } from '../../i18n';
import { CHECK_IN_TOO_EARLY, tooEarlyWords } from './checkInRefusal';

// 08:00 UTC on Tuesday 8 December 2026 is 03:00 in New York.
const details = { reason: 'CheckInTooEarly', opensAt: '2026-12-08T08:00:00.000Z' };

test('a check-in before its time says, in the reader’s language, when it opens on the recipient’s clock and whose clock', { timeout: 5_000 }, () => {
  assert.equal(CHECK_IN_TOO_EARLY, workflowType, 'the code the app knows is the workflow’s failure type');
  // The English date's order follows the browser's English (en-US here, en-GB elsewhere).
  assert.match(
    tooEarlyWords(details, 'arrived', 'America/New_York')!,
    /^Too early: “On the way” and “Arrived” open 6 hours before the visit starts\. You can check in from Tue,? (8 Dec|Dec 8), 03:00 New York time\.$/,
  );
  assert.match(tooEarlyWords(details, 'done', 'Europe/Paris')!, /^Too early: “Done” and “No-show” open when the visit starts\. You can check in from Tue,? (8 Dec|Dec 8), 09:00 Paris time\.$/);
  assert.equal(tooEarlyWords({ reason: 'RideTaken' }, 'done', 'Europe/Paris'), null, 'another refusal is said by apiWords');
  assert.equal(tooEarlyWords({ reason: 'CheckInTooEarly' }, 'done', 'Europe/Paris'), null, 'no time to say: apiWords says it');
  locale.value = 'fr';
  try {
    assert.equal(
      tooEarlyWords(details, 'on_the_way', 'America/New_York'),
      'Trop tôt : « En route » et « Sur place » ouvrent 6 heures avant le début du rendez-vous. Possible à partir de : mar. 8 déc. à 03:00 heure de New York.',
    );
    assert.match(tooEarlyWords(details, 'no_show', 'Europe/Paris')!, /^Trop tôt : « Terminé » et « Rendez-vous manqué » ouvrent à l’heure du rendez-vous\. Possible à partir de : mar\. 8 déc\. à 09:00 heure de Paris\.$/);
  } finally {
    locale.value = 'en';
  }
});
