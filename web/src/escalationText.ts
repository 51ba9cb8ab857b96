import type { AnswerVia, Channel, EscalationKind, EscalationView, TimelineEntry, TodayDose } from './api/contracts';
import { intlLocale, t } from './i18n';

/**
 * Words for escalations, shared by the banner, the list and the detail page. One vocabulary
 * everywhere, as a worried person would say it: "not confirmed" → "Ben is on it" →
 * "given late at 06:48"; no rounds, steps or codes.
 */

/** The current language's words for alerts (read on every call, so a language switch shows at once). */
const words = () => t.value.alerts;

export const kindLabel = (kind: EscalationKind) => words().kinds[kind];

const isChannel = (channel: string | null): channel is Channel => channel === 'push' || channel === 'sms' || channel === 'email';
export const channelLabel = (channel: Channel) => words().channels[channel];
export const channelLabelOf = (channel: string | null) => (isChannel(channel) ? channelLabel(channel) : (channel ?? ''));

export const viaLabel = (via: AnswerVia | null) => (via ? words().via[via] : '');

const time = (iso: string) => new Intl.DateTimeFormat(intlLocale(), { timeStyle: 'short' }).format(new Date(iso));
const timeOnClock = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat(intlLocale(), { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));

type NameOf = (userId: string | null) => string;
// Names come from useMemberNames, whose stand-ins ("you", "someone", "a former member") are English.
const isYou = (who: string) => who === 'you' || who === words().words.you;
function say(who: string): string {
  if (isYou(who)) return words().words.you;
  if (who === 'someone') return words().words.someone;
  return who === 'a former member' ? words().words.formerMember : who;
}
/** A person in a sentence: their name (or "you" in the current language), and whether it is the reader. */
const person = (nameOf: NameOf, userId: string | null) => {
  const who = nameOf(userId);
  return { who: say(who), you: isYou(who) };
};

/** A member's name as a sentence says it: "Ben", or "you" in the current language. */
export const nameInWords = (nameOf: NameOf, userId: string | null) => say(nameOf(userId));

/** "Ben is on it", "You are on it". */
export function onItLine(nameOf: NameOf, userId: string | null): string {
  const p = person(nameOf, userId);
  return words().status.onIt(p.who, p.you);
}

/**
 * What the alert is about, in the app only (texts and emails stay discreet): the medication
 * and its dose time for a dose, else the kind. "Metformin 500 mg · 08:00 dose".
 */
export function alertSubject(e: Pick<EscalationView, 'kind' | 'subject' | 'doseKey'>): string {
  if (e.kind !== 'medication' || !e.subject) return kindLabel(e.kind);
  return e.doseKey ? words().subject.dose(e.subject, e.doseKey.slice(11)) : e.subject;
}

/** The title of a card: "Nobody answered: " first when that is how it ended. */
export const alertHeadline = (e: Pick<EscalationView, 'kind' | 'subject' | 'doseKey' | 'status'>) =>
  `${e.status === 'unreached' ? words().subject.unreachedPrefix : ''}${alertSubject(e)}`;

/** "Raised by Ben" for an emergency someone raised, else "Started". */
export const startedLine = (e: Pick<EscalationView, 'startedBy'>, nameOf: NameOf) =>
  e.startedBy ? words().card.raisedBy(say(nameOf(e.startedBy))) : words().card.started;

/** "Ben", "Ben and Ana", "Ben, Ana and Sam". */
export function namesInWords(names: string[]): string {
  const said = names.map(say);
  if (said.length <= 1) return said[0] ?? words().words.nobody;
  return words().words.list(said);
}

/**
 * Who is being contacted now and who comes next: "Texting Ben now; Ana at 06:48 if Ben
 * doesn't answer". Null until the first step has begun or for an alert without its chain.
 */
export function pagingLine(e: EscalationView, nameOf: NameOf): string | null {
  const current = e.chain?.[e.step - 1];
  if (e.status !== 'active' || !current || current.userIds.length === 0) return null;
  const only = current.channels.length === 1 ? current.channels[0] : undefined;
  const how = only === 'sms' || only === 'email' || only === 'push' ? only : 'any';
  const names = current.userIds.map(nameOf);
  const now = namesInWords(names);
  const youNow = names.length === 1 && isYou(names[0]!);
  const nowLine = words().paging.now(how, now, youNow);
  const next = e.chain?.[e.step];
  if (!next || next.userIds.length === 0 || !e.stepStartedAt) return nowLine;
  const at = time(new Date(Date.parse(e.stepStartedAt) + current.waitMinutes * 60_000).toISOString());
  return `${nowLine}${words().paging.next(namesInWords(next.userIds.map(nameOf)), at, now, youNow, names.length > 1)}`;
}

/**
 * One line saying where an escalation stands. For a dose alert, `dose` (from Today) tells
 * how it ended: "Given late at 06:48 by Ben" rather than a bare "resolved".
 */
export function statusLine(e: EscalationView, nameOf: NameOf, dose?: TodayDose): string {
  const w = words().status;
  switch (e.status) {
    case 'active':
      return pagingLine(e, nameOf) ?? (e.kind === 'medication' ? w.notConfirmedYet : w.contactingFamily);
    case 'claimed':
      return `${onItLine(nameOf, e.answeredBy)}${e.claimUntil ? w.until(time(e.claimUntil)) : ''}`;
    case 'acknowledged':
      return `${onItLine(nameOf, e.answeredBy)}${e.answeredVia ? w.answered(viaLabel(e.answeredVia)) : ''}`;
    case 'resolved': {
      const by = e.resolvedBy ?? e.answeredBy;
      if (dose && (dose.status === 'taken' || dose.status === 'late') && dose.answeredAt) {
        const p = person(nameOf, dose.answeredBy);
        return w.given(dose.status === 'late', timeOnClock(dose.answeredAt, dose.timeZone), p.who, p.you);
      }
      if (dose?.status === 'skipped') {
        const p = person(nameOf, dose.answeredBy);
        return w.skipped(p.who, p.you);
      }
      return w.resolved(by ? say(nameOf(by)) : null, e.resolutionNote);
    }
    case 'unreached':
      return w.unreached;
    case 'cancelled':
      return w.cancelled;
    case 'failed':
      return w.failed;
    default: {
      const never: never = e.status;
      return never;
    }
  }
}

/** A timeline entry as a sentence: "Ben paged by SMS" or "Alice acknowledged from an email link". */
export function timelineLine(entry: TimelineEntry, nameOf: (userId: string | null) => string, escalation?: EscalationView): string {
  const w = words().timeline;
  const { who, you } = person(nameOf, entry.userId);
  // How an answer came: from the entry if it says, else from the escalation's own record of who answered.
  const via =
    typeof entry.detail.via === 'string'
      ? viaLabel(entry.detail.via as AnswerVia)
      : channelAsVia(entry.channel)
        ? viaLabel(channelAsVia(entry.channel))
        : escalation && entry.userId && entry.userId === escalation.answeredBy
          ? viaLabel(escalation.answeredVia)
          : '';
  switch (entry.type) {
    case 'started':
      if (entry.userId) return w.raisedBy(who);
      return escalation?.startedBy ? w.raisedBy(say(nameOf(escalation.startedBy))) : w.started;
    case 'step_started':
      if (entry.step === 1) return entry.round === 1 || entry.round === null ? w.firstRound : w.nextRound;
      return w.nextStep;
    case 'delivery': {
      const failed = typeof entry.detail.error === 'string' || entry.detail.ok === false;
      if (failed) return w.notReached(who, you, channelLabelOf(entry.channel));
      const how = entry.channel === 'sms' || entry.channel === 'email' || entry.channel === 'push' ? entry.channel : 'other';
      return w.sent(how, who, you);
    }
    case 'acknowledged':
      return w.acknowledged(who, you, via);
    case 'claimed':
      return w.claimed(who, you, via);
    case 'claim_expired':
      return w.claimExpired(who, you);
    case 'resolved':
      return w.resolved(who, you, typeof entry.detail.note === 'string' ? entry.detail.note : null);
    case 'unreached':
      return words().status.unreached;
    case 'cancelled':
      return words().status.cancelled;
    case 'failed':
      return words().status.failed;
    default: {
      const never: never = entry.type;
      return never;
    }
  }
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
