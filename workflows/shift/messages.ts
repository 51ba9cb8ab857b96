import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';

/**
 * The shift workflows' contract, declared once: inputs, messages, states and the failure
 * types validators throw. The API, the SMS webhook and tests import these; nobody spells
 * the names. Ids carry only row ids (no names, no health data). Free text (handoff notes,
 * tasks) never enters a message: check-out's note goes through the payload codec and is
 * written to PostgreSQL at once; reminders read the previous note there when sending.
 */

export const shiftRotationWorkflowId = (rotationId: string) => `rotation/${rotationId}`;
export const careShiftWorkflowId = (shiftId: string) => `shift/${shiftId}`;

// ---- the rotation ----------------------------------------------------------------

export interface ShiftRotationInput {
  rotationId: string;
  familyId: string;
  careRecipientId: string;
  /** Set only by continue-as-new. */
  carry?: RotationCarry;
  /** Continue-as-new after this many shifts started in one run (tests make it small); default 60. */
  shiftsPerRun?: number;
}

/** A shift this rotation started and that may still be told of an edit. */
export interface StartedShift {
  shiftId: string;
  startUtc: string;
  endUtc: string;
  assigneeId: string | null;
}

export interface RotationCarry {
  version: number;
  started: StartedShift[];
  shiftsStarted: number;
  runs: number;
}

/** The rotation row was edited: shifts not yet started follow it (overrides and past shifts stay). */
export const rotationChangedSignal = defineSignal<[{ version: number; by?: string | null }]>('rotationChanged');
/** The rotation was deleted: its shifts not yet started are cancelled (assignees told), it ends. */
export const deleteRotationSignal = defineSignal<[{ by?: string | null }]>('deleteRotation');
export const rotationStateQuery = defineQuery<RotationState>('rotationState');

export type RotationPhase = 'scheduled' | 'ended' | 'deleted';

export interface RotationState {
  phase: RotationPhase;
  version: number;
  started: StartedShift[];
  shiftsStarted: number;
  /** Runs so far (1 + continue-as-new count). */
  runs: number;
  nextOpenAt: string | null;
}

export interface RotationResult {
  ended: 'completed' | 'deleted';
  shiftsStarted: number;
}

// ---- one shift -------------------------------------------------------------------

export interface CareShiftInput {
  shiftId: string;
  familyId: string;
  careRecipientId: string;
}

export type CheckVia = 'app' | 'sms';

export interface CheckInInput {
  userId: string;
  via: CheckVia;
  /** Only with the person's consent (the browser's location); a far check-in is flagged, never refused. */
  location?: { lat: number; lon: number; accuracyM?: number } | null;
}

export interface CheckOutInput {
  userId: string;
  via: CheckVia;
  /** Required: the next shift reads it at check-in, on its card and in its 2-hour reminder. */
  handoffNote: string;
  /** Checklist labels done (a subset of the shift's tasks). */
  tasksDone: string[];
}

/** The person on the shift arrived (assignee, or whoever accepted it while it was open). */
export const checkInUpdate = defineUpdate<ShiftState, [CheckInInput]>('checkIn');
export const checkOutUpdate = defineUpdate<ShiftState, [CheckOutInput]>('checkOut');
/** First to accept wins: the validator refuses a shift already covered (SHIFT_TAKEN); the handler assigns before its first await. */
export const acceptShiftUpdate = defineUpdate<ShiftState, [{ userId: string }]>('acceptShift');
/** The assignee cannot come: the shift is uncovered and offered to the family. */
export const declineShiftUpdate = defineUpdate<ShiftState, [{ userId: string }]>('declineShift');
/** The assignee asks for a swap; it stays theirs until someone takes it (closes at the start). */
export const requestSwapUpdate = defineUpdate<ShiftState, [{ userId: string }]>('requestSwap');
/** First to take an open swap gets the shift; the original assignee is told. */
export const takeSwapUpdate = defineUpdate<ShiftState, [{ userId: string }]>('takeSwap');

/** The row changed (override, reassignment, a rotation edit): the shift re-reads it and recomputes its timers. */
export const shiftChangedSignal = defineSignal<[{ by?: string | null }]>('shiftChanged');
/** The shift no longer happens: its assignee is told, it ends. */
export const cancelShiftSignal = defineSignal<[{ by?: string | null }]>('cancelShift');
export const shiftStateQuery = defineQuery<ShiftState>('shiftState');

/** CareState of a shift in Temporal UI (and `cancelled`, which the UI shows as closed). */
export type ShiftPhase = 'scheduled' | 'on_shift' | 'late' | 'uncovered' | 'done' | 'cancelled';

export interface ShiftState {
  phase: ShiftPhase;
  shiftId: string;
  startUtc: string;
  endUtc: string;
  assigneeId: string | null;
  backupIds: string[];
  /** Offered to the family now (uncovered, or nobody arrived by +15): the first to accept gets it. */
  open: boolean;
  /** Who the offer has reached so far. */
  offeredTo: 'backups' | 'everyone' | null;
  swap: { requestedBy: string; state: 'open' | 'taken' | 'closed'; takenBy: string | null } | null;
  checkIn: { userId: string; at: string; via: CheckVia; farFromHome: boolean } | null;
  checkOut: { userId: string; at: string; via: CheckVia | 'auto' } | null;
  /** Closed by the end of the local day without a check-out: an admin corrects it. */
  autoClosed: boolean;
  /** The late ladder so far: `nudged` (+5), `paged` (+15), `admins` (+30), `all_clear` (arrival after a page). */
  late: ('nudged' | 'paged' | 'admins' | 'all_clear')[];
  /** The chain paging for this shift now or last (its own workflow answers where it stands). */
  escalationId: string | null;
  /** Reminders sent, by lead in minutes. */
  remindersSent: number[];
  /** The latest failure the shift went on past; absent when none. */
  problem?: { at: string; message: string; type: string };
}

export interface ShiftResult {
  phase: ShiftPhase;
}

/** ApplicationFailure types the validators throw; the API maps them to 409 / 403 / 422. */
export const SHIFT_TAKEN = 'ShiftTaken';
export const SHIFT_CLOSED = 'ShiftClosed';
/** Asked before the workflow has read its row: nothing about the shift is known yet. */
export const SHIFT_OPENING = 'ShiftOpening';
export const NOT_YOUR_SHIFT = 'NotYourShift';
export const ALREADY_CHECKED_IN = 'AlreadyCheckedIn';
export const NOT_CHECKED_IN = 'NotCheckedIn';
export const HANDOFF_NOTE_REQUIRED = 'HandoffNoteRequired';
export const SWAP_NOT_OPEN = 'SwapNotOpen';
export const SHIFT_STARTED = 'ShiftStarted';
