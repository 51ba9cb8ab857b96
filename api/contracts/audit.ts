import { z } from 'zod';
import { Uuid } from './common';

/** What was done to health data; "answer" is taken / skipped / snoozed / acknowledged / claimed / resolved. */
export const AuditAction = z.enum(['read', 'create', 'update', 'delete', 'answer']);
export type AuditAction = z.infer<typeof AuditAction>;

/**
 * The kinds of health data the trail covers. A shift rotation is `rotation`, one shift (and its
 * check-in, check-out, offer and swap) is `shift`, the coverage board and its hours are `coverage`. An appointment's visit (ride, check-in,
 * summary) is `visit`; the calendar feed, read with its secret and no session, is `calendar_feed`.
 */
export const AuditResource = z.enum([
  'medication',
  'dose',
  'today',
  'adherence',
  'escalation',
  'emergency',
  'timeline',
  'live_events',
  'workflow_payloads',
  'appointment',
  'visit',
  'calendar_feed',
  'rotation',
  'shift',
  'coverage',
]);
export type AuditResource = z.infer<typeof AuditResource>;

/** How the request reached us: the REST API, the ws channel, an SMS reply, a signed email / push answer link. */
export const AuditVia = z.enum(['api', 'ws', 'sms', 'answer_link']);
export type AuditVia = z.infer<typeof AuditVia>;

/** One audit row as admins read it: who, when, what (never the health content itself) and from where. */
export const AuditEntry = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  userId: Uuid.nullable(),
  action: AuditAction,
  resourceType: AuditResource,
  resourceId: z.string().nullable(),
  outcome: z.enum(['allowed', 'denied']),
  via: AuditVia,
  operation: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** Query parameters of GET …/audit, each with its description for the OpenAPI document. */
export const AuditQuery = {
  before: {
    description: 'The `nextBefore` of the previous page.',
    schema: z.string().regex(/^\d{1,18}$/, { message: 'must be the nextBefore of a previous page' }).optional(),
  },
  limit: { description: 'Entries per page (50 when left out).', schema: z.coerce.number().int().min(1).max(200).default(50) },
};

export const AuditPage = z.object({ entries: z.array(AuditEntry), nextBefore: z.string().nullable() });
export type AuditPage = z.infer<typeof AuditPage>;
