import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { appointmentEmailText, formatWhen } from '../appointments/appointment-messages';
import { shiftEmailText } from '../shifts/shift-messages';
import { medicationEmailText } from './medication-messages';
import { EMAIL_FOOTER, emailText, emailTrailer, type EscalationContext } from './messages';
import { EMAIL_FOOTER_FR } from './messages-fr';

/* Every email ends the same way, written once (emailTrailer): a blank line, the link line, a blank line, the footer. */
describe('the end of every email', { timeout: 10_000 }, () => {
  const page: EscalationContext = { escalationId: 'e1', familyId: 'f1', kind: 'medication', ackCode: '4821', note: null, recipientName: 'Rosa', startedByName: 'Ben', shift: null };
  const med = { medicationName: 'Metformin', dose: '500 mg', recipientName: 'Rosa' };
  const visit = { title: 'Cardiologist', location: '12 Lilac St', recipientName: 'Rosa', when: formatWhen('2026-12-08T09:30', 'en') };
  const shift = { recipientName: 'Rosa', assigneeName: 'Ana', when: formatWhen('2026-12-08T09:00', 'en'), time: '09:00', handoffNote: null };
  const mails = (lang: 'en' | 'fr') => [
    { text: emailText('escalation', page, 'https://x.test/answer', lang).text, link: 'https://x.test/answer' },
    { text: medicationEmailText('due', med, '08:00', 'https://x.test/today', lang).text, link: 'https://x.test/today' },
    { text: appointmentEmailText('reminder', visit, 'https://x.test/a', lang).text, link: 'https://x.test/a' },
    { text: shiftEmailText('offer', shift, 'https://x.test/s', lang).text, link: 'https://x.test/s' },
  ];

  for (const [lang, footer] of [['en', EMAIL_FOOTER], ['fr', EMAIL_FOOTER_FR]] as const) {
    test(`in ${lang}: the link line in the reader's language, then the footer`, () => {
      for (const { text, link } of mails(lang)) {
        const tail = text.split('\n').slice(-4);
        assert.equal(tail[0], '', text);
        assert.ok(tail[1]!.endsWith(link), text);
        assert.deepEqual(tail.slice(2), ['', footer], text);
      }
    });
  }

  test('without a link (an escalation page with no answer link) the footer follows the body after one blank line', () => {
    assert.deepEqual(emailTrailer('fr', null), ['', EMAIL_FOOTER_FR]);
    assert.deepEqual(emailTrailer('en', { en: 'Here: u', fr: 'Ici : u' }), ['', 'Here: u', '', EMAIL_FOOTER]);
    const text = emailText('escalation', page, null, 'en').text;
    assert.deepEqual(text.split('\n').slice(1), ['', EMAIL_FOOTER], text);
  });
});
