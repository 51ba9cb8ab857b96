import type { AnswerVia, AuditEntry, FamilyTimelineItem } from './api/contracts';
import { timelineLine, viaLabel } from './escalationText';
import { roleLabel } from './format';
import { t } from './i18n';
import { capital } from './i18n/capital';
import type { Who } from './i18n/en/family';

/** Words for the family feed and the audit trail, in the current language. */

const asVia = (via: string | null): AnswerVia | null => (via === 'app' || via === 'push' || via === 'sms' || via === 'email' ? via : null);

/** A member as a sentence names them: useMemberNames speaks English ("you", "someone"), so those become the current language's words. */
function person(nameOf: (userId: string | null) => string, userId: string | null): Who {
  const raw = nameOf(userId);
  const names = t.value.family.timeline.names;
  const known: Record<string, string> = { you: names.you, someone: names.someone, 'a former member': names.formerMember };
  return { name: known[raw] ?? raw, you: raw === 'you' };
}

/** One feed item as a sentence: "Ben gave Paracetamol by SMS reply", "Emergency: you acknowledged in the app". */
export function itemLine(item: FamilyTimelineItem, nameOf: (userId: string | null) => string): string {
  const words = t.value.family.timeline;
  const who = person(nameOf, item.userId);
  switch (item.kind) {
    case 'dose': {
      const via = viaLabel(asVia(item.via));
      const dose = words.dose(item.medicationName, item.doseKey.slice(11));
      if (item.outcome === 'missed') return words.missed(dose);
      if (item.outcome === 'skipped') return capital(words.skipped(who, dose, via).trim());
      return capital(words.given(who, dose, item.outcome === 'late', via).trim());
    }
    case 'escalation':
    case 'emergency': {
      const entry = { id: item.id, escalationId: item.escalationId, at: item.at, type: item.event, round: item.round, step: item.step, userId: item.userId, channel: item.channel, detail: item.via ? { via: item.via } : {} };
      const line = timelineLine(entry, nameOf);
      return item.kind === 'emergency' ? words.emergency(line) : words.alert(line);
    }
    case 'membership':
      return membershipLine(item, who, person(nameOf, item.actorId));
    default: {
      const never: never = item;
      return never;
    }
  }
}

function membershipLine(item: Extract<FamilyTimelineItem, { kind: 'membership' }>, who: Who, by: Who): string {
  const words = t.value.family.timeline;
  const role = item.role ? roleLabel(item.role) : null;
  const event = item.event;
  switch (event) {
    case 'joined':
      return capital(words.joined(who, role));
    case 'left':
      return capital(words.left(who));
    case 'removed':
      return capital(words.removed(who, by));
    case 'role_changed':
      return capital(words.roleChanged(who, role, by));
    default: {
      const never: never = event;
      return never;
    }
  }
}

/** "Ben read a medication in the app" — or "… tried to change …" when refused. */
export function auditLine(e: AuditEntry, nameOf: (userId: string | null) => string): string {
  const words = t.value.family.audit;
  // A read without a record id was of the whole list.
  const what = (e.resourceId === null ? words.lists[e.resourceType] : undefined) ?? words.resources[e.resourceType];
  const verb = (e.outcome === 'denied' ? words.tried : words.actions)[e.action];
  return capital(words.line(person(nameOf, e.userId), verb, what, words.via[e.via]));

}
