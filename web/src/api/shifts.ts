import type { z } from 'zod';
import type { OneOffShiftInput, RotationInput, ShiftOverrideInput } from '../../../api/contracts/shifts';
import {
  CoverageResponse,
  RotationListResponse,
  RotationPreviewResponse,
  RotationResponse,
  ShiftListResponse,
  ShiftResponse,
} from '../../../api/contracts/shifts';
import { newActionKey, request, seg } from './client';

// The shift contracts, declared once in api/contracts for the API and this app.
export * from '../../../api/contracts/shifts';

/** As the editor sends it: defaults (cycle, horizon, reminders) may be left out. */
export type RotationBody = z.input<typeof RotationInput>;
const family = (familyId: string) => `/api/families/${seg(familyId)}`;
const shift = (familyId: string, shiftId: string) => `${family(familyId)}/shifts/${seg(shiftId)}`;

export const listShifts = (familyId: string, from: string, to: string, careRecipientId?: string) =>
  request(
    'GET',
    `${family(familyId)}/shifts?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}${careRecipientId ? `&careRecipientId=${seg(careRecipientId)}` : ''}`,
    { schema: ShiftListResponse },
  );
export const getShift = (familyId: string, shiftId: string) => request('GET', shift(familyId, shiftId), { schema: ShiftResponse });
export const createShift = (familyId: string, input: z.input<typeof OneOffShiftInput>) => request('POST', `${family(familyId)}/shifts`, { body: input, schema: ShiftResponse });
export const overrideShift = (familyId: string, shiftId: string, change: ShiftOverrideInput) =>
  request('PUT', shift(familyId, shiftId), { body: change, schema: ShiftResponse });
export const cancelShift = (familyId: string, shiftId: string) => request('DELETE', shift(familyId, shiftId));

export const listRotations = (familyId: string) => request('GET', `${family(familyId)}/rotations`, { schema: RotationListResponse });
export const getRotation = (familyId: string, id: string) => request('GET', `${family(familyId)}/rotations/${seg(id)}`, { schema: RotationResponse });
export const createRotation = (familyId: string, input: RotationBody) => request('POST', `${family(familyId)}/rotations`, { body: input, schema: RotationResponse });
export const updateRotation = (familyId: string, id: string, input: RotationBody) =>
  request('PUT', `${family(familyId)}/rotations/${seg(id)}`, { body: input, schema: RotationResponse });
export const deleteRotation = (familyId: string, id: string) => request('DELETE', `${family(familyId)}/rotations/${seg(id)}`);
/** Nothing is written: the shifts the rotation would make and the hours per person. */
export const previewRotation = (familyId: string, input: RotationBody) =>
  request('POST', `${family(familyId)}/rotations/preview`, { body: input, schema: RotationPreviewResponse });

export const getCoverage = (familyId: string) => request('GET', `${family(familyId)}/coverage`, { schema: CoverageResponse });
export const hoursCsvUrl = (familyId: string) => `${family(familyId)}/coverage/hours.csv`;

// Each call is one tap: its key covers the client's own retries of that tap, never a second person's.
export const checkIn = (familyId: string, shiftId: string, location: { lat: number; lon: number; accuracyM?: number } | null) =>
  request('POST', `${shift(familyId, shiftId)}/check-in`, { body: { location }, schema: ShiftResponse, idempotencyKey: newActionKey() });
export const checkOut = (familyId: string, shiftId: string, handoffNote: string, tasksDone: string[]) =>
  request('POST', `${shift(familyId, shiftId)}/check-out`, { body: { handoffNote, tasksDone }, schema: ShiftResponse, idempotencyKey: newActionKey() });
export type ShiftAnswer = 'accept' | 'decline' | 'swap' | 'swap/take';
export const answerShift = (familyId: string, shiftId: string, answer: ShiftAnswer) =>
  request('POST', `${shift(familyId, shiftId)}/${answer}`, { schema: ShiftResponse, idempotencyKey: newActionKey() });
