import type { DeliveryAttemptView, EscalationView, TimelineEntry } from '../contracts/escalations';
import type { Escalation } from '../db/entities/escalation';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentEscalation(e: Escalation): EscalationView {
  return {
    id: e.id,
    familyId: e.familyId,
    careRecipientId: e.careRecipientId,
    kind: e.kind,
    urgency: e.urgency,
    status: e.status,
    ackCode: e.ackCode,
    note: e.note,
    startedBy: e.startedBy,
    startedAt: e.startedAt.toISOString(),
    round: e.round,
    step: e.step,
    answeredBy: e.answeredBy,
    answeredVia: e.answeredVia,
    answeredAt: iso(e.answeredAt),
    claimUntil: iso(e.claimUntil),
    resolutionNote: e.resolutionNote,
    finishedAt: iso(e.finishedAt),
    subject: e.subject ?? null,
    doseKey: e.doseKey ?? null,
    chain: e.chain ?? null,
    stepStartedAt: iso(e.stepStartedAt ?? null),
    resolvedBy: e.resolvedBy ?? null,
  };
}

/** Rows of escalation_events as selected with `SELECT *`. */
export function presentTimelineRow(r: Record<string, any>): TimelineEntry {
  return {
    id: String(r.id),
    escalationId: r.escalation_id,
    at: (r.at as Date).toISOString(),
    type: r.type,
    round: r.round ?? null,
    step: r.step ?? null,
    userId: r.user_id ?? null,
    channel: r.channel ?? null,
    detail: r.detail ?? {},
  };
}

/** Rows of delivery_attempts as selected with `SELECT *`. */
export function presentDeliveryRow(r: Record<string, any>): DeliveryAttemptView {
  return {
    id: r.id,
    escalationId: r.escalation_id ?? null,
    scheduleId: r.schedule_id ?? null,
    doseKey: r.dose_key ?? null,
    userId: r.user_id ?? null,
    channel: r.channel,
    provider: r.provider,
    status: r.status,
    providerMessageId: r.provider_message_id ?? null,
    error: r.error ?? null,
    tries: r.tries,
    createdAt: (r.created_at as Date).toISOString(),
    updatedAt: (r.updated_at as Date).toISOString(),
  };
}
