import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CheckInKind, RideLeg, VisitSummaryInput } from '../../api/contracts/appointments';

/**
 * The appointment workflows' contract, declared once: inputs, messages, states and the
 * failure types validators throw. The API and tests import these; nobody spells the names.
 * Ids carry only the series id and the occurrence key (a local date and time: no health data).
 */

export const appointmentSeriesWorkflowId = (seriesId: string) => `appointment/${seriesId}`;
export const appointmentVisitWorkflowId = (seriesId: string, occurrenceKey: string) => `appointment-visit/${seriesId}/${occurrenceKey}`;

// ---- the series ------------------------------------------------------------------

export interface AppointmentSeriesInput {
  seriesId: string;
  familyId: string;
  careRecipientId: string;
  /** Set only by continue-as-new. */
  carry?: SeriesCarry;
  /** Continue-as-new after this many visits started in one run (tests make it small); default 50. */
  visitsPerRun?: number;
}

/** A visit this series started and that may still be told of a change. */
export interface StartedVisit {
  key: string;
  startUtc: string;
  endUtc: string;
}

/** Where the series stands between two runs. */
export interface SeriesCarry {
  version: number;
  started: StartedVisit[];
  visitsStarted: number;
}

/** The row was edited (any scope): the series re-reads it, tells running visits their new times or cancels them. `by` is told to a cancelled visit's companion. */
export const seriesChangedSignal = defineSignal<[{ version: number; by?: string | null }]>('seriesChanged');
/** The series was deleted: every running visit is cancelled, the series ends. */
export const deleteSeriesSignal = defineSignal<[{ by?: string | null }]>('deleteSeries');
export const seriesStateQuery = defineQuery<SeriesState>('seriesState');

export type SeriesPhase = 'scheduled' | 'ended' | 'deleted';

export interface SeriesState {
  phase: SeriesPhase;
  version: number;
  /** Visits started and not yet over. */
  started: StartedVisit[];
  visitsStarted: number;
  /** When the next visit opens; null when none is left. */
  nextOpenAt: string | null;
}

export interface SeriesResult {
  ended: 'completed' | 'deleted';
  visitsStarted: number;
}

// ---- one visit -------------------------------------------------------------------

export interface AppointmentVisitInput {
  seriesId: string;
  familyId: string;
  careRecipientId: string;
  occurrenceKey: string;
  startUtc: string;
  endUtc: string;
}

export interface VolunteerInput {
  userId: string;
  leg: RideLeg;
  /** The companion's own travel time for the leave-by reminder; the series' default otherwise. */
  travelMinutes?: number;
}

/** First to accept wins: the validator refuses a leg already taken (RIDE_TAKEN), the handler takes it before its first await. */
export const volunteerRideUpdate = defineUpdate<VisitState, [VolunteerInput]>('volunteerRide');
/** The companion gives the leg back: it reopens and the family is asked again. */
export const withdrawRideUpdate = defineUpdate<VisitState, [{ userId: string; leg: RideLeg }]>('withdrawRide');
export const checkInUpdate = defineUpdate<VisitState, [{ userId: string; kind: CheckInKind }]>('checkIn');
/** After "done": notes, follow-ups and the next appointment suggested (encrypted in history by the payload codec). */
export const submitSummaryUpdate = defineUpdate<VisitState, [VisitSummaryInput & { userId: string }]>('submitSummary');

/** The occurrence moved (or its duration changed): every timer is recomputed from the new instants. */
export const occurrenceChangedSignal = defineSignal<[{ startUtc: string; endUtc: string }]>('occurrenceChanged');
/**
 * The occurrence no longer happens here: the visit ends. Its companion is told it was cancelled,
 * or, with `movedTo`, that it changed and they still drive (their ride went to that occurrence).
 */
export const cancelOccurrenceSignal = defineSignal<[{ by?: string | null; movedTo?: { seriesId: string; occurrenceKey: string } }]>('cancelOccurrence');
export const visitStateQuery = defineQuery<VisitState>('visitState');

export type VisitPhase = 'scheduled' | 'ride_open' | 'ride_filled' | 'under_way' | 'done' | 'cancelled' | 'no_show';

export interface RideSeat {
  leg: RideLeg;
  userId: string | null;
  travelMinutes: number | null;
  acceptedAt: string | null;
}

export interface VisitState {
  phase: VisitPhase;
  occurrenceKey: string;
  startUtc: string;
  endUtc: string;
  rides: RideSeat[];
  checkIns: { userId: string; kind: CheckInKind; at: string }[];
  summarySubmitted: boolean;
  /** The ride's escalation now or last (its own workflow answers where the chain stands). */
  rideEscalationId: string | null;
  /** The chain found nobody and the admins were told the visit has no ride. */
  noRide: boolean;
  /** Reminders sent, by lead in minutes (for the agenda and tests). */
  remindersSent: number[];
  /** The latest failure the visit went on past; absent when none. */
  problem?: { at: string; message: string; type: string };
}

export interface VisitResult {
  phase: VisitPhase;
}

/** ApplicationFailure types the validators throw; the API maps them to 409 / 404 / 422. */
export const RIDE_TAKEN = 'RideTaken';
export const NO_SUCH_LEG = 'NoSuchRideLeg';
export const NOT_YOUR_RIDE = 'NotYourRide';
export const VISIT_CLOSED = 'VisitClosed';
/** Answered in the moment between the visit workflow starting and reading its settings. */
export const VISIT_OPENING = 'VisitOpening';
export const NOT_DONE_YET = 'VisitNotDone';
/** A check-in before its time (details: [opensAt ISO]): "on the way" / "arrived" from 6 h before the start, "done" / "no-show" from the start. */
export const CHECK_IN_TOO_EARLY = 'CheckInTooEarly';
/** How long before the start a companion can say they are on the way or have arrived. */
export const CHECK_IN_WINDOW_MS = 6 * 3_600_000;

/** When a check-in of this kind opens for a visit starting at `startUtc`. */
export function checkInOpensAt(kind: CheckInKind, startUtc: string): string {
  const early = kind === 'on_the_way' || kind === 'arrived';
  return new Date(Date.parse(startUtc) - (early ? CHECK_IN_WINDOW_MS : 0)).toISOString();
}
export const SUMMARY_ALREADY_SUBMITTED = 'SummaryAlreadySubmitted';
