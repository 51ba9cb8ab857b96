import { z } from 'zod';
import { DisplayName, TimeZone, Uuid } from './common';
import {
  AppointmentKind,
  AppointmentSeriesInput,
  CheckInKind,
  EditScope,
  LocalDateTime,
  OccurrenceOverride,
  Recurrence,
  ReminderLeads,
  RideLeg,
} from './appointments';

/** Request and response shapes of the appointment routes, shared by the API and the SPA. */

export const SeriesParams = z.object({ familyId: Uuid, seriesId: Uuid });
/** An occurrence is named by its original local start (its key), which a move does not change. */
export const OccurrenceParams = SeriesParams.extend({ occurrenceKey: LocalDateTime });

/**
 * What an edit may change. Every field is optional and has no default, so an edit names only
 * what it changes; the result is validated again as a whole series.
 */
export const AppointmentChanges = z.strictObject({
  title: z.string().trim().min(1).max(120).optional(),
  kind: AppointmentKind.optional(),
  location: z.string().trim().max(300).optional(),
  notes: z.string().trim().max(2000).optional(),
  timeZone: TimeZone.optional(),
  start: LocalDateTime.optional(),
  durationMinutes: z.int().min(5).max(24 * 60).optional(),
  recurrence: Recurrence.nullable().optional(),
  reminderLeadMinutes: ReminderLeads.optional(),
  rideLegs: z
    .array(RideLeg)
    .max(2)
    .refine((l) => new Set(l).size === l.length, { message: 'each leg once' })
    .optional(),
  rideDeadlineHours: z.int().min(1).max(14 * 24).optional(),
  travelMinutes: z.int().min(0).max(600).optional(),
});
export type AppointmentChanges = z.infer<typeof AppointmentChanges>;

/** A single occurrence can only move or change its length: the rest belongs to the series. */
export const OCCURRENCE_FIELDS = ['start', 'durationMinutes'] as const;

export const AppointmentEditInput = z
  .strictObject({
    scope: EditScope,
    /** Required for `this` and `following`: the occurrence the edit starts at. */
    occurrenceKey: LocalDateTime.optional(),
    changes: AppointmentChanges,
  })
  .refine((e) => e.scope === 'series' || e.occurrenceKey !== undefined, {
    message: 'name the occurrence (its original start) for this or following',
    path: ['occurrenceKey'],
  })
  .refine((e) => e.scope !== 'this' || Object.keys(e.changes).length > 0, { message: 'say what changes: a new start or duration', path: ['changes'] })
  .refine((e) => e.scope !== 'this' || Object.keys(e.changes).every((k) => (OCCURRENCE_FIELDS as readonly string[]).includes(k)), {
    message: 'one occurrence can only move (start) or change its duration; edit the series for the rest',
    path: ['changes'],
  });
export type AppointmentEditInput = z.infer<typeof AppointmentEditInput>;

export const AppointmentStatus = z.enum(['active', 'ended', 'deleted']);

export const AppointmentSeriesView = z.object({
  id: Uuid,
  familyId: Uuid,
  careRecipientId: Uuid,
  series: AppointmentSeriesInput.extend({ timeZone: TimeZone }),
  overrides: z.array(OccurrenceOverride),
  status: AppointmentStatus,
  /** Bumped by every edit; the iCalendar SEQUENCE. */
  version: z.int(),
  /** The series this one was split from by a "this and following" edit. */
  splitFrom: Uuid.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AppointmentSeriesView = z.infer<typeof AppointmentSeriesView>;
export const AppointmentSeriesResponse = z.object({ appointment: AppointmentSeriesView });

export const PersonRef = z.object({ userId: Uuid, displayName: DisplayName });

export const VisitStatus = z.enum(['scheduled', 'cancelled', 'done', 'no_show']);

export const AgendaOccurrence = z.object({
  seriesId: Uuid,
  occurrenceKey: LocalDateTime,
  title: z.string(),
  kind: AppointmentKind,
  location: z.string(),
  careRecipient: z.object({ id: Uuid, displayName: z.string() }),
  timeZone: TimeZone,
  startAt: z.string(),
  endAt: z.string(),
  startLocal: LocalDateTime,
  endLocal: LocalDateTime,
  status: VisitStatus,
  moved: z.boolean(),
  /** Each leg the visit needs, with who drives it (null: nobody yet). */
  rides: z.array(z.object({ leg: RideLeg, driver: PersonRef.nullable(), travelMinutes: z.int().nullable() })),
  checkIns: z.array(z.object({ kind: CheckInKind, by: PersonRef, at: z.string() })),
  hasSummary: z.boolean(),
  /** When its visit opens (a day before its first reminder or ride deadline): ride sign-up and check-ins work from then on. */
  opensAt: z.string(),
});
export type AgendaOccurrence = z.infer<typeof AgendaOccurrence>;
export const AgendaResponse = z.object({ from: z.string(), to: z.string(), occurrences: z.array(AgendaOccurrence) });

export const AppointmentPreviewResponse = z.object({
  timeZone: TimeZone,
  occurrences: z.array(
    z.object({ occurrenceKey: LocalDateTime, startAt: z.string(), endAt: z.string(), startLocal: LocalDateTime, reminders: z.array(z.string()) }),
  ),
});

export const RideInput = z.strictObject({ leg: RideLeg, travelMinutes: z.int().min(0).max(600).optional() });
export const RideWithdrawInput = z.strictObject({ leg: RideLeg });
export const CheckInInput = z.strictObject({ kind: CheckInKind });

export const VisitSummaryView = z.object({
  notes: z.string(),
  followUps: z.array(z.string()),
  nextAppointmentSuggestion: z.string(),
  by: PersonRef.nullable(),
  at: z.string(),
});
export const VisitSummaryResponse = z.object({ summary: VisitSummaryView.nullable() });
export const OccurrenceResponse = z.object({ occurrence: AgendaOccurrence });

/** The secret feed URL is shown once, when created or rotated; afterwards only that one exists. */
/** A member's own setting: routine appointment reminders on (`true`) or off. */
export const AppointmentReminderSettings = z.strictObject({ routine: z.boolean() });
export const AppointmentReminderResponse = z.object({ reminders: AppointmentReminderSettings });

export const CalendarFeedView = z.object({ active: z.boolean(), createdAt: z.string().nullable(), url: z.string().optional() });
export const CalendarFeedResponse = z.object({ feed: CalendarFeedView });
