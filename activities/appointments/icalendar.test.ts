/**
 * Our iCalendar text, read back with ical.js (a real parser): the occurrences a calendar app
 * shows must be exactly those expandOccurrences computes, across DST, and the text must follow
 * RFC 5545 (escaping, 75-octet folding, CRLF, stable UID, SEQUENCE, zones).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Recurrence } from '../../api/contracts/appointments';
import { calendarFeed, occurrenceCalendar, type CalendarAppointment } from './icalendar';
import { expandOccurrences, type SeriesTiming } from './recurrence';
import { parseCalendar, readOccurrences, unfoldedLines } from './testing/ical-reader';
import { seriesCases } from './testing/series-arbitrary';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 300);
const NOW = '2026-11-30T12:00:00Z';
const rule = (r: Partial<Recurrence> & Pick<Recurrence, 'freq'>): Recurrence => ({ interval: 1, exDates: [], ...r });
const appointment = (seriesId: string, timing: Partial<SeriesTiming> & Pick<SeriesTiming, 'start'>, more: Partial<CalendarAppointment> = {}): CalendarAppointment => ({
  seriesId,
  title: 'Cardiology',
  location: 'St Mary’s, Praed Street',
  notes: '',
  timing: { timeZone: 'America/New_York', durationMinutes: 60, recurrence: null, overrides: [], ...timing },
  sequence: 1,
  updatedAt: '2026-11-29T08:00:00.000Z',
  ...more,
});
/** What a reader should see, from expandOccurrences. */
const expected = (a: CalendarAppointment, fromMs: number, untilMs: number) =>
  expandOccurrences(a.timing, { fromUtc: new Date(fromMs).toISOString(), untilUtc: new Date(untilMs).toISOString() }).map((o) => ({
    key: a.timing.recurrence ? o.key : '',
    startUtc: o.startUtc,
    durationMinutes: (Date.parse(o.endUtc) - Date.parse(o.startUtc)) / 60_000,
    status: o.status,
  }));
const seen = (text: string, fromMs: number, untilMs: number) =>
  readOccurrences(text, fromMs, untilMs).map(({ key, startUtc, durationMinutes, status }) => ({ key, startUtc, durationMinutes, status }));

test('ical.js reads back exactly the occurrences of expandOccurrences: random series around DST in five zones, with EXDATEs, moves and cancellations', { timeout: 240_000 }, () => {
  fc.assert(
    // ical.js gives up on BYDAY with BYMONTHDAY when 4 years pass without a match (which RFC 5545 allows); see the Friday-13th example.
    fc.property(seriesCases.filter(({ series: { recurrence: r } }) => !(r?.byDay && r.byMonthDay)), ({ series, fromMs, untilMs }) => {
      const a = appointment('5d0e6a53-1c1e-4f57-9d0a-0c6f4f1e2a10', series);
      const text = calendarFeed([a], { now: new Date(fromMs).toISOString() });
      assert.deepEqual(seen(text, fromMs, untilMs), expected(a, fromMs, untilMs));
    }),
    { numRuns: Math.ceil(RUNS / 3) },
  );
});

test('a feed of several series: one VTIMEZONE per zone, stable UIDs, SEQUENCE, LAST-MODIFIED, DTSTAMP, RRULE, EXDATE and one instance per override', { timeout: 30_000 }, () => {
  const weekly = appointment('a1', {
    start: '2026-10-27T09:30',
    recurrence: rule({ freq: 'WEEKLY', byDay: ['TU'], until: '2027-04-27T09:30', exDates: ['2026-12-29T09:30'] }),
    overrides: [
      { key: '2026-11-10T09:30', status: 'moved', start: '2026-11-12T14:00', durationMinutes: 90 },
      { key: '2026-11-17T09:30', status: 'cancelled' },
    ],
  }, { sequence: 4, drivers: { '2026-12-01T09:30': 'Ben there, Ada back' } });
  // 02:30 does not exist on 14 March 2027 in New York: the visit is at 03:00, the gap's end.
  const night = appointment('a2', { start: '2027-03-07T02:30', recurrence: rule({ freq: 'WEEKLY', count: 4 }) });
  const friday13 = appointment('a7', { start: '2026-11-13T16:00', timeZone: 'Europe/London', recurrence: rule({ freq: 'MONTHLY', byDay: ['FR'], byMonthDay: [13], count: 2 }) });
  const sydney = appointment('a3', { start: '2026-12-08T10:00', timeZone: 'Australia/Sydney', recurrence: rule({ freq: 'MONTHLY', byDay: ['2TU'], count: 6 }) });
  const text = calendarFeed([weekly, night, sydney, friday13], { now: NOW, name: 'Dad’s appointments' });
  const lines = unfoldedLines(text);

  assert.deepEqual(lines.filter((l) => l.startsWith('TZID:')), ['TZID:America/New_York', 'TZID:Australia/Sydney', 'TZID:Europe/London']);
  assert.ok(lines.includes('DTSTAMP:20261130T120000Z') && lines.includes('LAST-MODIFIED:20261129T080000Z') && lines.includes('SEQUENCE:4'));
  assert.ok(lines.includes('RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20270428T035959Z;WKST=MO'));
  assert.ok(lines.includes('EXDATE;TZID=America/New_York:20261229T093000'));
  assert.ok(lines.includes('RRULE:FREQ=MONTHLY;BYDAY=2TU;COUNT=6;WKST=MO'));
  assert.deepEqual(lines.filter((l) => l.startsWith('RECURRENCE-ID')), [
    'RECURRENCE-ID;TZID=America/New_York:20261110T093000',
    'RECURRENCE-ID;TZID=America/New_York:20261117T093000',
    'RECURRENCE-ID;TZID=America/New_York:20261201T093000',
    'RECURRENCE-ID;TZID=America/New_York:20270314T023000',
  ]);
  assert.ok(lines.includes('DTSTART;TZID=America/New_York:20270314T030000'));

  const from = Date.parse('2026-10-01T00:00:00Z');
  const until = Date.parse('2027-09-01T00:00:00Z');
  const read = readOccurrences(text, from, until);
  assert.deepEqual(seen(text, from, until), [weekly, night, sydney, friday13].flatMap((a) => expected(a, from, until)).sort((x, y) => x.startUtc.localeCompare(y.startUtc) || x.key.localeCompare(y.key)));
  assert.deepEqual([...new Set(read.map((o) => o.uid))].sort(), ['a1@carecircle', 'a2@carecircle', 'a3@carecircle', 'a7@carecircle']);
  assert.deepEqual(read.filter((o) => o.uid === 'a7@carecircle').map((o) => o.key), ['2026-11-13T16:00', '2027-08-13T16:00']);
  assert.equal(read.find((o) => o.key === '2026-11-17T09:30')?.status, 'cancelled');
  assert.equal(read.find((o) => o.key === '2026-12-01T09:30')?.description, 'Driving: Ben there, Ada back');
  assert.equal(read.find((o) => o.key === '2027-03-14T02:30')?.startUtc, '2027-03-14T07:00:00.000Z'); // 03:00 EDT
  assert.equal(read.find((o) => o.key === '2027-03-21T02:30')?.startUtc, '2027-03-21T06:30:00.000Z'); // 02:30 EDT
  assert.equal(parseCalendar(text).getFirstPropertyValue('x-wr-calname'), 'Dad’s appointments');

  // An edit keeps the UID and raises SEQUENCE, so calendar apps replace the event rather than add one.
  const edited = unfoldedLines(calendarFeed([{ ...weekly, sequence: 5, updatedAt: '2026-11-30T10:00:00.000Z' }], { now: NOW }));
  assert.ok(edited.includes('UID:a1@carecircle') && edited.includes('SEQUENCE:5') && edited.includes('LAST-MODIFIED:20261130T100000Z'));
});

test('a wall time the autumn change repeats is the first one, written in UTC for readers that would take the second', { timeout: 30_000 }, () => {
  // London, 25 October 2026: 01:30 happens at 00:30Z (BST) and again at 01:30Z (GMT).
  const a = appointment('a8', { start: '2026-10-24T01:30', timeZone: 'Europe/London', recurrence: rule({ freq: 'DAILY', count: 3 }) });
  const text = calendarFeed([a], { now: NOW });
  const lines = unfoldedLines(text);
  assert.ok(lines.includes('RECURRENCE-ID;TZID=Europe/London:20261025T013000') && lines.includes('DTSTART:20261025T003000Z'));
  const from = Date.parse('2026-10-20T00:00:00Z');
  const until = Date.parse('2026-10-30T00:00:00Z');
  assert.deepEqual(
    readOccurrences(text, from, until).map((o) => o.startUtc),
    ['2026-10-24T00:30:00.000Z', '2026-10-25T00:30:00.000Z', '2026-10-26T01:30:00.000Z'],
  );
  assert.deepEqual(seen(text, from, until), expected(a, from, until));
});

test('text is escaped, folded at 75 octets without splitting a character, and every line ends in CRLF', { timeout: 30_000 }, () => {
  const title = 'Dr. Åström; cardiology, room 4\\B';
  const notes = `Bring the pill list, glasses; ask about dizziness.\nLine two\r\nLine three ${'日本語🩺'.repeat(30)}`;
  const a = appointment('a4', { start: '2026-12-08T10:00' }, { title, notes, location: `${'é'.repeat(80)}, Hall 2; Floor 3` });
  for (const text of [calendarFeed([a], { now: NOW }), occurrenceCalendar(a, '2026-12-08T10:00', { now: NOW })!]) {
    assert.ok(text.endsWith('\r\n'));
    assert.ok(!/[^\r]\n|\r[^\n]/.test(text), 'a bare LF or CR');
    const physical = text.split('\r\n').slice(0, -1);
    for (const line of physical) {
      const bytes = Buffer.from(line, 'utf8');
      assert.ok(bytes.length <= 75, `${bytes.length} octets: ${line}`);
      assert.ok(!line.includes('\uFFFD'));
    }
    assert.ok(physical.filter((l) => l.startsWith(' ')).length > 5, 'long values are folded');
    assert.ok(unfoldedLines(text).includes(`SUMMARY:Dr. Åström\\; cardiology\\, room 4\\\\B`));
    const [event] = readOccurrences(text, 0, Date.parse('2030-01-01T00:00:00Z'));
    assert.equal(event?.summary, title);
    assert.equal(event?.description, notes.replace('\r\n', '\n'));
    const vevent = parseCalendar(text).getFirstSubcomponent('vevent')!;
    assert.equal(vevent.getFirstPropertyValue('location'), `${'é'.repeat(80)}, Hall 2; Floor 3`);
  }
});

test('one occurrence as a download: its real instant, its own stable UID, no rule; a single appointment keeps the series UID', { timeout: 30_000 }, () => {
  const a = appointment('a5', {
    start: '2027-03-12T02:30',
    recurrence: rule({ freq: 'DAILY', count: 5 }),
    overrides: [{ key: '2027-03-15T02:30', status: 'moved', start: '2027-03-15T16:45', durationMinutes: 30 }],
  });
  const read = (key: string) => {
    const text = occurrenceCalendar(a, key, { now: NOW });
    assert.ok(text);
    const lines = unfoldedLines(text);
    assert.ok(!lines.some((l) => /^(RRULE|RECURRENCE-ID|EXDATE)/.test(l)));
    assert.equal(lines.filter((l) => l === 'BEGIN:VEVENT').length, 1);
    return { lines, occurrences: readOccurrences(text, 0, Date.parse('2030-01-01T00:00:00Z')) };
  };
  const gap = read('2027-03-14T02:30');
  assert.ok(gap.lines.includes('UID:a5-20270314T0230@carecircle') && gap.lines.includes('DTSTART;TZID=America/New_York:20270314T030000'));
  assert.equal(gap.occurrences[0]?.startUtc, '2027-03-14T07:00:00.000Z');
  const moved = read('2027-03-15T02:30');
  assert.deepEqual(
    moved.occurrences.map((o) => [o.startUtc, o.durationMinutes]),
    [['2027-03-15T20:45:00.000Z', 30]],
  );
  assert.equal(occurrenceCalendar(a, '2027-03-17T02:30', { now: NOW }), null); // after COUNT
  assert.equal(occurrenceCalendar(a, 'not-a-key', { now: NOW }), null);
  const single = appointment('a6', { start: '2026-12-08T10:00', timeZone: 'Europe/London' });
  assert.ok(unfoldedLines(occurrenceCalendar(single, '2026-12-08T10:00', { now: NOW })!).includes('UID:a6@carecircle'));
  assert.deepEqual(
    readOccurrences(calendarFeed([single], { now: NOW }), 0, Date.parse('2030-01-01T00:00:00Z')).map((o) => [o.uid, o.startUtc]),
    [['a6@carecircle', '2026-12-08T10:00:00.000Z']],
  );
});
