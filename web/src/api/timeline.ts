import { request, seg } from './client';
import { AuditPage, TimelinePage, type TimelineKind } from './contracts';

const family = (familyId: string) => `/api/families/${seg(familyId)}`;

export interface TimelineFilter {
  recipientId?: string;
  kind?: TimelineKind;
}

const query = (values: Record<string, string | number | undefined>) => {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== '') params.set(k, String(v));
  const text = params.toString();
  return text ? `?${text}` : '';
};

export const getTimeline = (familyId: string, filter: TimelineFilter, page: { before?: string; limit?: number } = {}) =>
  request('GET', `${family(familyId)}/timeline${query({ ...filter, ...page })}`, { schema: TimelinePage });

/** Admins only: who read or changed the family's health data. */
export const getAuditTrail = (familyId: string, before?: string) =>
  request('GET', `${family(familyId)}/audit${query({ before, limit: 50 })}`, { schema: AuditPage });
