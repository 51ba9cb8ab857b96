import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TodayDose } from '../api/contracts';
import { supersedes } from './doseCopies';

const dose = (status: TodayDose['status'], correctedAt: string | null = null): TodayDose => ({
  scheduleId: '00000000-0000-4000-8000-000000000001',
  careRecipientId: '00000000-0000-4000-8000-000000000002',
  assignedCaregiverId: '00000000-0000-4000-8000-000000000003',
  medicationName: 'Warfarin',
  dose: '3 mg',
  instructions: null,
  doseKey: '2026-12-01T08:00',
  localTime: '08:00',
  timeZone: 'Europe/Paris',
  dueAt: '2026-12-01T07:00:00.000Z',
  status,
  escalationId: null,
  snoozes: 0,
  maxSnoozes: 3,
  answeredBy: null,
  answeredVia: null,
  answeredAt: null,
  reason: null,
  correctedAt,
});

test('the "taken" event read before an undo arrives after it → the undo stays on screen', { timeout: 5_000 }, () => {
  const undone = dose('skipped', '2026-12-01T07:05:00.000Z');
  assert.equal(supersedes(dose('taken'), undone), false);
  assert.equal(supersedes(undone, dose('taken')), true);
});

test('"given after all" after an undo: the later correction stands, whichever arrives last', { timeout: 5_000 }, () => {
  const undone = dose('skipped', '2026-12-01T07:05:00.000Z');
  const givenAfterAll = dose('taken', '2026-12-01T07:06:00.000Z');
  assert.equal(supersedes(givenAfterAll, undone), true);
  assert.equal(supersedes(undone, givenAfterAll), false);
  assert.equal(supersedes(givenAfterAll, givenAfterAll), true, 'the same copy again is taken (it may carry fresher names)');
});

test('a recorded outcome never goes back to open; open copies replace each other in arrival order', { timeout: 5_000 }, () => {
  assert.equal(supersedes(dose('due'), dose('taken')), false);
  assert.equal(supersedes(dose('taken'), dose('due')), true);
  assert.equal(supersedes(dose('due'), dose('snoozed')), true);
  assert.equal(supersedes(dose('upcoming'), dose('due')), false);
  assert.equal(supersedes(dose('taken'), dose('skipped')), true, 'neither corrected: the last to arrive');
});
