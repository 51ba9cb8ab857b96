import { newActionKey, request, seg } from './client';
import type { z } from 'zod';
import { AdherenceResponse, DoseAnswerResponse, DoseCorrectionInput, DoseCorrectionResponse, TodayResponse } from './contracts';

const family = (familyId: string) => `/api/families/${seg(familyId)}`;
const dose = (familyId: string, scheduleId: string, doseKey: string) =>
  `${family(familyId)}/medications/${seg(scheduleId)}/doses/${seg(doseKey)}`;

export const todayPath = (familyId: string) => `${family(familyId)}/today`;
export const getToday = (familyId: string) => request('GET', todayPath(familyId), { schema: TodayResponse });
export const getAdherence = (familyId: string, days: number) =>
  request('GET', `${family(familyId)}/adherence?days=${days}`, { schema: AdherenceResponse });

// A 409 carries the workflow's reason (not the dose waiting, already answered, too early, no snoozes left).
// Each call is one tap: its key covers the client's own retries of that tap.
export const markTaken = (familyId: string, scheduleId: string, doseKey: string, key = newActionKey()) =>
  request('POST', `${dose(familyId, scheduleId, doseKey)}/taken`, { schema: DoseAnswerResponse, idempotencyKey: key });
export const markSkipped = (familyId: string, scheduleId: string, doseKey: string, reason: string, key = newActionKey()) =>
  request('POST', `${dose(familyId, scheduleId, doseKey)}/skipped`, { body: { reason }, schema: DoseAnswerResponse, idempotencyKey: key });
export const snooze = (familyId: string, scheduleId: string, doseKey: string, key = newActionKey()) =>
  request('POST', `${dose(familyId, scheduleId, doseKey)}/snooze`, { schema: DoseAnswerResponse, idempotencyKey: key });

/** Puts a recorded dose right (an undo, a missed dose given after all, the real time given). */
export const correctDose = (familyId: string, scheduleId: string, doseKey: string, input: z.input<typeof DoseCorrectionInput>) =>
  request('POST', `${dose(familyId, scheduleId, doseKey)}/correction`, { body: input, schema: DoseCorrectionResponse });
