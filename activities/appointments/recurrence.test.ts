/**
 * Worked examples of appointment recurrence: numbered weekdays, days of the month, EXDATE,
 * moved and cancelled occurrences, "this and following", UNTIL, and the DST rules shared with doses.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Recurrence } from '../../api/contracts/appointments';
import { expandOccurrences, nextOccurrences, occurrenceAt, splitSeries, toRRuleString, type SeriesTiming } from './recurrence';

const rule = (r: Partial<Recurrence> & Pick<Recurrence, 'freq'>): Recurrence => ({ interval: 1, exDates: [], ...r });
const series = (start: string, recurrence: Recurrence | null, more: Partial<SeriesTiming> = {}): SeriesTiming => ({
  start,
  timeZone: 'Europe/London',
  durationMinutes: 60,
  recurrence,
  overrides: [],
  ...more,
});
const YEAR = { fromUtc: '2026-01-01T00:00:00Z', untilUtc: '2028-01-01T00:00:00Z' };
const keys = (s: SeriesTiming, window = YEAR) => expandOccurrences(s, window).map((o) => o.key);

test('numbered weekdays: the 2nd Tuesday, the last Friday, a 5th Tuesday only in months that have one', { timeout: 10_000 }, () => {
  assert.deepEqual(keys(series('2026-12-08T10:00', rule({ freq: 'MONTHLY', byDay: ['2TU'], count: 4 }))), [
    '2026-12-08T10:00',
    '2027-01-12T10:00',
    '2027-02-09T10:00',
    '2027-03-09T10:00',
  ]);
  assert.deepEqual(keys(series('2026-10-30T15:00', rule({ freq: 'MONTHLY', byDay: ['-1FR'], count: 4 }))), [
    '2026-10-30T15:00',
    '2026-11-27T15:00',
    '2026-12-25T15:00',
    '2027-01-29T15:00',
  ]);
  assert.deepEqual(keys(series('2026-01-01T09:00', rule({ freq: 'MONTHLY', byDay: ['5TU'], until: '2026-12-31T23:59' }))), [
    '2026-03-31T09:00',
    '2026-06-30T09:00',
    '2026-09-29T09:00',
    '2026-12-29T09:00',
  ]);
  // A list is alternatives (RFC 5545): every Wednesday and the 2nd Tuesday; rrule alone would answer nothing.
  assert.deepEqual(keys(series('2027-03-01T09:00', rule({ freq: 'MONTHLY', byDay: ['WE', '2TU'], count: 6 }))), [
    '2027-03-03T09:00',
    '2027-03-09T09:00',
    '2027-03-10T09:00',
    '2027-03-17T09:00',
    '2027-03-24T09:00',
    '2027-03-31T09:00',
  ]);
});

test('days of the month: the last day (-1) every month, the 31st only where it exists, every other week on Monday and Thursday', { timeout: 10_000 }, () => {
  assert.deepEqual(keys(series('2027-12-31T08:00', rule({ freq: 'MONTHLY', byMonthDay: [-1], count: 3 })), { fromUtc: '2027-01-01T00:00:00Z', untilUtc: '2029-01-01T00:00:00Z' }), [
    '2027-12-31T08:00',
    '2028-01-31T08:00',
    '2028-02-29T08:00',
  ]);
  assert.deepEqual(keys(series('2026-01-31T08:00', rule({ freq: 'MONTHLY', count: 3 }))), ['2026-01-31T08:00', '2026-03-31T08:00', '2026-05-31T08:00']);
  assert.deepEqual(keys(series('2026-11-30T08:00', rule({ freq: 'WEEKLY', interval: 2, byDay: ['MO', 'TH'], count: 5 }))), [
    '2026-11-30T08:00',
    '2026-12-03T08:00',
    '2026-12-14T08:00',
    '2026-12-17T08:00',
    '2026-12-28T08:00',
  ]);
  // A start the rule does not pick is no occurrence: weekly on Tuesdays from a Wednesday begins next Tuesday.
  assert.deepEqual(keys(series('2026-12-02T08:00', rule({ freq: 'WEEKLY', byDay: ['TU'], count: 2 }))), ['2026-12-08T08:00', '2026-12-15T08:00']);
  // A rule that can never happen answers at once, with nothing.
  assert.deepEqual(nextOccurrences(series('2026-01-01T08:00', rule({ freq: 'MONTHLY', byDay: ['5MO'], byMonthDay: [1] })), '2026-01-01T00:00:00Z', 3), []);
  const february29 = (interval: number) => series('2027-02-01T08:00', rule({ freq: 'MONTHLY', interval, byMonthDay: [29] }));
  assert.deepEqual(nextOccurrences(february29(24), '2027-01-01T00:00:00Z', 1), []); // odd years only: never a 29 February
  assert.deepEqual(nextOccurrences(february29(12), '2027-01-01T00:00:00Z', 2).map((o) => o.key), ['2028-02-29T08:00', '2032-02-29T08:00']);
});

test('EXDATE removes an occurrence, and COUNT still counts it (RFC 5545 applies EXDATE after COUNT)', { timeout: 10_000 }, () => {
  const s = series('2026-12-01T14:00', rule({ freq: 'WEEKLY', count: 4, exDates: ['2026-12-15T14:00', '2026-12-16T14:00'] }));
  assert.deepEqual(keys(s), ['2026-12-01T14:00', '2026-12-08T14:00', '2026-12-22T14:00']);
  assert.equal(occurrenceAt(s, '2026-12-15T14:00'), null);
});

test('overrides: a moved occurrence keeps its key and moves its instant (into or out of a window), a cancelled one is reported as cancelled, stale ones are ignored', { timeout: 10_000 }, () => {
  const s = series('2026-12-01T14:00', rule({ freq: 'WEEKLY', count: 4, exDates: ['2026-12-22T14:00'] }), {
    overrides: [
      { key: '2026-12-08T14:00', status: 'moved', start: '2026-12-14T09:15', durationMinutes: 30 },
      { key: '2026-12-15T14:00', status: 'cancelled' },
      { key: '2026-12-22T14:00', status: 'moved', start: '2026-12-23T10:00' }, // EXDATEd: it does not happen at all
      { key: '2026-12-09T14:00', status: 'cancelled' }, // not an occurrence of this rule
    ],
  });
  assert.deepEqual(expandOccurrences(s, YEAR), [
    { key: '2026-12-01T14:00', start: '2026-12-01T14:00', startUtc: '2026-12-01T14:00:00.000Z', endUtc: '2026-12-01T15:00:00.000Z', status: 'scheduled', moved: false },
    { key: '2026-12-08T14:00', start: '2026-12-14T09:15', startUtc: '2026-12-14T09:15:00.000Z', endUtc: '2026-12-14T09:45:00.000Z', status: 'scheduled', moved: true },
    { key: '2026-12-15T14:00', start: '2026-12-15T14:00', startUtc: '2026-12-15T14:00:00.000Z', endUtc: '2026-12-15T15:00:00.000Z', status: 'cancelled', moved: false },
  ]);
  // The window is about where it happens now: the week of 14 December holds the moved 8 December visit.
  assert.deepEqual(keys(s, { fromUtc: '2026-12-14T00:00:00Z', untilUtc: '2026-12-15T00:00:00Z' }), ['2026-12-08T14:00']);
  assert.deepEqual(keys(s, { fromUtc: '2026-12-08T00:00:00Z', untilUtc: '2026-12-09T00:00:00Z' }), []);
  assert.deepEqual(
    nextOccurrences(s, '2026-12-01T14:00:00Z', 5).map((o) => o.key),
    ['2026-12-08T14:00', '2026-12-15T14:00'],
  );
});

test('this and following, with COUNT: the old series keeps what came before, the new one starts at the key with the rest', { timeout: 10_000 }, () => {
  const s = series('2026-12-01T14:00', rule({ freq: 'WEEKLY', count: 6, exDates: ['2026-12-08T14:00', '2026-12-29T14:00'] }));
  const { before, after } = splitSeries(s, '2026-12-22T14:00');
  assert.deepEqual(before, { freq: 'WEEKLY', interval: 1, count: 3, exDates: ['2026-12-08T14:00'] });
  assert.deepEqual(after, { start: '2026-12-22T14:00', recurrence: { freq: 'WEEKLY', interval: 1, count: 3, exDates: ['2026-12-29T14:00'] } });
  assert.deepEqual([...keys({ ...s, recurrence: before }), ...keys({ ...s, ...after })], keys(s));
  // From the very first occurrence nothing stays behind; a key the series does not have is refused.
  assert.equal(splitSeries(s, '2026-12-01T14:00').before, null);
  assert.throws(() => splitSeries(s, '2026-12-02T14:00'), /not an occurrence/);
  assert.throws(() => splitSeries(series('2026-12-01T14:00', null), '2026-12-01T14:00'), /single appointment/);
});

test('this and following, without COUNT: UNTIL becomes the last start before the split, and the new series keeps the old UNTIL', { timeout: 10_000 }, () => {
  const s = series('2026-12-07T14:00', rule({ freq: 'MONTHLY', byDay: ['1MO'], until: '2027-06-30T00:00' }));
  const { before, after } = splitSeries(s, '2027-03-01T14:00');
  assert.deepEqual(before, { freq: 'MONTHLY', interval: 1, byDay: ['1MO'], until: '2027-02-01T14:00', exDates: [] });
  assert.deepEqual(after.recurrence, { freq: 'MONTHLY', interval: 1, byDay: ['1MO'], until: '2027-06-30T00:00', exDates: [] });
  assert.deepEqual(keys({ ...s, ...after }), ['2027-03-01T14:00', '2027-04-05T14:00', '2027-05-03T14:00', '2027-06-07T14:00']);
});

test('UNTIL is inclusive: an occurrence exactly at UNTIL happens, one a minute later does not', { timeout: 10_000 }, () => {
  assert.deepEqual(keys(series('2026-12-01T09:30', rule({ freq: 'DAILY', until: '2026-12-03T09:30' }))), ['2026-12-01T09:30', '2026-12-02T09:30', '2026-12-03T09:30']);
  assert.deepEqual(keys(series('2026-12-01T09:30', rule({ freq: 'DAILY', until: '2026-12-03T09:29' }))), ['2026-12-01T09:30', '2026-12-02T09:30']);
});

test('local time is kept across DST with the dose rules: 09:30 stays 09:30, a gap time moves to the gap end, an overlap time takes the first instant', { timeout: 10_000 }, () => {
  const ny = (start: string, r: Recurrence) => expandOccurrences({ ...series(start, r), timeZone: 'America/New_York' }, YEAR).map((o) => `${o.key} ${o.startUtc}`);
  assert.deepEqual(ny('2026-03-01T09:30', rule({ freq: 'WEEKLY', count: 2 })), ['2026-03-01T09:30 2026-03-01T14:30:00.000Z', '2026-03-08T09:30 2026-03-08T13:30:00.000Z']);
  assert.deepEqual(ny('2026-03-07T02:30', rule({ freq: 'DAILY', count: 3 })), [
    '2026-03-07T02:30 2026-03-07T07:30:00.000Z',
    '2026-03-08T02:30 2026-03-08T07:00:00.000Z', // 02:30 does not exist: 03:00 EDT, when the gap ends
    '2026-03-09T02:30 2026-03-09T06:30:00.000Z',
  ]);
  assert.deepEqual(ny('2026-11-01T01:30', rule({ freq: 'DAILY', count: 1 })), ['2026-11-01T01:30 2026-11-01T05:30:00.000Z']); // 01:30 EDT, not EST
  // Elapsed time: a 2-hour visit from 01:00 on the night the clocks go back ends at 02:00 by the clock.
  const [night] = expandOccurrences({ ...series('2026-11-01T01:00', null), timeZone: 'America/New_York', durationMinutes: 120 }, YEAR);
  assert.equal(night?.endUtc, '2026-11-01T07:00:00.000Z');
});

test('toRRuleString: RFC 5545 RRULE and EXDATE lines, UNTIL in UTC at the end of the last occurrence\'s local day', { timeout: 10_000 }, () => {
  assert.equal(
    toRRuleString(rule({ freq: 'MONTHLY', interval: 2, byDay: ['2TU', '-1FR'], until: '2027-06-30T12:00', exDates: ['2027-03-09T10:00', '2027-01-12T10:00'] }), 'America/New_York', '2027-01-12T10:00'),
    'RRULE:FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU,-1FR;UNTIL=20270529T035959Z;WKST=MO\r\nEXDATE;TZID=America/New_York:20270112T100000,20270309T100000',
  );
  assert.equal(toRRuleString(rule({ freq: 'DAILY', byMonthDay: undefined, count: 5 }), 'Europe/London', '2027-01-12T10:00'), 'RRULE:FREQ=DAILY;COUNT=5;WKST=MO');
});
