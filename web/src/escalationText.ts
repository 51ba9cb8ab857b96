import type { AnswerVia, Channel, EscalationKind, EscalationView, TimelineEntry, TodayDose } from './api/contracts';

/**
 * Words for escalations, shared by the banner, the list and the detail page. One vocabulary
 * everywhere, as a worried person would say it: "not confirmed" → "Ben is on it" →
 * "given late at 06:48"; no rounds, steps or codes.
 */

const kindNames: Record<EscalationKind, string> = {
  // Not "missed": when the chain starts the dose may well have been given and not yet marked.
  medication: 'Dose not confirmed',
  appointment: 'Appointment needs a companion',
  shift: 'Shift uncovered',
  emergency: 'Emergency',
  test: 'Test alert',
};
export const kindLabel = (kind: EscalationKind) => kindNames[kind];

const channelNames: Record<Channel, string> = { push: 'Push', sms: 'SMS', email: 'Email' };
export const channelLabel = (channel: Channel) => channelNames[channel];
export const channelLabelOf = (channel: string | null) =>
  channel && channel in channelNames ? channelNames[channel as Channel] : (channel ?? '');

const viaNames: Record<AnswerVia, string> = {
  app: 'in the app',
  push: 'from a push notification',
  sms: 'by SMS reply',
  email: 'from an email link',
};
export const viaLabel = (via: AnswerVia | null) => (via ? viaNames[via] : '');

const time = (iso: string) => new Intl.DateTimeFormat(undefined, { timeStyle: 'short' }).format(new Date(iso));
const timeOnClock = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));

type NameOf = (userId: string | null) => string;
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const isOnIt = (who: string) => (who === 'you' ? 'You are on it' : `${capital(who)} is on it`);

/**
 * What the alert is about, in the app only (texts and emails stay discreet): the medication
 * and its dose time for a dose, else the kind. "Metformin 500 mg · 08:00 dose".
 */
export function alertSubject(e: Pick<EscalationView, 'kind' | 'subject' | 'doseKey'>): string {
  if (e.kind !== 'medication' || !e.subject) return kindLabel(e.kind);
  return e.doseKey ? `${e.subject} · ${e.doseKey.slice(11)} dose` : e.subject;
}

/** "Ben", "Ben and Ana", "Ben, Ana and Sam". */
export function namesInWords(names: string[]): string {
  if (names.length <= 1) return names[0] ?? 'nobody';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

const verbs: Record<string, string> = { sms: 'Texting', email: 'Emailing', push: 'Notifying' };

/**
 * Who is being contacted now and who comes next: "Texting Ben now; Ana at 06:48 if Ben
 * doesn't answer". Null until the first step has begun or for an alert without its chain.
 */
export function pagingLine(e: EscalationView, nameOf: NameOf): string | null {
  const current = e.chain?.[e.step - 1];
  if (e.status !== 'active' || !current || current.userIds.length === 0) return null;
  const verb = current.channels.length === 1 ? (verbs[current.channels[0]!] ?? 'Contacting') : 'Contacting';
  const now = namesInWords(current.userIds.map(nameOf));
  const next = e.chain?.[e.step];
  if (!next || next.userIds.length === 0 || !e.stepStartedAt) return `${verb} ${now} now`;
  const at = time(new Date(Date.parse(e.stepStartedAt) + current.waitMinutes * 60_000).toISOString());
  const unless = current.userIds.length > 1 ? 'nobody answers' : now === 'you' ? "you don't answer" : `${now} doesn't answer`;
  return `${verb} ${now} now; ${namesInWords(next.userIds.map(nameOf))} at ${at} if ${unless}`;
}

/**
 * One line saying where an escalation stands. For a dose alert, `dose` (from Today) tells
 * how it ended: "Given late at 06:48 by Ben" rather than a bare "resolved".
 */
export function statusLine(e: EscalationView, nameOf: NameOf, dose?: TodayDose): string {
  switch (e.status) {
    case 'active':
      return pagingLine(e, nameOf) ?? (e.kind === 'medication' ? 'Not confirmed yet; contacting the family' : 'Contacting the family now');
    case 'claimed':
      return `${isOnIt(nameOf(e.answeredBy))}${e.claimUntil ? ` until ${time(e.claimUntil)}` : ''}`;
    case 'acknowledged':
      return `${isOnIt(nameOf(e.answeredBy))}${e.answeredVia ? ` (answered ${viaLabel(e.answeredVia)})` : ''}`;
    case 'resolved': {
      const by = e.resolvedBy ?? e.answeredBy;
      if (dose && (dose.status === 'taken' || dose.status === 'late') && dose.answeredAt) {
        return `Given${dose.status === 'late' ? ' late' : ''} at ${timeOnClock(dose.answeredAt, dose.timeZone)} by ${nameOf(dose.answeredBy)}`;
      }
      if (dose?.status === 'skipped') return `Skipped by ${nameOf(dose.answeredBy)}`;
      return `Resolved${by ? ` by ${nameOf(by)}` : ''}${e.resolutionNote ? `: ${e.resolutionNote}` : ''}`;
    }
    case 'unreached':
      return 'Nobody answered';
    case 'cancelled':
      return 'Cancelled';
    case 'failed':
      return 'Stopped by a system failure: nobody is being contacted';
    default: {
      const never: never = e.status;
      return never;
    }
  }
}

/** A timeline entry as a sentence: "Ben paged by SMS" or "Alice acknowledged from an email link". */
export function timelineLine(t: TimelineEntry, nameOf: (userId: string | null) => string, escalation?: EscalationView): string {
  const who = nameOf(t.userId);
  // How an answer came: from the entry if it says, else from the escalation's own record of who answered.
  const via =
    typeof t.detail.via === 'string'
      ? viaLabel(t.detail.via as AnswerVia)
      : channelAsVia(t.channel)
        ? viaLabel(channelAsVia(t.channel))
        : escalation && t.userId && t.userId === escalation.answeredBy
          ? viaLabel(escalation.answeredVia)
          : '';
  switch (t.type) {
    case 'started':
      if (t.userId) return `Raised by ${who}`;
      return escalation?.startedBy ? `Raised by ${nameOf(escalation.startedBy)}` : 'Started';
    case 'step_started':
      if (t.step === 1) return t.round === 1 || t.round === null ? 'Started contacting the family' : 'Nobody answered; contacting everyone again';
      return 'Nobody answered yet; contacting the next people';
    case 'delivery': {
      const failed = typeof t.detail.error === 'string' || t.detail.ok === false;
      return failed
        ? `Could not reach ${who} by ${channelLabelOf(t.channel)}`
        : sentTo(who, t.channel);
    }
    case 'acknowledged':
      return `${capital(who)} took it on ${via}`.trim();
    case 'claimed':
      return `${capital(who)} took it on for a while ${via}`.trim();
    case 'claim_expired':
      return `${capital(who)} did not close it in time; contacting the family again`;
    case 'resolved':
      return typeof t.detail.note === 'string' ? `${who} resolved it: ${t.detail.note}` : `${who} resolved it`;
    case 'unreached':
      return 'Nobody answered';
    case 'cancelled':
      return 'Cancelled';
    case 'failed':
      return 'Stopped by a system failure: nobody is being contacted';
    default: {
      const never: never = t.type;
      return never;
    }
  }
}

/** "Texted Ben", "Emailed you", "Sent Ben a push notification". */
function sentTo(who: string, channel: string | null): string {
  if (channel === 'sms') return `Texted ${who}`;
  if (channel === 'email') return `Emailed ${who}`;
  if (channel === 'push') return `Sent ${who} a push notification`;
  return `Contacted ${who}`;
}

function channelAsVia(channel: string | null): AnswerVia | null {
  return channel === 'app' || channel === 'push' || channel === 'sms' || channel === 'email' ? channel : null;
}

/**
 * The number to call from a phone in the browser's region. 112 reaches emergency services
 * from any mobile in Europe and most of the world; where people know another one by heart,
 * that one is shown.
 */
export function emergencyNumber(locale: string = typeof navigator === 'undefined' ? 'en' : navigator.language): string {
  const region = (/[-_]([A-Za-z]{2})\b/.exec(locale)?.[1] ?? '').toUpperCase();
  if (region === 'US' || region === 'CA') return '911';
  if (region === 'GB') return '999';
  if (region === 'AU') return '000';
  return '112';
}

/** How loud a card is: an open emergency and "nobody answered" are red; someone on it is calm. */
export function alertTone(e: EscalationView): 'emergency' | 'severe' | 'open' | 'answered' | 'done' {
  if (e.status === 'unreached' || e.status === 'failed') return 'severe';
  if (e.status === 'active' || e.status === 'claimed') return e.kind === 'emergency' ? 'emergency' : e.status === 'claimed' ? 'answered' : 'open';
  if (e.status === 'acknowledged') return 'answered';
  return 'done';
}
