import { z } from 'zod';
import { TimeZone, Uuid } from './common';
import { EscalationPolicyInput } from './escalations';

/**
 * A medication schedule, modelled on HL7 FHIR Timing (timeOfDay, dayOfWeek, frequency /
 * period, boundsPeriod, count) plus what a reminder needs (who, answer window, snoozes).
 * Times are wall-clock times in the care recipient's zone: "08:00" stays 08:00 local
 * across daylight-saving changes.
 */

/** "HH:MM", 24-hour, as a wall clock shows it. */
export const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a 24-hour time such as 08:00' });
/** A calendar date in the recipient's zone, not an instant. */
export const LocalDate = z.iso.date({ message: 'must be a date such as 2026-03-08' });

export const Weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export type Weekday = z.infer<typeof Weekday>;

export const DosePattern = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('daily') }),
  z.strictObject({
    kind: z.literal('weekdays'),
    days: z
      .array(Weekday)
      .min(1, { message: 'choose at least one day' })
      .max(7)
      .refine((d) => new Set(d).size === d.length, { message: 'each day once' }),
  }),
  /** Counted from startDate: startDate is always a dose day. */
  z.strictObject({ kind: z.literal('everyNDays'), n: z.int().min(2).max(30) }),
]);
export type DosePattern = z.infer<typeof DosePattern>;

export const MedicationSupply = z.strictObject({
  count: z.int().min(0).max(100_000),
  /** One refill alert goes out when the count falls to this number (at once if it already has). */
  refillThreshold: z.int().min(0).max(100_000),
});
export type MedicationSupply = z.infer<typeof MedicationSupply>;

const scheduleFields = {
  medicationName: z.string().trim().min(1).max(120),
  /** Strength and amount as the label says it: "500 mg, 1 tablet". */
  dose: z.string().trim().min(1).max(120),
  instructions: z.string().trim().max(500).optional(),
  careRecipientId: Uuid,
  assignedCaregiverId: Uuid,
  /** The care recipient's zone; every time of day is read in it. */
  timeZone: TimeZone,
  /** In order, each once. Empty only for an as-needed medication. */
  timesOfDay: z
    .array(LocalTime)
    .max(12, { message: 'at most 12 times a day' })
    .refine((t) => t.every((x, i) => i === 0 || t[i - 1]! < x), { message: 'list times in order, each once' }),
  pattern: DosePattern,
  startDate: LocalDate,
  /** Last dose day, inclusive. */
  endDate: LocalDate.optional(),
  /** Total doses counted from startDate; the schedule ends after the last one. */
  doseCount: z.int().min(1).max(10_000).optional(),
  /** PRN: taken when needed, logged by hand, never reminded. */
  asNeeded: z.boolean().default(false),
  supply: MedicationSupply.optional(),
  headsUpMinutes: z.int().min(0).max(120).optional(),
  /** How long the assigned caregiver has to answer before the escalation chain starts. */
  answerWindowMinutes: z.int().min(5).max(240).default(30),
  snoozeMinutes: z.int().min(1).max(120).default(10),
  maxSnoozes: z.int().min(0).max(10).default(3),
  /** Replaces the recipient's escalation chain for this medication only. */
  escalationPolicy: EscalationPolicyInput.optional(),
};

export const MedicationScheduleInput = z
  .strictObject(scheduleFields)
  .refine((s) => s.endDate === undefined || s.doseCount === undefined, {
    message: 'give an end date or a number of doses, not both',
    path: ['doseCount'],
  })
  .refine((s) => s.endDate === undefined || s.endDate >= s.startDate, {
    message: 'end date before start date',
    path: ['endDate'],
  })
  .refine((s) => s.asNeeded || s.timesOfDay.length > 0, {
    message: 'at least one time of day (or mark the medication as needed)',
    path: ['timesOfDay'],
  });
/** What a client sends (defaults may be left out). */
export type MedicationScheduleInput = z.input<typeof MedicationScheduleInput>;
/** A validated schedule with its defaults filled in. */
export type MedicationSchedule = z.output<typeof MedicationScheduleInput>;
