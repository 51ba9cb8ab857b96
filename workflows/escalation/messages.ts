import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { AnswerVia, Channel } from '../../api/contracts/notifications';
import type { EscalationKind } from '../../api/contracts/escalations';

/**
 * The escalation workflow's contract, declared once: its input, its messages and its
 * outcome. The API, parent workflows and tests import these; nobody spells the names.
 */
export interface EscalationInput {
  escalationId: string;
  familyId: string;
  careRecipientId: string | null;
  kind: EscalationKind;
  /** `emergency` pages every member on every channel and repeats until someone answers. */
  urgency: 'urgent' | 'emergency';
  /** A missed dose's chain: the schedule's own chain, when it has one, replaces the recipient's. */
  medicationScheduleId?: string;
  /** The missed dose ("2026-03-08T08:00"): the alert names it in the app. */
  doseKey?: string;
  /** A late shift's chain: the page names whose shift and when. */
  shiftId?: string;
}

export const escalationWorkflowId = (escalationId: string) => `escalation/${escalationId}`;

export interface AnswerInput {
  userId: string;
  via: AnswerVia;
}

/** "I saw it, I'm handling it": stops the chain at once; the escalation is over. */
export const acknowledgeUpdate = defineUpdate<EscalationState, [AnswerInput]>('acknowledge');
/** "I'm on it" for `minutes`: the chain pauses; if nobody resolves it by then, the chain resumes. */
export const claimUpdate = defineUpdate<EscalationState, [AnswerInput & { minutes: number }]>('claim');
/** Closes the escalation with a note (an emergency handled, a claimed task done). */
export const resolveUpdate = defineUpdate<EscalationState, [{ userId: string; note: string }]>('resolve');
/**
 * Answers that arrive by webhook (SMS reply, email link, push action). Already
 * authenticated by the API (signature / signed token); signals cannot be refused, so the
 * workflow ignores an answer that comes after the escalation finished.
 */
export const externalAnswerSignal = defineSignal<[AnswerInput & { action: 'acknowledge' | 'claim'; minutes?: number }]>('externalAnswer');
/** A claim by SMS reply or email link carries no duration: it holds the chain this long. */
export const EXTERNAL_CLAIM_MINUTES = 30;
/** Sent by a parent workflow when the underlying task got done some other way (dose logged). */
export const taskDoneSignal = defineSignal<[{ userId: string | null }]>('taskDone');
export const escalationStateQuery = defineQuery<EscalationState>('escalationState');

export type EscalationPhase = 'active' | 'claimed' | 'acknowledged' | 'resolved' | 'unreached' | 'cancelled';

export interface EscalationState {
  phase: EscalationPhase;
  /** 1-based round through the chain, 1-based step within it; 0 before the first step. */
  round: number;
  step: number;
  answeredBy: string | null;
  answeredVia: AnswerVia | null;
  claimUntil: string | null;
  /** Every send so far, for the live view and for tests: one per person, step, round and channel. */
  deliveries: { round: number; step: number; userId: string; channel: Channel; ok: boolean }[];
}

export interface EscalationOutcome {
  outcome: 'acknowledged' | 'resolved' | 'unreached' | 'cancelled';
  by: string | null;
  via: AnswerVia | null;
}

/** ApplicationFailure types the update validators throw; the API maps them to 403 / 409. */
export const NOT_A_MEMBER = 'NotAMember';
export const ALREADY_FINISHED = 'EscalationAlreadyFinished';
