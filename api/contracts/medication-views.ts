import { z } from 'zod';
import { Uuid } from './common';
import { LocalDate, MedicationScheduleInput } from './medications';

export const ScheduleParams = z.object({ familyId: Uuid, scheduleId: Uuid });

/** `${localDate}T${localTime}` on the recipient's wall clock, as the dose calculator names doses. */
export const DoseKey = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d$/, {
  message: 'must be a dose key such as 2026-03-08T08:00',
});
export const DoseParams = ScheduleParams.extend({ doseKey: DoseKey });

export const SkipInput = z.strictObject({ reason: z.string().trim().min(1).max(500) });

/** `stopped`: its workflow failed and reminds nobody until an admin restarts it. */
export const MedicationStatus = z.enum(['active', 'paused', 'ended', 'deleted', 'stopped']);

export const MedicationScheduleView = z.object({
  id: Uuid,
  familyId: Uuid,
  careRecipientId: Uuid,
  schedule: MedicationScheduleInput,
  status: MedicationStatus,
  version: z.int(),
  supplyCount: z.int().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** The workflow's `medicationState` query, when it runs and answers. */
export const MedicationLiveState = z.object({
  phase: z.string(),
  version: z.int(),
  nextDose: z.object({ doseKey: z.string(), dueAt: z.string() }).nullable(),
  pendingDose: z
    .object({
      doseKey: z.string(),
      dueAt: z.string(),
      version: z.int(),
      snoozes: z.int(),
      escalateAt: z.string(),
      escalationId: z.string().nullable(),
    })
    .nullable(),
  lastOutcome: z.object({ doseKey: z.string(), outcome: z.string() }).nullable(),
  counts: z.record(z.string(), z.int()),
  /** The latest failure the schedule went on past, e.g. a skip reason that could not be stored. */
  problem: z.object({ at: z.string(), message: z.string(), type: z.string() }).optional(),
});

export const MedicationScheduleResponse = z.object({ medication: MedicationScheduleView });
export const MedicationScheduleDetail = z.object({ medication: MedicationScheduleView, live: MedicationLiveState.optional() });
export const MedicationScheduleList = z.object({ medications: z.array(MedicationScheduleView) });
export const DoseAnswerResponse = z.object({ state: MedicationLiveState });
export const DosePreviewList = z.object({
  doses: z.array(
    z.object({
      doseKey: z.string(),
      localDate: z.string(),
      localTime: z.string(),
      dueAt: z.string(),
      headsUpAt: z.string().nullable(),
      escalateAt: z.string(),
    }),
  ),
});

/** A refill: the count added to the supply; the refill alert is armed again. */
export const RefillInput = z.strictObject({ added: z.int().min(1).max(100_000) });

/**
 * Where one dose stands. `upcoming`: not due yet (it may be logged early, within
 * EARLY_ANSWER_MINUTES of its due instant, if it is the schedule's next dose); `due`:
 * reminded, waiting for an answer; `snoozed`; `escalating`: the backups are being paged;
 * `paused`: the schedule is on hold and this dose will not be asked for; the rest are
 * recorded outcomes (`late` = given after the answer window).
 */
export const DoseStatus = z.enum(['upcoming', 'due', 'snoozed', 'escalating', 'paused', 'stopped', 'taken', 'late', 'skipped', 'missed']);
export type DoseStatus = z.infer<typeof DoseStatus>;

/** A dose on the Today view, and the payload of the `dose.changed` event. */
export const TodayDose = z.object({
  scheduleId: Uuid,
  careRecipientId: Uuid,
  assignedCaregiverId: Uuid,
  medicationName: z.string(),
  dose: z.string(),
  instructions: z.string().nullable(),
  doseKey: z.string(),
  /** The recipient's wall clock: "08:00", in `timeZone`. */
  localTime: z.string(),
  timeZone: z.string(),
  dueAt: z.iso.datetime(),
  status: DoseStatus,
  /** The dose's escalation once the chain has been paged (its timeline is under /escalations). */
  escalationId: Uuid.nullable(),
  snoozes: z.int(),
  maxSnoozes: z.int(),
  answeredBy: Uuid.nullable(),
  answeredVia: z.string().nullable(),
  answeredAt: z.iso.datetime().nullable(),
  reason: z.string().nullable(),
  /** Who last corrected the recorded outcome, and what it said before (an undo, a late "given after all"). */
  correctedBy: Uuid.nullable().optional(),
  correctedFrom: z.string().nullable().optional(),
  /** When it was last corrected: of two recorded copies, the later correction is the newer. */
  correctedAt: z.iso.datetime().nullable().optional(),
});
export type TodayDose = z.infer<typeof TodayDose>;

/**
 * Putting a recorded dose right: "given" (at `givenAt`, default now) or "not given" (with
 * the reason). The record keeps who corrected it and what it said before.
 */
export const DoseCorrectionInput = z.strictObject({
  outcome: z.enum(['given', 'not_given']),
  givenAt: z.iso.datetime().optional(),
  reason: z.string().trim().min(1).max(500).optional(),
});
export const DoseCorrectionResponse = z.object({ dose: TodayDose });

/** An as-needed (PRN) dose given now, logged by hand: nothing reminds anyone of it. */
export const AsNeededDoseInput = z.strictObject({ note: z.string().trim().max(500).optional() });

/** The logged dose as Today lists it (taken, keyed by the recipient's clock) and the schedule with its supply counted down. */
export const AsNeededDoseResponse = z.object({ medication: MedicationScheduleView, dose: TodayDose });

/** Today's doses of every running schedule in the family, each on its recipient's own calendar day; by due instant. */
export const TodayResponse = z.object({ doses: z.array(TodayDose) });

/** Recorded doses in a period; percentages are of recorded doses, null when there are none. */
export const AdherenceCounts = z.object({
  recorded: z.int(),
  taken: z.int(),
  late: z.int(),
  skipped: z.int(),
  missed: z.int(),
  /** (taken + late) / recorded. */
  percentTaken: z.number().nullable(),
  /** taken / recorded: given within the answer window. */
  percentOnTime: z.number().nullable(),
  percentMissed: z.number().nullable(),
});
export type AdherenceCounts = z.infer<typeof AdherenceCounts>;

export const AdherenceDay = AdherenceCounts.extend({ date: LocalDate });
export type AdherenceDay = z.infer<typeof AdherenceDay>;

/** `?days=N` (1–366, 30 unless given): the last N calendar days up to today, dose days read from the dose key. */
export const AdherenceResponse = z.object({
  from: LocalDate,
  to: LocalDate,
  /** The whole family, per day (every day of the period, zero-filled). */
  days: z.array(AdherenceDay),
  medications: z.array(
    z.object({
      scheduleId: Uuid,
      medicationName: z.string(),
      careRecipientId: Uuid,
      status: MedicationStatus,
      totals: AdherenceCounts,
      days: z.array(AdherenceDay),
    }),
  ),
});
export type AdherenceResponse = z.infer<typeof AdherenceResponse>;
