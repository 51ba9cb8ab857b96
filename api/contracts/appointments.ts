import { z } from 'zod';
import { TimeZone, Uuid } from './common';

/**
 * An appointment series: one visit, or a recurring one (RFC 5545 RRULE subset), in the
 * appointment's own zone. Start times are wall-clock times there: a 09:30 visit stays
 * 09:30 local across daylight-saving changes, with the same gap/overlap rules as doses.
 * Titles and notes are health data: they live in PostgreSQL only, never in workflow ids,
 * search attributes, summaries or histories (workflows carry ids and instants).
 */

/** "YYYY-MM-DDTHH:MM", a wall clock in the series' zone. Also the key of an occurrence (its original start). */
export const LocalDateTime = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a date and time such as 2026-12-08T09:30' });
export type LocalDateTime = z.infer<typeof LocalDateTime>;

export const AppointmentKind = z.enum(['doctor', 'therapy', 'lab', 'video_call', 'other']);
export type AppointmentKind = z.infer<typeof AppointmentKind>;

/** MO…SU, optionally with an ordinal for MONTHLY: "2TU" = second Tuesday, "-1FR" = last Friday. */
export const ByDay = z.string().regex(/^(-?[1-5])?(MO|TU|WE|TH|FR|SA|SU)$/, { message: 'must be a weekday such as MO, 2TU or -1FR' });

export const Recurrence = z
  .strictObject({
    freq: z.enum(['DAILY', 'WEEKLY', 'MONTHLY']),
    interval: z.int().min(1).max(99).default(1),
    byDay: z.array(ByDay).min(1).max(7).optional(),
    byMonthDay: z
      .array(z.int().min(-31).max(31).refine((d) => d !== 0, { message: 'day 0 does not exist' }))
      .min(1)
      .max(31)
      .optional(),
    count: z.int().min(1).max(1000).optional(),
    /** Last possible start, inclusive, as a wall clock in the series' zone. */
    until: LocalDateTime.optional(),
    /** Original starts (occurrence keys) that do not happen. */
    exDates: z.array(LocalDateTime).max(500).default([]),
  })
  .refine((r) => !(r.count !== undefined && r.until !== undefined), { message: 'give COUNT or UNTIL, not both' })
  .refine((r) => r.freq === 'MONTHLY' || !(r.byDay ?? []).some((d) => /\d/.test(d)), {
    message: 'ordinals such as 2TU are for monthly rules only',
  })
  .refine((r) => r.freq === 'MONTHLY' || r.byMonthDay === undefined, { message: 'days of the month are for monthly rules only' });
export type Recurrence = z.infer<typeof Recurrence>;

export const RideLeg = z.enum(['outbound', 'return']);
export type RideLeg = z.infer<typeof RideLeg>;

/** Minutes before the start; default 7 days, 1 day and 2 hours. */
export const ReminderLeads = z
  .array(z.int().min(5).max(30 * 24 * 60))
  .max(6)
  .refine((l) => new Set(l).size === l.length, { message: 'each reminder once' });
export const DEFAULT_REMINDER_LEADS = [7 * 24 * 60, 24 * 60, 120] as const;

export const AppointmentSeriesInput = z.strictObject({
  title: z.string().trim().min(1).max(120),
  kind: AppointmentKind,
  careRecipientId: Uuid,
  location: z.string().trim().max(300).default(''),
  notes: z.string().trim().max(2000).default(''),
  /** Default: the care recipient's zone. */
  timeZone: TimeZone.optional(),
  start: LocalDateTime,
  durationMinutes: z.int().min(5).max(24 * 60),
  recurrence: Recurrence.nullable().default(null),
  reminderLeadMinutes: ReminderLeads.default([...DEFAULT_REMINDER_LEADS]),
  /** Legs someone must take the care recipient on; empty = no companion needed. */
  rideLegs: z
    .array(RideLeg)
    .max(2)
    .refine((l) => new Set(l).size === l.length, { message: 'each leg once' })
    .default([]),
  /** An unfilled ride pages the chain this long before the start. */
  rideDeadlineHours: z.int().min(1).max(14 * 24).default(48),
  /** Travel time used for the "leave by" reminder when the companion gives none. */
  travelMinutes: z.int().min(0).max(600).default(30),
});
export type AppointmentSeriesInput = z.infer<typeof AppointmentSeriesInput>;

/** Which occurrences an edit or a cancellation applies to (as Google Calendar asks). */
export const EditScope = z.enum(['this', 'following', 'series']);
export type EditScope = z.infer<typeof EditScope>;

/** One occurrence moved or cancelled, keyed by its original start. */
export const OccurrenceOverride = z.strictObject({
  key: LocalDateTime,
  status: z.enum(['moved', 'cancelled']),
  start: LocalDateTime.optional(),
  durationMinutes: z.int().min(5).max(24 * 60).optional(),
});
export type OccurrenceOverride = z.infer<typeof OccurrenceOverride>;

export const CheckInKind = z.enum(['on_the_way', 'arrived', 'done', 'no_show']);
export type CheckInKind = z.infer<typeof CheckInKind>;

export const VisitSummaryInput = z.strictObject({
  notes: z.string().trim().min(1).max(4000),
  followUps: z.array(z.string().trim().min(1).max(300)).max(20).default([]),
  nextAppointmentSuggestion: z.string().trim().max(300).default(''),
});
export type VisitSummaryInput = z.infer<typeof VisitSummaryInput>;
