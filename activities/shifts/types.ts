import type { Channel } from '../../api/contracts/notifications';
import type { CheckVia, ShiftPhase } from '../../workflows/shift/messages';

/**
 * The shift activities' inputs and results, shared with the workflows (type-only: no
 * clock, no zone database, no Node). Workflows see ids and UTC instants; names, tasks,
 * notes and handoff notes stay in PostgreSQL and are read when sending.
 */

/** One shift row as the rotation sees it. */
export interface PlannedShift {
  shiftId: string;
  startUtc: string;
  endUtc: string;
  assigneeId: string | null;
  state: ShiftPhase;
  /** When its workflow starts: a day before its first reminder. */
  openAt: string;
}

export interface RotationPlanInput {
  rotationId: string;
  nowUtc: string;
  /**
   * Shifts that begin after this open (default `nowUtc`). A new rotation's first plan passes
   * its start: a shift that began while that first task waited for a busy worker still opens.
   */
  fromUtc?: string;
  /** Shifts whose workflows are already running: their rows as they stand now. */
  startedIds: string[];
}

export interface RotationPlan {
  /** `missing`: the row is gone (the family was deleted). */
  status: 'active' | 'ended' | 'deleted' | 'missing';
  version: number;
  /** Scheduled shifts whose workflows should be open by now and are not, by start. */
  due: PlannedShift[];
  /** The running shifts' rows now (a cancelled one says so). */
  started: PlannedShift[];
  /** When to look again: the next shift to open, or the horizon's next roll (a day); null once the rotation is over. */
  nextOpenAt: string | null;
}

/** What a shift's workflow needs from its row (no names, no free text). */
export interface ShiftSettings {
  startUtc: string;
  endUtc: string;
  assigneeId: string | null;
  backupIds: string[];
  /** Minutes before the start, longest first. */
  reminderLeads: number[];
  /** Midnight after the end, in the shift's zone: no check-out by then → closed automatically. */
  dayEndUtc: string;
  state: ShiftPhase;
  /**
   * The late ladder (+5 nudge, +15 page, +30 admins) in ms, set only by the test-only
   * SHIFT_LATE_LADDER_SECONDS_FOR_TESTS so the real-stack browser test need not wait 15
   * minutes; absent everywhere else (the workflow's constants apply).
   */
  lateLadderMs?: { nudge: number; page: number; admins: number };
}

export type LoadShiftResult = { gone: true } | ({ gone: false } & ShiftSettings);

export interface ShiftKey {
  shiftId: string;
  familyId: string;
}

export interface CheckInRecord extends ShiftKey {
  userId: string;
  via: CheckVia;
  at: string;
  location: { lat: number; lon: number; accuracyM?: number } | null;
}

export interface CheckOutRecord extends ShiftKey {
  userId: string;
  via: CheckVia | 'auto';
  at: string;
  /** null only when closed automatically. */
  handoffNote: string | null;
  tasksDone: string[];
}

export interface SwapRecord extends ShiftKey {
  requestedBy: string;
  takenBy: string | null;
  state: 'open' | 'taken' | 'closed';
}

/**
 * `reminder` (to the assignee; the 2-hour one carries the previous shift's handoff note),
 * `late_nudge` (+5, to the assignee), `late_admins` (+30), `all_clear` (to everyone paged
 * once someone arrived), `offer` (an open shift, backups first, then everyone),
 * `uncovered_admins` (still open at the deadline), `checkout_nudge` (end + 15),
 * `auto_closed` (to admins: correct the times), `swap_request`, `swap_taken` and
 * `swap_untaken` (to the original assignee), `cancelled` (to the assignee), `assigned`
 * (to whoever got the shift).
 */
export type ShiftMessageKind =
  | 'reminder'
  | 'late_nudge'
  | 'late_admins'
  | 'all_clear'
  | 'offer'
  | 'uncovered_admins'
  | 'checkout_nudge'
  | 'auto_closed'
  | 'swap_request'
  | 'swap_taken'
  | 'swap_untaken'
  | 'cancelled'
  | 'assigned';

export interface ShiftMessageInput extends ShiftKey {
  userId: string;
  channel: Channel;
  kind: ShiftMessageKind;
  /** The shift's start now (a moved shift is announced at its new time). */
  startUtc: string;
  /** When this message was meant to go out (the lateness metric measures from it). */
  dueAt: string;
  /** For a reminder: its lead in minutes (120 carries the previous handoff note). */
  leadMinutes?: number;
  /** Business identity, e.g. `shift/<shiftId>/reminder/120/<startUtc>/<userId>/sms`. */
  idempotencyKey: string;
}

export interface AudienceInput {
  familyId: string;
  /** `everyone`: caregivers and admins; `admins`: admins only. */
  purpose: 'everyone' | 'admins';
}
