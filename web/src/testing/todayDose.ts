import type { TodayDose } from '../api/contracts';

/** Ben's 06:00 Metformin, being escalated; tests override what they are about. */
export const todayDose = (over: Partial<TodayDose> = {}): TodayDose => ({
  scheduleId: '00000000-0000-4000-8000-000000000003',
  careRecipientId: '00000000-0000-4000-8000-000000000004',
  assignedCaregiverId: 'ben',
  medicationName: 'Metformin',
  dose: '500 mg',
  instructions: null,
  doseKey: '2026-11-30T06:00',
  localTime: '06:00',
  timeZone: 'UTC',
  dueAt: '2026-11-30T06:00:00.000Z',
  status: 'escalating',
  escalationId: '00000000-0000-4000-8000-000000000001',
  snoozes: 0,
  maxSnoozes: 3,
  answeredBy: null,
  answeredVia: null,
  answeredAt: null,
  reason: null,
  ...over,
});
