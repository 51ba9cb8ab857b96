import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { expandRotation } from '../../activities/shifts/rotation';
import { hoursPerWeek, uncoveredStretches, weekStartOf } from './hours';

const NIGHTS = {
  timeZone: 'Europe/London',
  cycleWeeks: 1,
  // Every Saturday night 22:00–06:00: London springs forward on 2026-03-29 and falls back on 2026-10-25 (both Sunday 01:00 UTC).
  slots: [{ week: 1, weekday: 'sat' as const, start: '22:00', end: '06:00', assigneeId: 'ana' }],
  startsOn: '2026-03-01',
  endsOn: null,
};

const hoursOf = (fromUtc: string, untilUtc: string) =>
  hoursPerWeek(
    expandRotation(NIGHTS, { fromUtc, untilUtc }).map((s) => ({ timeZone: NIGHTS.timeZone, startMs: Date.parse(s.startUtc), endMs: Date.parse(s.endUtc), assigneeId: s.assigneeId, worked: null })),
    0,
  );

describe('hours per person per week', { timeout: 5_000 }, () => {
  test('a night shift over the spring change counts 7 hours, over the autumn change 9, a plain one 8', () => {
    assert.deepEqual(
      hoursOf('2026-03-21T00:00:00Z', '2026-04-05T00:00:00Z').map((h) => [h.weekStart, h.scheduledHours]),
      [
        ['2026-03-16', 8],
        ['2026-03-23', 7],
        ['2026-03-30', 8],
      ],
    );
    assert.deepEqual(
      hoursOf('2026-10-24T00:00:00Z', '2026-10-25T00:00:00Z').map((h) => [h.weekStart, h.scheduledHours]),
      [['2026-10-19', 9]],
    );
  });

  test('a shift counts in the week of its local start, Monday-based in its own zone', () => {
    // Sunday 23:00 in Sydney is Sunday 12:00 UTC: still the week starting Monday 2026-06-01 there.
    assert.equal(weekStartOf('Australia/Sydney', Date.parse('2026-06-07T13:00:00Z')), '2026-06-01');
    // Monday 00:30 in Sydney is Sunday 14:30 UTC: the next local week.
    assert.equal(weekStartOf('Australia/Sydney', Date.parse('2026-06-07T14:30:00Z')), '2026-06-08');
  });

  test('worked hours go to whoever checked in (to now while on shift), scheduled hours to the assignee', () => {
    const h = hoursPerWeek(
      [
        { timeZone: 'UTC', startMs: Date.parse('2026-06-02T09:00:00Z'), endMs: Date.parse('2026-06-02T17:00:00Z'), assigneeId: 'ana', worked: { userId: 'ben', fromMs: Date.parse('2026-06-02T09:20:00Z'), toMs: Date.parse('2026-06-02T17:05:00Z') } },
        { timeZone: 'UTC', startMs: Date.parse('2026-06-03T09:00:00Z'), endMs: Date.parse('2026-06-03T17:00:00Z'), assigneeId: 'ben', worked: { userId: 'ben', fromMs: Date.parse('2026-06-03T09:00:00Z'), toMs: null } },
      ],
      Date.parse('2026-06-03T12:00:00Z'),
    );
    assert.deepEqual(h, [
      { weekStart: '2026-06-01', userId: 'ana', scheduledHours: 8, workedHours: 0, shifts: 1 },
      { weekStart: '2026-06-01', userId: 'ben', scheduledHours: 8, workedHours: 10.75, shifts: 1 },
    ]);
  });

  test('gaps are the stretches no shift covers, overlaps merged', () => {
    const at = (h: number) => h * 3_600_000;
    assert.deepEqual(
      uncoveredStretches(
        [
          { startMs: at(2), endMs: at(5) },
          { startMs: at(4), endMs: at(6) },
          { startMs: at(8), endMs: at(12) },
        ],
        at(0),
        at(10),
      ),
      [
        { fromMs: at(0), toMs: at(2) },
        { fromMs: at(6), toMs: at(8) },
      ],
    );
  });
});
