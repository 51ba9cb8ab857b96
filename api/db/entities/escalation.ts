import { EntitySchema } from 'typeorm';
import type { EscalationKind, EscalationStatus } from '../../contracts/escalations';
import type { AnswerVia } from '../../contracts/notifications';

/** The record of one escalation; the workflow `escalation/<id>` drives it, activities write it. */
export interface Escalation {
  id: string;
  familyId: string;
  careRecipientId: string | null;
  kind: EscalationKind;
  urgency: 'urgent' | 'emergency';
  status: EscalationStatus;
  ackCode: string;
  note: string | null;
  startedBy: string | null;
  startedAt: Date;
  round: number;
  step: number;
  answeredBy: string | null;
  answeredVia: AnswerVia | null;
  answeredAt: Date | null;
  claimUntil: Date | null;
  resolutionNote: string | null;
  finishedAt: Date | null;
  /** A medication alert's medication, e.g. "Metformin 500 mg" (shown in the app only; texts stay discreet). */
  subject: string | null;
  /** The dose a medication alert is about, on the recipient's clock: "2026-03-08T08:00". */
  doseKey: string | null;
  /** The chain as frozen when it opened: who each step pages, how, and for how long. */
  chain: { userIds: string[]; channels: string[]; waitMinutes: number }[] | null;
  stepStartedAt: Date | null;
  resolvedBy: string | null;
}

export const EscalationEntity = new EntitySchema<Escalation>({
  name: 'Escalation',
  tableName: 'escalations',
  columns: {
    id: { type: 'uuid', primary: true },
    familyId: { type: 'uuid', name: 'family_id' },
    careRecipientId: { type: 'uuid', name: 'care_recipient_id', nullable: true },
    kind: { type: 'text' },
    urgency: { type: 'text' },
    status: { type: 'text' },
    ackCode: { type: 'text', name: 'ack_code' },
    note: { type: 'text', nullable: true },
    startedBy: { type: 'uuid', name: 'started_by', nullable: true },
    startedAt: { type: 'timestamptz', name: 'started_at' },
    round: { type: 'int' },
    step: { type: 'int' },
    answeredBy: { type: 'uuid', name: 'answered_by', nullable: true },
    answeredVia: { type: 'text', name: 'answered_via', nullable: true },
    answeredAt: { type: 'timestamptz', name: 'answered_at', nullable: true },
    claimUntil: { type: 'timestamptz', name: 'claim_until', nullable: true },
    resolutionNote: { type: 'text', name: 'resolution_note', nullable: true },
    finishedAt: { type: 'timestamptz', name: 'finished_at', nullable: true },
    subject: { type: 'text', nullable: true },
    doseKey: { type: 'text', name: 'dose_key', nullable: true },
    chain: { type: 'jsonb', nullable: true },
    stepStartedAt: { type: 'timestamptz', name: 'step_started_at', nullable: true },
    resolvedBy: { type: 'uuid', name: 'resolved_by', nullable: true },
  },
});
