import { z } from 'zod';
import { Role, Uuid } from './common';
import { AnswerVia, Channel } from './notifications';

export const EscalationTarget = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('members'), userIds: z.array(Uuid).min(1).max(50) }),
  z.strictObject({ kind: z.literal('role'), role: Role }),
  z.strictObject({ kind: z.literal('everyone') }),
]);
export type EscalationTarget = z.infer<typeof EscalationTarget>;

export const EscalationStep = z.strictObject({
  targets: EscalationTarget,
  channels: z
    .array(Channel)
    .min(1)
    .refine((c) => new Set(c).size === c.length, { message: 'each channel once' }),
  waitMinutes: z.int().min(1, { message: 'wait at least 1 minute' }).max(1440, { message: 'wait at most 24 hours' }),
});
export type EscalationStep = z.infer<typeof EscalationStep>;

/** Steps run in order; the whole chain runs `repeat` times before the escalation is "unreached". */
export const EscalationPolicyInput = z.strictObject({
  steps: z.array(EscalationStep).min(1, { message: 'at least one step' }).max(10),
  repeat: z.int().min(1).max(10),
});
export type EscalationPolicyInput = z.infer<typeof EscalationPolicyInput>;
export const EscalationPolicyResponse = z.object({ policy: EscalationPolicyInput, isDefault: z.boolean() });

export const EscalationKind = z.enum(['medication', 'appointment', 'shift', 'emergency', 'test']);
export type EscalationKind = z.infer<typeof EscalationKind>;
export const EscalationStatus = z.enum(['active', 'claimed', 'acknowledged', 'resolved', 'unreached', 'cancelled', 'failed']);
export type EscalationStatus = z.infer<typeof EscalationStatus>;
export const OPEN_STATUSES: readonly EscalationStatus[] = ['active', 'claimed'];

export const EscalationView = z.object({
  id: Uuid,
  familyId: Uuid,
  careRecipientId: Uuid.nullable(),
  kind: EscalationKind,
  urgency: z.enum(['urgent', 'emergency']),
  status: EscalationStatus,
  /** Shown in SMS: "reply 4821 to acknowledge". */
  ackCode: z.string(),
  note: z.string().nullable(),
  startedBy: Uuid.nullable(),
  startedAt: z.iso.datetime(),
  round: z.int(),
  step: z.int(),
  answeredBy: Uuid.nullable(),
  answeredVia: AnswerVia.nullable(),
  answeredAt: z.iso.datetime().nullable(),
  claimUntil: z.iso.datetime().nullable(),
  resolutionNote: z.string().nullable(),
  finishedAt: z.iso.datetime().nullable(),
  /** A medication alert's medication ("Metformin 500 mg"); null for other kinds and older alerts. */
  subject: z.string().nullable(),
  /** The dose it is about, on the recipient's clock ("2026-03-08T08:00"). */
  doseKey: z.string().nullable(),
  /** Who each step pages, how and how long it waits: the app says "Texting Ben now; Ana at 06:48". */
  chain: z.array(z.object({ userIds: z.array(Uuid), channels: z.array(z.string()), waitMinutes: z.int() })).nullable(),
  stepStartedAt: z.iso.datetime().nullable(),
  resolvedBy: Uuid.nullable(),
});
export type EscalationView = z.infer<typeof EscalationView>;

export const TimelineEntry = z.object({
  id: z.string(),
  escalationId: Uuid,
  at: z.iso.datetime(),
  type: z.enum(['started', 'step_started', 'delivery', 'acknowledged', 'claimed', 'claim_expired', 'resolved', 'unreached', 'cancelled', 'failed']),
  round: z.int().nullable(),
  step: z.int().nullable(),
  userId: Uuid.nullable(),
  channel: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const EscalationList = z.object({ escalations: z.array(EscalationView) });
export const EscalationDetail = z.object({ escalation: EscalationView, timeline: z.array(TimelineEntry) });

export const EmergencyInput = z.strictObject({
  careRecipientId: Uuid.optional(),
  note: z.string().trim().max(280).optional(),
});
export const ClaimInput = z.strictObject({ minutes: z.int().min(5).max(240) });
export const ResolveInput = z.strictObject({ note: z.string().trim().min(1).max(500) });
export const EscalationResponse = z.object({ escalation: EscalationView });

/** Answering from an email link or a push action: the signed token says who and which escalation. */
export const TokenAnswerInput = z.strictObject({ action: z.enum(['acknowledge', 'claim']) });
export const AnswerTokenPreview = z.object({
  escalationId: Uuid,
  familyId: Uuid,
  kind: EscalationKind,
  status: EscalationStatus,
  expiresAt: z.iso.datetime(),
});
export const AnswerTokenPreviewResponse = z.object({ answer: AnswerTokenPreview });

export const DeliveryAttemptView = z.object({
  id: Uuid,
  escalationId: Uuid.nullable(),
  /** A medication reminder's schedule and dose (escalationId is null then). */
  scheduleId: Uuid.nullable().optional(),
  doseKey: z.string().nullable().optional(),
  userId: Uuid.nullable(),
  channel: Channel,
  provider: z.string(),
  status: z.enum(['sending', 'sent', 'failed_transient', 'failed_permanent']),
  providerMessageId: z.string().nullable(),
  error: z.string().nullable(),
  tries: z.int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type DeliveryAttemptView = z.infer<typeof DeliveryAttemptView>;
export const FamilyDeliveries = z.object({ deliveries: z.array(DeliveryAttemptView), answers: z.array(TimelineEntry) });
