import type { FamilyTimelineItem } from '../contracts/timeline';
import { badRequest } from '../http/errors';
import type { TimelineRow } from './query';

const iso = (v: string | Date) => new Date(v).toISOString();

export function presentTimelineItem(r: TimelineRow): FamilyTimelineItem {
  const base = { id: r.item_id, at: r.at.toISOString(), recipientId: r.recipient_id, userId: r.user_id };
  const d = r.data;
  switch (r.kind) {
    case 'dose':
      return { ...base, kind: 'dose', scheduleId: d.scheduleId, medicationName: d.medicationName ?? '', doseKey: d.doseKey, dueAt: iso(d.dueAt), outcome: d.outcome, via: d.via ?? null };
    case 'escalation':
    case 'emergency':
      return { ...base, kind: r.kind, escalationId: d.escalationId, event: d.event, channel: d.channel ?? null, via: d.via ?? null, round: d.round ?? null, step: d.step ?? null };
    case 'membership':
      return { ...base, kind: 'membership', event: d.event, role: d.role ?? null, actorId: d.actorId ?? null };
    default: {
      const never: never = r.kind;
      return never;
    }
  }
}

/** The cursor is opaque to clients: the last item's instant (to the microsecond) and id. */
export function encodeCursor(r: TimelineRow): string {
  return Buffer.from(`${r.at_text}|${r.item_id}`).toString('base64url');
}

export function decodeCursor(cursor: string): { at: string; id: string } {
  const [at, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const valid = rest.length === 0 && !!id && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(at ?? '') && /^(dose|escalation|member):[0-9a-f-]{1,36}$/.test(id);
  if (!valid) throw badRequest('The query names something invalid.', [{ path: 'before', message: 'must be the nextBefore of a previous page' }]);
  return { at: at!, id };
}
