import { request, seg } from './client';
import {
  AsNeededDoseResponse,
  DosePreviewList,
  MedicationScheduleDetail,
  MedicationScheduleList,
  MedicationScheduleResponse,
  type MedicationScheduleInput,
} from './contracts';

const medications = (familyId: string) => `/api/families/${seg(familyId)}/medications`;
const medication = (familyId: string, scheduleId: string) => `${medications(familyId)}/${seg(scheduleId)}`;

export const listMedications = (familyId: string) => request('GET', medications(familyId), { schema: MedicationScheduleList });
export const getMedication = (familyId: string, scheduleId: string) =>
  request('GET', medication(familyId, scheduleId), { schema: MedicationScheduleDetail });
export const createMedication = (familyId: string, input: MedicationScheduleInput) =>
  request('POST', medications(familyId), { body: input, schema: MedicationScheduleResponse });
/** Replaces the whole schedule; the running workflow applies it from the next dose. */
export const updateMedication = (familyId: string, scheduleId: string, input: MedicationScheduleInput) =>
  request('PUT', medication(familyId, scheduleId), { body: input, schema: MedicationScheduleResponse });
export const deleteMedication = (familyId: string, scheduleId: string) => request('DELETE', medication(familyId, scheduleId));

export const previewDoses = (familyId: string, scheduleId: string, days: number) =>
  request('GET', `${medication(familyId, scheduleId)}/preview?days=${days}`, { schema: DosePreviewList });
export const pauseMedication = (familyId: string, scheduleId: string) =>
  request('POST', `${medication(familyId, scheduleId)}/pause`, { schema: MedicationScheduleResponse });
export const resumeMedication = (familyId: string, scheduleId: string) =>
  request('POST', `${medication(familyId, scheduleId)}/resume`, { schema: MedicationScheduleResponse });
/** Admins only: a stopped schedule (its workflow failed) starts again after its last recorded dose. */
export const restartMedication = (familyId: string, scheduleId: string) =>
  request('POST', `${medication(familyId, scheduleId)}/restart`, { schema: MedicationScheduleResponse });
export const refillMedication = (familyId: string, scheduleId: string, added: number) =>
  request('POST', `${medication(familyId, scheduleId)}/refill`, { body: { added }, schema: MedicationScheduleResponse });
/** An as-needed dose given now; the note (may be empty) is kept with the record. */
export const logAsNeededDose = (familyId: string, scheduleId: string, note: string) =>
  request('POST', `${medication(familyId, scheduleId)}/prn-doses`, { body: note ? { note } : {}, schema: AsNeededDoseResponse });
