import { z } from 'zod';
import { Uuid } from '../contracts/common';
import { MedicationScheduleInput } from '../contracts/medications';

export const ScheduleParams = z.object({ familyId: Uuid, scheduleId: Uuid });

/** `${localDate}T${localTime}` on the recipient's wall clock, as the dose calculator names doses. */
export const DoseKey = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d$/, {
  message: 'must be a dose key such as 2026-03-08T08:00',
});
export const DoseParams = ScheduleParams.extend({ doseKey: DoseKey });

export const SkipInput = z.strictObject({ reason: z.string().trim().min(1).max(500) });

export const MedicationStatus = z.enum(['active', 'paused', 'ended', 'deleted']);

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
