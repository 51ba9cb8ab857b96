import { z } from 'zod';
import { Role, Uuid } from './common';
import { AnswerVia } from './notifications';

/**
 * What the family feed shows. Appointments and shifts join the list when they exist in
 * CareCircle (they do not yet).
 */
export const TimelineKind = z.enum(['dose', 'escalation', 'emergency', 'membership']);
export type TimelineKind = z.infer<typeof TimelineKind>;

const base = {
  /** Stable and unique across kinds; the page cursor builds on it. */
  id: z.string(),
  at: z.iso.datetime(),
  recipientId: Uuid.nullable(),
  /** Who acted: answered the dose, was paged or answered the alert, joined / left. */
  userId: Uuid.nullable(),
};

const EscalationItem = {
  ...base,
  escalationId: Uuid,
  event: z.enum(['started', 'step_started', 'delivery', 'acknowledged', 'claimed', 'claim_expired', 'resolved', 'unreached', 'cancelled', 'failed']),
  /** The channel a page went out on (deliveries). */
  channel: z.string().nullable(),
  /** How an answer came in (acknowledged, claimed, resolved): app, sms, email link, push action. */
  via: AnswerVia.nullable(),
  round: z.int().nullable(),
  step: z.int().nullable(),
};

export const FamilyTimelineItem = z.discriminatedUnion('kind', [
  z.object({
    ...base,
    kind: z.literal('dose'),
    scheduleId: Uuid,
    medicationName: z.string(),
    doseKey: z.string(),
    dueAt: z.iso.datetime(),
    outcome: z.enum(['taken', 'skipped', 'missed', 'late']),
    via: z.string().nullable(),
  }),
  z.object({ ...EscalationItem, kind: z.literal('escalation') }),
  z.object({ ...EscalationItem, kind: z.literal('emergency') }),
  z.object({
    ...base,
    kind: z.literal('membership'),
    event: z.enum(['joined', 'left', 'removed', 'role_changed']),
    role: Role.nullable(),
    actorId: Uuid.nullable(),
  }),
]);
export type FamilyTimelineItem = z.infer<typeof FamilyTimelineItem>;

/** Query parameters of GET …/timeline, each with its description for the OpenAPI document. */
export const TimelineQuery = {
  recipientId: { description: 'Only what concerns this care recipient (membership changes concern nobody in particular).', schema: Uuid.optional() },
  kind: { description: 'Only this kind of item.', schema: TimelineKind.optional() },
  before: {
    description: 'The `nextBefore` of the previous page.',
    schema: z.string().regex(/^[A-Za-z0-9_-]{8,200}$/, { message: 'must be the nextBefore of a previous page' }).optional(),
  },
  limit: { description: 'Items per page (30 when left out).', schema: z.coerce.number().int().min(1).max(100).default(30) },
};

export const TimelinePage = z.object({ items: z.array(FamilyTimelineItem), nextBefore: z.string().nullable() });
export type TimelinePage = z.infer<typeof TimelinePage>;
