import { z } from 'zod';
import { InvitationView, MemberView, RecipientView } from './families';
import { Role, Uuid } from './common';
import { DeliveryAttemptView, EscalationView, TimelineEntry } from './escalations';
import { MedicationScheduleView, TodayDose } from './medication-views';
import { LocalDateTime } from './appointments';

/** Everything that can happen in a family and is pushed live; one discriminated union for API and SPA. */
export const FamilyEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('family.renamed'), name: z.string() }),
  z.object({ type: z.literal('family.deleted') }),
  z.object({ type: z.literal('member.joined'), member: MemberView }),
  z.object({ type: z.literal('member.role_changed'), userId: Uuid, role: Role }),
  z.object({ type: z.literal('member.removed'), userId: Uuid }),
  z.object({ type: z.literal('invitation.changed'), invitation: InvitationView }),
  z.object({ type: z.literal('recipient.created'), recipient: RecipientView }),
  z.object({ type: z.literal('recipient.updated'), recipient: RecipientView }),
  z.object({ type: z.literal('recipient.deleted'), recipientId: Uuid }),
  z.object({ type: z.literal('escalation.changed'), escalation: EscalationView }),
  z.object({ type: z.literal('escalation.timeline'), entry: TimelineEntry }),
  z.object({ type: z.literal('delivery.changed'), delivery: DeliveryAttemptView }),
  /** Created, edited, paused, resumed, refilled or its supply counted down. */
  z.object({ type: z.literal('medication.changed'), medication: MedicationScheduleView }),
  z.object({ type: z.literal('medication.deleted'), scheduleId: Uuid }),
  /** A dose fell due, was snoozed, escalated or recorded. */
  z.object({ type: z.literal('dose.changed'), dose: TodayDose }),
  /**
   * A series was created, edited, split or deleted (no key), or one occurrence changed: moved,
   * cancelled, a ride taken or given back, a check-in, a summary. Ids only: pages refetch.
   */
  z.object({ type: z.literal('appointment.changed'), familyId: Uuid, seriesId: Uuid, occurrenceKey: LocalDateTime.optional() }),
  /** A shift changed (check-in / out, late, accepted, swapped, reassigned), or a rotation's shifts (no shiftId). Ids only: pages refetch. */
  z.object({ type: z.literal('shift.changed'), familyId: Uuid, shiftId: Uuid.optional() }),
]);
export type FamilyEvent = z.infer<typeof FamilyEvent>;

export const ClientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('subscribe'), familyId: Uuid }),
  z.object({ type: z.literal('unsubscribe'), familyId: Uuid }),
  z.object({ type: z.literal('ping') }),
  /** Commands to workflows; the answer comes back as `command_result` with the same requestId. */
  z.object({
    type: z.literal('acknowledge'),
    requestId: z.string().min(1).max(64),
    familyId: Uuid,
    escalationId: Uuid,
  }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

export type ServerMessage =
  | { type: 'hello'; userId: string }
  | { type: 'subscribed'; familyId: string }
  | { type: 'unsubscribed'; familyId: string }
  | { type: 'pong' }
  | { type: 'event'; familyId: string; event: FamilyEvent; at: string }
  | { type: 'error'; code: 'validation_failed' | 'forbidden' | 'not_found' | 'unavailable'; message: string; familyId?: string }
  | { type: 'command_result'; requestId: string; ok: true }
  | { type: 'command_result'; requestId: string; ok: false; error: { code: string; message: string } };
