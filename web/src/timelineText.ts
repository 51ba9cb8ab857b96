import type { AnswerVia, AuditEntry, FamilyTimelineItem, TimelineKind } from './api/contracts';
import { timelineLine, viaLabel } from './escalationText';
import { roleLabel } from './format';

/** Words for the family feed and the audit trail. */

export const kindNames: Record<TimelineKind, string> = {
  dose: 'Doses',
  escalation: 'Alerts',
  emergency: 'Emergencies',
  membership: 'Members',
};

const asVia = (via: string | null): AnswerVia | null => (via === 'app' || via === 'push' || via === 'sms' || via === 'email' ? via : null);
const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** One feed item as a sentence: "Ben gave Paracetamol by SMS reply", "Emergency: you acknowledged in the app". */
export function itemLine(item: FamilyTimelineItem, nameOf: (userId: string | null) => string): string {
  const who = nameOf(item.userId);
  switch (item.kind) {
    case 'dose': {
      const via = viaLabel(asVia(item.via));
      const dose = `${item.medicationName} (${item.doseKey.slice(11)} dose)`;
      if (item.outcome === 'missed') return `${dose} was missed`;
      if (item.outcome === 'skipped') return capital(`${who} did not give ${dose} ${via}`.trim());
      return capital(`${who} gave ${dose}${item.outcome === 'late' ? ' late' : ''} ${via}`.trim());
    }
    case 'escalation':
    case 'emergency': {
      const entry = { id: item.id, escalationId: item.escalationId, at: item.at, type: item.event, round: item.round, step: item.step, userId: item.userId, channel: item.channel, detail: item.via ? { via: item.via } : {} };
      return `${item.kind === 'emergency' ? 'Emergency' : 'Alert'}: ${timelineLine(entry, nameOf)}`;
    }
    case 'membership':
      return membershipLine(item, who, nameOf(item.actorId));
    default: {
      const never: never = item;
      return never;
    }
  }
}

function membershipLine(item: Extract<FamilyTimelineItem, { kind: 'membership' }>, who: string, by: string): string {
  const event = item.event;
  switch (event) {
    case 'joined':
      return capital(`${who} joined${item.role ? ` as ${roleLabel(item.role).toLowerCase()}` : ''}`);
    case 'left':
      return capital(`${who} left the family`);
    case 'removed':
      return capital(`${who} was removed by ${by}`);
    case 'role_changed':
      return capital(`${who} became ${item.role ? roleLabel(item.role).toLowerCase() : 'a member'} (changed by ${by})`);
    default: {
      const never: never = event;
      return never;
    }
  }
}

const actionNames: Record<AuditEntry['action'], string> = { read: 'read', create: 'created', update: 'changed', delete: 'deleted', answer: 'answered' };
const resourceNames: Record<AuditEntry['resourceType'], string> = {
  medication: 'a medication',
  dose: 'a dose',
  today: "today's doses",
  adherence: 'the adherence history',
  escalation: 'an alert',
  emergency: 'an emergency',
  timeline: 'the timeline',
  live_events: 'the live updates',
  workflow_payloads: 'workflow payloads (ops, through the codec server)',
  appointment: 'an appointment',
  visit: 'a visit (ride, check-in or summary)',
  calendar_feed: 'the calendar feed',
  rotation: 'a shift rotation',
  shift: 'a shift',
  coverage: 'the shift coverage and hours',
};
const listNames: Partial<Record<AuditEntry['resourceType'], string>> = { medication: 'the medication list', escalation: 'the alert list', appointment: 'the appointments' };
const auditVia: Record<AuditEntry['via'], string> = { api: 'in the app', ws: 'over the live channel', sms: 'by SMS', answer_link: 'from an email or push link' };

/** "Ben read a medication in the app" — or "… tried to change …" when refused. */
export function auditLine(e: AuditEntry, nameOf: (userId: string | null) => string): string {
  // A read without a record id was of the whole list.
  const what = e.resourceId === null && e.resourceType in listNames ? listNames[e.resourceType]! : resourceNames[e.resourceType];
  const verb = e.outcome === 'denied' ? `tried to ${e.action === 'answer' ? 'answer' : e.action === 'update' ? 'change' : e.action}` : actionNames[e.action];
  return capital(`${nameOf(e.userId)} ${verb} ${what} ${auditVia[e.via]}`);
}
