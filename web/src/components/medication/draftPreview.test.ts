import assert from 'node:assert/strict';
import { test } from 'node:test';
import { draftDoseDays } from './draftPreview';
import { newDraft, timeRow } from './medicationDraft';

const base = () => ({ ...newDraft({ id: 'r', timeZone: 'Europe/Paris' }, 'u'), startDate: '2026-03-02' });

test('the live preview of a draft lists the next dose days as typed', { timeout: 5_000 }, () => {
  const daily = { ...base(), times: [timeRow('20:00'), timeRow('08:00')] };
  assert.deepEqual(draftDoseDays(daily, '2026-03-02', '00:00', 2), [
    { date: '2026-03-02', times: ['08:00', '20:00'] },
    { date: '2026-03-03', times: ['08:00', '20:00'] },
  ]);
  // At 12:00 on the recipient's clock, this morning's dose is past and left out.
  assert.deepEqual(draftDoseDays(daily, '2026-03-02', '12:00', 2), [
    { date: '2026-03-02', times: ['20:00'] },
    { date: '2026-03-03', times: ['08:00', '20:00'] },
  ]);
  // 2026-03-02 is a Monday.
  const someDays = { ...base(), patternKind: 'weekdays' as const, days: ['mon' as const, 'thu' as const] };
  assert.deepEqual(draftDoseDays(someDays, '2026-03-02').map((d) => d.date), ['2026-03-02', '2026-03-05']);
  const everyThree = { ...base(), patternKind: 'everyNDays' as const, everyN: 3 };
  assert.deepEqual(draftDoseDays(everyThree, '2026-03-03').map((d) => d.date), ['2026-03-05', '2026-03-08']);
  // Three doses from the start, two of them already past: one is left.
  const counted = { ...base(), endBy: 'count' as const, doseCount: 3 };
  assert.deepEqual(draftDoseDays(counted, '2026-03-04'), [{ date: '2026-03-04', times: ['08:00'] }]);
  const ended = { ...base(), endBy: 'date' as const, endDate: '2026-03-03' };
  assert.equal(draftDoseDays(ended, '2026-03-02').length, 2);
  assert.deepEqual(draftDoseDays({ ...base(), asNeeded: true }, '2026-03-02'), []);
});
