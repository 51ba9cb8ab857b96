import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { AnswerVia } from '../../api/contracts/notifications';
import type { DoseOutcome, DoseSettings } from '../../activities/medication/types';

/**
 * The medication schedule workflow's contract, declared once: its input, its messages,
 * its state and the failure types its validators throw. The API and tests import these.
 */

// Declared beside the lookup that also brings them back from the row.
export type { DoseSettings };

export interface MedicationScheduleWorkflowInput extends DoseSettings {
  scheduleId: string;
  familyId: string;
  careRecipientId: string;
  /** Set only by continue-as-new. */
  carry?: MedicationCarry;
}

/** Where the schedule stands between two doses: all a fresh run needs. */
export interface MedicationCarry {
  /** The last dose handled (its due instant and key), or the instant from which to look for the next one. */
  afterUtc: string;
  afterDoseKey?: string;
  paused: boolean;
  version: number;
  counts: Record<DoseOutcome, number>;
  /** So a repeated answer to the dose just recorded is still told "already answered" on the new run. Absent in runs carried before it existed. */
  lastOutcome?: { doseKey: string; outcome: DoseOutcome } | null;
}

export const medicationWorkflowId = (scheduleId: string) => `medication/${scheduleId}`;

export interface DoseAnswer {
  doseKey: string;
  userId: string;
  via: AnswerVia;
}

/** "Given": closes the dose (late if the escalation had already started). */
export const takenUpdate = defineUpdate<MedicationState, [DoseAnswer]>('taken');
/** "Not given, and why": closes the dose. */
export const skippedUpdate = defineUpdate<MedicationState, [DoseAnswer & { reason: string }]>('skipped');
/** "Remind me again in snoozeMinutes": the answer window starts again from that reminder. */
export const snoozeUpdate = defineUpdate<MedicationState, [DoseAnswer]>('snooze');

/** A hospital stay: no reminders until resumed; doses due meanwhile are not asked for. */
export const pauseSignal = defineSignal('pause');
export const resumeSignal = defineSignal('resume');
/** The row was edited (times, dose, caregiver, window): applies from the next dose. */
export const scheduleChangedSignal = defineSignal<[DoseSettings & { version: number }]>('scheduleChanged');
/** The schedule was deleted: pending reminders and a running escalation are cancelled, the workflow ends. */
export const deleteScheduleSignal = defineSignal('deleteSchedule');

export const medicationStateQuery = defineQuery<MedicationState>('medicationState');

export type MedicationPhase = 'scheduled' | 'awaiting_answer' | 'escalating' | 'paused' | 'ended' | 'deleted';

export interface PendingDose {
  doseKey: string;
  dueAt: string;
  version: number;
  snoozes: number;
  /** The escalation starts at this instant if nobody answers (moves with each snooze). */
  escalateAt: string;
  /** Set once the chain has been started; its step is the escalation workflow's own query. */
  escalationId: string | null;
}

export interface MedicationState {
  phase: MedicationPhase;
  version: number;
  nextDose: { doseKey: string; dueAt: string } | null;
  /** The first of the open doses (the one the API has always shown). */
  pendingDose: PendingDose | null;
  /** Every dose due and not yet answered or closed: doses due at one instant are open together. */
  pendingDoses: PendingDose[];
  lastOutcome: { doseKey: string; outcome: DoseOutcome } | null;
  counts: Record<DoseOutcome, number>;
  /** The latest failure the schedule went on past (e.g. a reason PostgreSQL could not store); absent when none. */
  problem?: { at: string; message: string; type: string };
}

export interface MedicationResult {
  ended: 'completed' | 'deleted';
  counts: Record<DoseOutcome, number>;
}

/** ApplicationFailure types the update validators throw; the API maps them to 404 / 409 / 422. */
export const WRONG_DOSE = 'WrongDose';
export const DOSE_ALREADY_ANSWERED = 'DoseAlreadyAnswered';
export const SNOOZE_LIMIT = 'SnoozeLimitReached';
export const REASON_REQUIRED = 'SkipReasonRequired';
export { EARLY_ANSWER_MINUTES } from '../../api/contracts/dose-timing';
export const DOSE_NOT_DUE_YET = 'DoseNotDueYet';
