import type { CheckInKind, RideLeg } from '../../api/contracts/appointments';
import type { Channel } from '../../api/contracts/notifications';

/**
 * The appointment activities' inputs and results, shared with the workflows (type-only:
 * no clock, no zone database, no Node). Workflows see ids, occurrence keys and UTC
 * instants; titles, locations and notes stay in PostgreSQL and are read when sending.
 */

/** One occurrence as the workflows see it: its key (the original local start) and its instants. */
export interface PlannedOccurrence {
  key: string;
  startUtc: string;
  endUtc: string;
  status: 'scheduled' | 'cancelled';
  /** When its visit workflow starts: a day before its earliest reminder, ride request or ride deadline. */
  openAt: string;
}

export interface SeriesPlanInput {
  seriesId: string;
  /** Occurrences starting at or after this instant… */
  fromUtc: string;
  /** …whose visit should have opened by this instant (usually now). */
  openBy: string;
  /** Occurrences whose visits are already running: their current timing, wherever they moved. */
  startedKeys: string[];
}

export interface SeriesPlan {
  /** `missing`: the row is gone (the family was deleted). */
  status: 'active' | 'ended' | 'deleted' | 'missing';
  version: number;
  /** Scheduled occurrences whose visits should be open by `openBy`, by start. */
  due: PlannedOccurrence[];
  /** The running visits' occurrences as they stand now; a key absent here no longer happens. */
  started: PlannedOccurrence[];
  /** When the next visit after those should open; null when the series has no more occurrences. */
  nextOpenAt: string | null;
  /** Running visits the edit replaced by an occurrence (of this series or its split) that took over their rides. */
  replaced?: { key: string; by: { seriesId: string; occurrenceKey: string } }[];
}

/** What a visit needs from its series row (no health detail). */
export interface VisitSettings {
  /** Minutes before the start, longest first. */
  reminderLeads: number[];
  rideLegs: RideLeg[];
  rideDeadlineHours: number;
  travelMinutes: number;
}

export interface VisitKey {
  seriesId: string;
  occurrenceKey: string;
}

export interface OpenVisitInput extends VisitKey {
  familyId: string;
  startUtc: string;
  endUtc: string;
}

/** A leg already taken when the visit opens: carried over from the visit an edit replaced. */
export interface CarriedRide {
  leg: RideLeg;
  userId: string;
  travelMinutes: number | null;
  acceptedAt: string;
}

/** `gone`: the series was deleted or the family removed before the visit opened. */
export type OpenVisitResult = { gone: true } | ({ gone: false; carriedRides?: CarriedRide[] } & VisitSettings);

export type VisitRowStatus = 'scheduled' | 'cancelled' | 'done' | 'no_show';

export interface RideRecord extends VisitKey {
  familyId: string;
  leg: RideLeg;
  /** null: the leg was withdrawn. */
  userId: string | null;
  /** Who gave the leg back (absent from visits started before it was sent): only their row is removed. */
  withdrawnBy?: string;
  travelMinutes: number | null;
  at: string;
}

export interface CheckInRecord extends VisitKey {
  familyId: string;
  userId: string;
  kind: CheckInKind;
  at: string;
}

export interface SummaryRecord extends VisitKey {
  familyId: string;
  userId: string;
  notes: string;
  followUps: string[];
  nextAppointmentSuggestion: string;
  at: string;
}

/**
 * `reminder`: routine, to members who did not opt out. `ride_request`: "can someone take
 * them?" `leave_by`: to the companion. `no_ride`: to admins when the chain found nobody.
 * `cancelled`: to the companion. `moved`: to the companion whose ride went with the visit to the
 * edited series (a split, or a change of time). `nudge`: no "done" by end + 2 h.
 */
export type AppointmentMessageKind = 'reminder' | 'ride_request' | 'leave_by' | 'no_ride' | 'cancelled' | 'moved' | 'nudge';

export interface AppointmentMessageInput extends VisitKey {
  familyId: string;
  userId: string;
  channel: Channel;
  kind: AppointmentMessageKind;
  /** The occurrence's start now (a moved visit is announced at its new time). */
  startUtc: string;
  /** When this message was meant to go out: the reminder lateness metric measures from it. */
  dueAt: string;
  /** Business identity, e.g. `appt/<seriesId>/<key>/reminder/120/<startUtc>/<userId>/sms`. */
  idempotencyKey: string;
}

/** Who hears what: routine reminders skip members who opted out; ride requests reach every caregiver and admin. */
export interface AudienceInput {
  familyId: string;
  purpose: 'reminder' | 'ride_request' | 'admins';
}
