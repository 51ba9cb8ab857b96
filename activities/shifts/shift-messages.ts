import type { MessageLanguage } from '../delivery/language';
import { emailFooter, type WrittenMessage } from '../delivery/messages';
import { shiftSmsTextFr, writeShiftMessageFr } from './shift-messages-fr';
import type { ShiftMessageKind } from './types';

/** What shift texts are written from: read when sending, so names and notes never enter workflow history. */
export interface ShiftContext {
  recipientName: string;
  /** The assignee's name, or null when nobody holds the shift. */
  assigneeName: string | null;
  /** "Tue 8 Dec, 09:00": the shift's start as a wall clock in its zone. */
  when: string;
  /** "09:00": the start alone, for "hasn't arrived for the 09:00 shift". */
  time: string;
  /** The previous shift's handoff note (2-hour reminder only); free text, so never in an SMS. */
  handoffNote: string | null;
}

/** For push and email (encrypted end to end, or opened by a verified member): the handoff note may be included. */
export function writeShiftMessage(kind: ShiftMessageKind, c: ShiftContext, lang: MessageLanguage = 'en'): WrittenMessage {
  if (lang === 'fr') return writeShiftMessageFr(kind, c);
  const shift = `the ${c.when} shift with ${c.recipientName}`;
  const who = c.assigneeName ?? 'The caregiver';
  switch (kind) {
    case 'reminder': {
      const note = c.handoffNote ? ` Handoff from the last shift: "${c.handoffNote}"` : '';
      return { title: `CareCircle: your shift, ${c.when}`, body: `Coming up: ${shift}.${note}` };
    }
    case 'late_nudge':
      return { title: 'CareCircle: are you on your way?', body: `Your ${c.when} shift with ${c.recipientName} has started and you have not checked in. Check in when you arrive.` };
    case 'late_admins':
      return { title: 'CareCircle: nobody has arrived', body: `${who} hasn't arrived for ${shift}, 30 minutes in, and nobody has taken it. Please step in.` };
    case 'all_clear':
      return { title: 'CareCircle: all clear', body: `Someone has arrived for ${shift}. Thank you, no need to come.` };
    case 'offer':
      return { title: 'CareCircle: can you take a shift?', body: `Nobody covers ${shift}. The first to accept in the app gets it.` };
    case 'uncovered_admins':
      return { title: 'CareCircle: shift not covered', body: `Nobody took ${shift}. Please arrange cover yourself.` };
    case 'checkout_nudge':
      return { title: 'CareCircle: check out?', body: `Your ${c.when} shift with ${c.recipientName} has ended. Check out and leave a handoff note for the next person.` };
    case 'auto_closed':
      return { title: 'CareCircle: shift closed without check-out', body: `${who} did not check out of ${shift}; it was closed at the end of the day. Please correct the times.` };
    case 'swap_request':
      return { title: 'CareCircle: swap requested', body: `${who} asks for someone to take ${shift}. Take it in the app.` };
    case 'swap_taken':
      return { title: 'CareCircle: your swap was taken', body: `${c.assigneeName ?? 'Someone'} took ${shift}. It is no longer yours.` };
    case 'swap_untaken':
      return { title: 'CareCircle: nobody took your swap', body: `Nobody took ${shift}: it is still yours.` };
    case 'cancelled':
      return { title: 'CareCircle: shift cancelled', body: `${shift[0]!.toUpperCase()}${shift.slice(1)} is cancelled.` };
    case 'assigned':
      return { title: 'CareCircle: the shift is yours', body: `You have ${shift}. Thank you.` };
  }
}

/** An SMS crosses carriers in clear: the time and the person, never the handoff note; IN / OUT answer from the phone. */
export function shiftSmsText(kind: ShiftMessageKind, c: ShiftContext, lang: MessageLanguage = 'en'): string {
  if (lang === 'fr') return shiftSmsTextFr(kind, c);
  const m = writeShiftMessage(kind, { ...c, handoffNote: null });
  const note = kind === 'reminder' && c.handoffNote ? ' The last shift left a handoff note: read it in the app.' : '';
  const reply = kind === 'late_nudge' || kind === 'reminder' ? ' Reply IN when you arrive.' : kind === 'checkout_nudge' ? ' Reply OUT <handoff note> to check out.' : '';
  return `CareCircle: ${m.body}${note}${reply}`;
}

export function shiftEmailText(kind: ShiftMessageKind, c: ShiftContext, link: string, lang: MessageLanguage = 'en'): { subject: string; text: string } {
  const m = writeShiftMessage(kind, c, lang);
  const where = lang === 'fr' ? `La garde : ${link}` : `The shift: ${link}`;
  return { subject: m.title, text: [m.body, '', where, '', emailFooter(lang)].join('\n') };
}
