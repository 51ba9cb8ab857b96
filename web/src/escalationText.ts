import type { AnswerVia, Channel, EscalationKind, EscalationView, TimelineEntry } from './api/contracts';

/** Words for escalations, shared by the banner, the list and the detail page. */

const kindNames: Record<EscalationKind, string> = {
  medication: 'Missed medication',
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

/** One line saying where an escalation stands, e.g. "Acknowledged by Ben in the app". */
export function statusLine(e: EscalationView, nameOf: (userId: string | null) => string): string {
  switch (e.status) {
    case 'active':
      return e.step === 0 ? 'Starting to page…' : `Paging: round ${e.round}, step ${e.step}`;
    case 'claimed':
      return `Claimed by ${nameOf(e.answeredBy)}${e.claimUntil ? ` until ${time(e.claimUntil)}` : ''}`;
    case 'acknowledged':
      return `Acknowledged by ${nameOf(e.answeredBy)} ${viaLabel(e.answeredVia)}`.trim();
    case 'resolved':
      return e.resolutionNote ? `Resolved: ${e.resolutionNote}` : 'Resolved';
    case 'unreached':
      return 'Nobody answered';
    case 'cancelled':
      return 'Cancelled';
    case 'failed':
      return 'Stopped by a system failure: nobody is being paged';
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
      return `Round ${t.round ?? '?'}, step ${t.step ?? '?'} started`;
    case 'delivery': {
      const failed = typeof t.detail.error === 'string' || t.detail.ok === false;
      return failed
        ? `Could not reach ${who} by ${channelLabelOf(t.channel)}`
        : `Paged ${who} by ${channelLabelOf(t.channel)}`;
    }
    case 'acknowledged':
      return `${who} acknowledged ${via}`.trim();
    case 'claimed':
      return `${who} claimed it ${via}`.trim();
    case 'claim_expired':
      return `${who}'s claim ran out; paging again`;
    case 'resolved':
      return typeof t.detail.note === 'string' ? `${who} resolved it: ${t.detail.note}` : `${who} resolved it`;
    case 'unreached':
      return 'Nobody answered after every round';
    case 'cancelled':
      return 'Cancelled';
    case 'failed':
      return 'Paging stopped by a system failure';
    default: {
      const never: never = t.type;
      return never;
    }
  }
}

function channelAsVia(channel: string | null): AnswerVia | null {
  return channel === 'app' || channel === 'push' || channel === 'sms' || channel === 'email' ? channel : null;
}
