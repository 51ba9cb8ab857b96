import { z } from 'zod';
import { TimeZone, Uuid } from './common';
import { LocalDateTime } from './appointments';

/** Request and response shapes of the shift, rotation and coverage routes, shared by the API and the SPA. */

/**
 * The field issues a shift's times can get (`details[].message`, on path `start` or `end`):
 * stable words the app compares whole, to say them in the reader's language.
 */
export const ShiftTimeIssue = {
  inPast: 'must be in the future',
  endBeforeStart: 'must be after start',
  tooLong: 'at most 24 hours after start',
} as const;

export const Weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a time HH:MM such as 09:00' });
const LocalDate = z.iso.date({ message: 'must be a date YYYY-MM-DD' });
const Task = z.string().trim().min(1).max(120);
const Tasks = z
  .array(Task)
  .max(30)
  .refine((t) => new Set(t).size === t.length, { message: 'each task once' });
const Backups = z
  .array(Uuid)
  .max(5)
  .refine((b) => new Set(b).size === b.length, { message: 'each backup once' });
/** Minutes before the start, at most a week; each at most once. */
export const ShiftReminderLeads = z
  .array(z.int().min(5).max(7 * 24 * 60))
  .max(4)
  .refine((l) => new Set(l).size === l.length, { message: 'each reminder once' });

export const RotationSlot = z.strictObject({
    /** 1-based week of the cycle. */
    week: z.int().min(1).max(8).default(1),
    weekday: Weekday,
    start: Clock,
    /** At or before `start`: the shift ends the next day (a night shift). */
    end: Clock,
    assigneeId: Uuid.nullable(),
  backupIds: Backups.default([]),
});
export type RotationSlot = z.infer<typeof RotationSlot>;

export const RotationInput = z
  .strictObject({
    careRecipientId: Uuid,
    /** The recipient's zone when left out. */
    timeZone: TimeZone.optional(),
    cycleWeeks: z.int().min(1).max(8).default(1),
    slots: z.array(RotationSlot).min(1).max(60),
    startsOn: LocalDate,
    endsOn: LocalDate.nullable().default(null),
    horizonDays: z.int().min(7).max(90).default(28),
    reminderLeadMinutes: ShiftReminderLeads.default([1440, 120]),
    tasks: Tasks.default([]),
  })
  .refine((r) => r.slots.every((s) => s.week <= r.cycleWeeks), { message: 'a slot names a week beyond the cycle', path: ['slots'] })
  .refine((r) => r.endsOn === null || r.endsOn >= r.startsOn, { message: 'must be on or after startsOn', path: ['endsOn'] });
export type RotationInput = z.infer<typeof RotationInput>;

export const RotationParams = z.object({ familyId: Uuid, rotationId: Uuid });
export const ShiftParams = z.object({ familyId: Uuid, shiftId: Uuid });

/** A one-off shift (no rotation). `end` at or before `start` is refused: give the real end date. */
export const OneOffShiftInput = z
  .strictObject({
    careRecipientId: Uuid,
    timeZone: TimeZone.optional(),
    start: LocalDateTime,
    end: LocalDateTime,
    assigneeId: Uuid.nullable(),
    backupIds: Backups.default([]),
    tasks: Tasks.default([]),
    notes: z.string().trim().max(2000).default(''),
  })
  .refine((s) => s.end > s.start, { message: ShiftTimeIssue.endBeforeStart, path: ['end'] });
export type OneOffShiftInput = z.infer<typeof OneOffShiftInput>;

/** An override: names only what changes; the shift then wins over its rotation's edits. */
export const ShiftOverrideInput = z
  .strictObject({
    assigneeId: Uuid.nullable().optional(),
    backupIds: Backups.optional(),
    start: LocalDateTime.optional(),
    end: LocalDateTime.optional(),
    tasks: Tasks.optional(),
    notes: z.string().trim().max(2000).optional(),
  })
  .refine((c) => Object.keys(c).length > 0, { message: 'say what changes', path: [] })
  .refine((c) => (c.start === undefined) === (c.end === undefined), { message: 'a move gives both start and end', path: ['end'] })
  .refine((c) => c.start === undefined || c.end! > c.start, { message: ShiftTimeIssue.endBeforeStart, path: ['end'] });
export type ShiftOverrideInput = z.infer<typeof ShiftOverrideInput>;

export const Coordinates = z.strictObject({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  accuracyM: z.number().min(0).max(100_000).optional(),
});

/** The location only with the caregiver's consent (the SPA asks each time); never required. */
export const ShiftCheckInInput = z.strictObject({ location: Coordinates.nullable().default(null) });
export const ShiftCheckOutInput = z.strictObject({
  handoffNote: z.string().trim().min(1, { message: 'write a handoff note for the next person' }).max(2000),
  tasksDone: Tasks.default([]),
});

const Person = z.object({ userId: Uuid, displayName: z.string() });

export const ShiftView = z.object({
  id: Uuid,
  careRecipientId: Uuid,
  recipientName: z.string(),
  rotationId: Uuid.nullable(),
  startAt: z.string(),
  endAt: z.string(),
  timeZone: z.string(),
  startLocal: z.string(),
  endLocal: z.string(),
  minutes: z.int(),
  assignee: Person.nullable(),
  backups: z.array(Person),
  override: z.boolean(),
  tasks: z.array(z.string()),
  notes: z.string(),
  state: z.enum(['scheduled', 'on_shift', 'late', 'uncovered', 'done', 'cancelled']),
  /** Nobody has it (no assignee, declined, a no-show): anyone may accept, the first wins. */
  open: z.boolean(),
  /** Started or over: read-only. */
  past: z.boolean(),
  checkIn: z.object({ at: z.string(), by: Person.nullable(), via: z.string(), farFromHome: z.boolean() }).nullable(),
  checkOut: z.object({ at: z.string(), via: z.string(), autoClosed: z.boolean() }).nullable(),
  tasksDone: z.array(z.string()),
  handoffNote: z.string().nullable(),
  /** The note the shift before this one (same recipient) left at its check-out. */
  previousHandoff: z.object({ note: z.string(), by: z.string(), at: z.string() }).nullable(),
  swap: z.object({ state: z.enum(['open', 'taken', 'closed']), requestedBy: Uuid, takenBy: Uuid.nullable() }).nullable(),
});
export type ShiftView = z.infer<typeof ShiftView>;

export const ShiftResponse = z.object({ shift: ShiftView });
export const ShiftListResponse = z.object({ from: z.string(), to: z.string(), shifts: z.array(ShiftView) });

export const RotationView = z.object({
  id: Uuid,
  careRecipientId: Uuid,
  timeZone: z.string(),
  cycleWeeks: z.int(),
  slots: z.array(z.object({ week: z.int(), weekday: Weekday, start: z.string(), end: z.string(), assigneeId: Uuid.nullable(), backupIds: z.array(Uuid) })),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  horizonDays: z.int(),
  reminderLeadMinutes: z.array(z.int()),
  tasks: z.array(z.string()),
  version: z.int(),
  status: z.enum(['active', 'ended', 'deleted']),
  updatedAt: z.string(),
});
export const RotationResponse = z.object({ rotation: RotationView });
export const RotationListResponse = z.object({ rotations: z.array(RotationView) });
export const RotationPreviewResponse = z.object({
  timeZone: z.string(),
  shifts: z.array(z.object({ startAt: z.string(), endAt: z.string(), startLocal: z.string(), minutes: z.int(), assigneeId: Uuid.nullable() })),
  /** Hours per person per week over the preview (weeks start Monday in the rotation's zone). */
  hours: z.array(z.object({ weekStart: z.string(), userId: Uuid.nullable(), hours: z.number() })),
});

export const CoverageResponse = z.object({
  now: z.string(),
  onNow: z.array(ShiftView),
  /** Per recipient: the next shift that has not started. */
  next: z.array(ShiftView),
  /** Shifts in the next 14 days with nobody on them. */
  uncovered: z.array(ShiftView),
  /** Per recipient, stretches of the next 14 days no assigned shift covers (after their first shift). */
  gaps: z.array(z.object({ careRecipientId: Uuid, recipientName: z.string(), from: z.string(), to: z.string(), hours: z.number() })),
  hours: z.array(
    z.object({ weekStart: z.string(), userId: Uuid, displayName: z.string(), scheduledHours: z.number(), workedHours: z.number(), shifts: z.int() }),
  ),
});
export type CoverageResponse = z.infer<typeof CoverageResponse>;
