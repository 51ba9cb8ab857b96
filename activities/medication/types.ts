import type { AnswerVia, Channel } from '../../api/contracts/notifications';

/**
 * The medication activities' inputs and results, shared with the workflow (type-only:
 * nothing here touches a clock, a zone database or Node).
 */

export interface NextDoseInput {
  scheduleId: string;
  /** ISO UTC: the dose returned is due strictly after this instant (or at it, later in the day than afterDoseKey). */
  afterUtc: string;
  afterDoseKey?: string;
}

/** One dose as the workflow sees it: UTC instants only, computed in the recipient's zone by the activity. */
export interface ScheduledDose {
  /** `${localDate}T${localTime}`: the dose's business identity. */
  doseKey: string;
  dueAt: string;
  headsUpAt: string | null;
  /** dueAt + the schedule's answer window, as the row says it. */
  escalateAt: string;
  /** For timer summaries: "08:00 Europe/Paris" (a wall time and a zone, no health detail). */
  label: string;
  /** The schedule version this dose was computed from. */
  version: number;
  /** A UUID derived from schedule id and dose key: the escalation of this dose, if any, is started once. */
  escalationId: string;
}

export type DoseOutcome = 'taken' | 'skipped' | 'missed' | 'late';

export interface DoseOutcomeInput {
  scheduleId: string;
  doseKey: string;
  dueAt: string;
  outcome: DoseOutcome;
  by: string | null;
  via: AnswerVia | null;
  reason: string | null;
  /** ISO UTC, workflow time of the answer (so a retried record writes the same instant). */
  at: string;
  /** Where the schedule goes on from after this dose: the doses ahead from there come back with the record. */
  lookAhead?: { afterUtc: string; afterDoseKey?: string };
}

/** An answer already on the record for a dose (taken, skipped or late), as the workflow keeps one. */
export interface AnswerOnRecord {
  outcome: 'taken' | 'skipped' | 'late';
  by: string | null;
  via: AnswerVia | null;
  reason: string | null;
  /** ISO UTC. */
  at: string;
}

export interface DoseOutcomeResult {
  /** False when this dose had already been recorded (a retry, or a replay after a crash). */
  recorded: boolean;
  /** True for exactly one dose: the one whose intake brought the supply to the refill threshold. */
  refillDue: boolean;
  /** The doses ahead from `lookAhead`, when asked and the read worked (else the workflow looks them up itself). */
  ahead?: DosesAhead;
}

/** `stopped`: to the admins, once, when the schedule's workflow failed (see activities/system/watchdog.ts). */
export type MedicationMessageKind = 'heads_up' | 'due' | 'refill' | 'stopped';

export interface MedicationMessageInput {
  scheduleId: string;
  familyId: string;
  userId: string;
  channel: Channel;
  kind: MedicationMessageKind;
  doseKey: string;
  /** Business identity of this send, e.g. `med/<scheduleId>/<doseKey>/due/1/<userId>/sms`. */
  idempotencyKey: string;
  /** The due instant of a due reminder sent without a quiet-hours wait, when the caller knows it: the lateness metric then needs no read. */
  dueAt?: string;
}

/** Where an open dose stands, for the family's live pages (a status only: the activity reads names from the row). */
export interface DoseAnnouncement {
  scheduleId: string;
  doseKey: string;
  dueAt: string;
  status: 'due' | 'snoozed' | 'escalating';
  escalationId: string | null;
  snoozes: number;
}

/**
 * One reminder of a dose to one person, in one activity: the person's channels and quiet
 * hours are read, the first channel that works is used (each send once per
 * `${idempotencyKeyPrefix}/${channel}`), and the dose's live status, if given, is
 * published once the attempt is recorded.
 */
export interface DoseReminderInput {
  scheduleId: string;
  familyId: string;
  userId: string;
  kind: MedicationMessageKind;
  doseKey: string;
  /** `med/<scheduleId>/<doseKey>/<step>/<userId>`: the same keys as one send per channel. */
  idempotencyKeyPrefix: string;
  /** A routine reminder waits out quiet hours; a snooze's repeat does not. */
  routine: boolean;
  /** Sent after waiting out the quiet hours this activity reported: they are not looked at again. */
  afterQuiet?: boolean;
  /** Where the open dose stands, for the family's live pages. */
  live?: Omit<DoseAnnouncement, 'scheduleId' | 'doseKey'>;
}

export type DoseReminderResult =
  | { status: 'sent' | 'duplicate'; channel: Channel }
  /** In the person's quiet hours: nothing sent; the workflow waits until then (a heads-up is dropped). */
  | { status: 'quiet'; quietUntil: string }
  /** No channel reaches the person, or every one failed for good: the chain covers the dose. */
  | { status: 'unreachable' };

/** The doses due at the next instant (several on a spring-forward day), and the first dose after them. */
export interface DosesAhead {
  doses: ScheduledDose[];
  upcoming: ScheduledDose | null;
  /**
   * Who is reminded and how patiently, as the row says at `version`: the workflow takes them
   * when no edit's signal told it of that version (absent in results recorded before it).
   */
  settings?: RowSettings;
}

/** Who is reminded and how patiently; the times themselves live in the schedule row. */
export interface DoseSettings {
  assignedCaregiverId: string;
  /** Minutes after the (latest) reminder before the escalation chain starts. */
  answerWindowMinutes: number;
  snoozeMinutes: number;
  maxSnoozes: number;
}

/** The settings as the row says at `version`: what an edit's signal carries. */
export type RowSettings = DoseSettings & { version: number };
