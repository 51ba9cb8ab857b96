import type { AnswerVia, Channel } from '../../api/contracts/notifications';
import type { EscalationTimelineType } from './timeline-types';

/**
 * The policy as it stood when the escalation started, with targets resolved to people.
 * It is an activity result, so it lives in history: editing the policy later changes
 * nothing for a running escalation, and replay sees the same chain.
 */
export interface PolicySnapshot {
  ackCode: string;
  steps: { userIds: string[]; channels: Channel[]; waitMinutes: number }[];
  repeat: number;
  /** Who may answer (members when the escalation started) and who hears "unreached". */
  memberIds: string[];
  adminIds: string[];
}

export interface OpenEscalationInput {
  escalationId: string;
  familyId: string;
  careRecipientId: string | null;
  kind: 'medication' | 'appointment' | 'shift' | 'emergency' | 'test';
  urgency: 'urgent' | 'emergency';
  medicationScheduleId?: string;
  /** The missed dose ("2026-03-08T08:00"), so the app can name it. Older runs do not send it. */
  doseKey?: string;
  shiftId?: string;
}

/** Per person: the channels to try, in their preferred order, limited to what they can receive. */
export interface ContactPlan {
  userId: string;
  channels: readonly Channel[];
  /** For routine reminders only: the end of the person's quiet hours (ISO), or null if not quiet now. */
  quietUntil: string | null;
}

export interface PlanContactsInput {
  userIds: string[];
  /** The step's channels; the plan keeps them in each person's own preferred order. */
  channels: readonly Channel[];
  urgency: 'routine' | 'urgent' | 'emergency';
}

export type MessageTemplate = 'escalation' | 'emergency' | 'unreached';

/**
 * One send. The text is written by the activity from the escalation row (names never
 * enter workflow history); the key comes from business identity, never from a run id.
 */
export interface DeliveryRequest {
  /** e.g. `esc/<escalationId>/r1/s2/<userId>/sms` */
  idempotencyKey: string;
  familyId: string;
  escalationId: string;
  userId: string;
  channel: Channel;
  template: MessageTemplate;
  urgency: 'routine' | 'urgent' | 'emergency';
}

export interface DeliveryResult {
  /** `duplicate`: a send with this key already succeeded; nothing was sent again. */
  status: 'sent' | 'duplicate';
  provider: string;
  providerMessageId: string | null;
}

/** ApplicationFailure types thrown by `deliver`; all are non-retryable and mean "try the next channel". */
export const PERMANENT_DELIVERY_FAILURE = 'PermanentDeliveryFailure';
export const NO_ADDRESS = 'NoAddressForChannel';
/** The provider kept failing transiently (PROVIDER_TRIES times): the channel is given up for this send. */
export const CHANNEL_UNAVAILABLE = 'ChannelUnavailable';

/** Where the escalation's row stands after a `step_started` event: an answer the workflow never heard of shows here. */
export interface EscalationRowAnswer {
  status: NonNullable<TimelineEventInput['status']>;
  answeredBy: string | null;
  answeredVia: AnswerVia | null;
  /** ISO UTC. */
  claimUntil: string | null;
}

export interface RecordedEvent {
  recorded: boolean;
  /** Only for `step_started` (absent in results recorded before it). */
  row?: EscalationRowAnswer;
}

export interface TimelineEventInput {
  escalationId: string;
  familyId: string;
  type: EscalationTimelineType;
  round?: number;
  step?: number;
  userId?: string | null;
  channel?: Channel | null;
  via?: AnswerVia | null;
  detail?: Record<string, unknown>;
  /** Makes a retried record a no-op, e.g. `step_started/r1/s2`. */
  dedupeKey: string;
  /** The escalation row's new status / position, if this event changes them. */
  status?: 'active' | 'claimed' | 'acknowledged' | 'resolved' | 'unreached' | 'cancelled' | 'failed';
  claimUntil?: string | null;
  resolutionNote?: string;
}
