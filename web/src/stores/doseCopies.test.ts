import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TodayDose } from '../api/contracts';
import { todayDose } from '../testing/todayDose';
import { supersedes } from './doseCopies';

const dose = (status: TodayDose['status'], correctedAt: string | null = null) => todayDose({ status, correctedAt, escalationId: null });

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
