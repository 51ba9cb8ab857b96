import type { EscalationKind } from '../../api/contracts/escalations';
import type { MessageTemplate } from '../escalation/types';
import type { MessageLanguage } from './language';
import { ANSWER_LINK_FR, EMAIL_FOOTER_FR, smsTextFr, writeMessageFr } from './messages-fr';

/** What the texts are written from: the escalation row, read when sending (names never enter workflow history). */
export interface EscalationContext {
  escalationId: string;
  familyId: string;
  kind: EscalationKind;
  ackCode: string;
  note: string | null;
  recipientName: string | null;
  startedByName: string | null;
  /** A late shift's page: who has not arrived, and the shift's local start ('09:00'). */
  shift?: { assigneeName: string | null; time: string } | null;
}

export interface WrittenMessage {
  title: string;
  /** One or two sentences, no links: the body of a push, the first paragraph of an email. */
  body: string;
}

const WHAT: Record<EscalationKind, (who: string) => string> = {
  medication: (who) => `${who}'s medication has not been confirmed`,
  appointment: (who) => `${who}'s appointment needs someone`,
  shift: (who) => `${who}'s care shift is not covered`,
  emergency: (who) => `Emergency for ${who}`,
  test: (who) => `Test alert for ${who}`,
};

/**
 * `withNote`: the emergency note is free text that may hold health details; push payloads
 * are end-to-end encrypted and email is opened in the app's own context, but an SMS
 * passes through carriers in clear, so SMS leaves it out.
 */
export function writeMessage(template: MessageTemplate, c: EscalationContext, withNote = true, lang: MessageLanguage = 'en'): WrittenMessage {
  if (lang === 'fr') return writeMessageFr(template, c, withNote);
  const who = c.recipientName ?? 'your family';
  switch (template) {
    case 'escalation':
      if (c.shift) {
        const late = `${c.shift.assigneeName ?? 'Nobody'} hasn't arrived for the ${c.shift.time} shift with ${who}`;
        return { title: `CareCircle: ${late}`, body: `${late}. Can you cover it? Accept the shift in the app.` };
      }
      return { title: `CareCircle: ${WHAT[c.kind](who)}`, body: `${WHAT[c.kind](who)}. Can you take care of it?` };
    case 'emergency': {
      const by = c.startedByName ? ` raised by ${c.startedByName}` : '';
      const note = c.note && withNote ? ` "${c.note}"` : '';
      return { title: `EMERGENCY: ${who}`, body: `Emergency for ${who}${by}.${note} Please respond now.` };
    }
    case 'unreached':
      return {
        title: `CareCircle: nobody answered`,
        body: `Nobody answered the alert "${WHAT[c.kind](who)}". Please check on ${c.recipientName ?? 'them'} yourself.`,
      };
  }
}

/** SMS stays short; the reply instructions match what the SMS webhook understands. */
export function smsText(template: MessageTemplate, c: EscalationContext, lang: MessageLanguage = 'en'): string {
  if (lang === 'fr') return smsTextFr(template, c);
  const m = writeMessage(template, c, false);
  const prefix = template === 'emergency' ? 'CareCircle EMERGENCY' : 'CareCircle';
  if (template === 'unreached') return `${prefix}: ${m.body}`;
  return `${prefix}: ${m.body} Reply ${c.ackCode} to acknowledge, or ${c.ackCode} CLAIM if you're on it.`;
}

/** Every email's last line: why this person receives it and where to stop it. */
export const EMAIL_FOOTER = 'You receive this because you are in a CareCircle family. Change how you are reached in your notification settings.';

export const emailFooter = (lang: MessageLanguage) => (lang === 'fr' ? EMAIL_FOOTER_FR : EMAIL_FOOTER);

export function emailText(template: MessageTemplate, c: EscalationContext, answerUrl: string | null, lang: MessageLanguage = 'en'): { subject: string; text: string } {
  const m = writeMessage(template, c, true, lang);
  const lines = [m.body, ''];
  if (answerUrl) {
    lines.push(lang === 'fr' ? ANSWER_LINK_FR(answerUrl) : `Answer here (the link works once, for 24 hours): ${answerUrl}`, '');
  }
  lines.push(emailFooter(lang));
  return { subject: m.title, text: lines.join('\n') };
}
