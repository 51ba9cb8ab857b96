/**
 * iCalendar (RFC 5545) text for appointments: a subscribable feed of many series, and a one-off
 * .ics of one occurrence. Input is plain data; nothing here reads the database.
 *
 * A series is one VEVENT with RRULE/EXDATE (UID `<seriesId>@carecircle`, stable across edits,
 * SEQUENCE = the series version), plus one VEVENT with RECURRENCE-ID for each occurrence that a
 * reader cannot derive from the rule alone:
 * - an override (moved, or cancelled → STATUS:CANCELLED);
 * - an occurrence whose wall clock does not exist (spring gap): RFC 5545 reads 02:30 with the offset
 *   before the gap (03:30 new time), we hold visits at the gap's end (03:00), so the instant is spelled out;
 *   likewise one whose wall clock happens twice (autumn): we mean the first, ical.js reads the second;
 * - an occurrence whose driver is known, so the calendar shows who is driving to that visit.
 */
import type { LocalDateTime } from '../../api/contracts/appointments';
import {
  firstGeneratedStart,
  icsDateTime,
  instantOf,
  occurrenceAt,
  occurrencesAt,
  toRRuleString,
  wallAt,
  type Occurrence,
  type SeriesTiming,
} from './recurrence';
import { offsetAt } from '../time/zoned-time';
import { offsetTransitions, vtimezoneLines, type Transition } from './vtimezone';

interface Range {
  fromMs: number;
  toMs: number;
}

export interface CalendarAppointment {
  seriesId: string;
  title: string;
  location: string;
  notes: string;
  timing: SeriesTiming;
  /** The series version, bumped on every edit: the SEQUENCE readers use to take the newer copy. */
  sequence: number;
  /** ISO instant of the last change. */
  updatedAt: string;
  /** Who drives, by occurrence key, when someone has volunteered (e.g. "Ben there, Ada back"). */
  drivers?: Record<string, string>;
  /** The word before the drivers in the description, in the reader's language ("Driving" when absent). */
  drivingLabel?: string;
}

const DAY_MS = 86_400_000;
/** How far ahead of `now` a feed's zone data and gap corrections reach; readers refetch long before. */
const FEED_HORIZON_MS = 2 * 366 * DAY_MS;
const PRODID = '-//CareCircle//Appointments//EN';

/** TEXT value escaping (RFC 5545 §3.3.11). */
export function escapeText(text: string): string {
  return text.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r\n|\r|\n/g, '\\n');
}

/** Folds a content line at 75 octets (§3.1), never inside a UTF-8 sequence; continuation lines start with a space. */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    const limit = parts.length === 0 ? 75 : 74; // a continuation's leading space is one of its 75
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

const utcStamp = (ms: number) => new Date(ms).toISOString().replace(/[-:]|\.\d{3}/g, '');
const zoned = (name: string, zone: string, wall: LocalDateTime) => `${name};TZID=${zone}:${icsDateTime(wall)}`;

function describe(a: CalendarAppointment, key: string | null): string {
  const driver = key === null ? undefined : a.drivers?.[key];
  return [a.notes, driver ? `${a.drivingLabel ?? 'Driving'}: ${driver}` : ''].filter(Boolean).join('\n\n');
}

/** Lines every VEVENT of the series shares. */
function common(a: CalendarAppointment, now: number, key: string | null): string[] {
  const description = describe(a, key);
  return [
    `UID:${a.seriesId}@carecircle`,
    `DTSTAMP:${utcStamp(now)}`,
    `LAST-MODIFIED:${utcStamp(Date.parse(a.updatedAt))}`,
    `SEQUENCE:${a.sequence}`,
    `SUMMARY:${escapeText(a.title)}`,
    ...(a.location ? [`LOCATION:${escapeText(a.location)}`] : []),
    ...(description ? [`DESCRIPTION:${escapeText(description)}`] : []),
  ];
}

/** One occurrence as it happens: its real local start and end, cancelled or not. */
function timed(zone: string, o: Occurrence): string[] {
  return [stamp('DTSTART', zone, Date.parse(o.startUtc)), stamp('DTEND', zone, Date.parse(o.endUtc)), `STATUS:${o.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`];
}

/**
 * An instant as local time with TZID, or in UTC when that local time happens twice (autumn): we
 * mean the first, ical.js and others read the second, and a local time cannot say which.
 */
function stamp(name: string, zone: string, ms: number): string {
  const wall = wallAt(zone, ms);
  const w = Date.parse(`${wall}:00Z`);
  const readings = new Set([w - offsetAt(zone, w - DAY_MS), w - offsetAt(zone, w + DAY_MS)].filter((i) => wallAt(zone, i) === wall));
  return readings.size > 1 ? `${name}:${utcStamp(ms)}` : zoned(name, zone, wall);
}

/**
 * Occurrences at a wall time that a clock change skips (spring) or repeats (autumn), not
 * overridden: readers place those differently from us. All occurrences share the series' time of
 * day, so each change has at most two candidate keys to check.
 */
function shiftedOccurrences(timing: SeriesTiming, changes: Transition[]): Occurrence[] {
  const time = timing.start.slice(11);
  const candidates = changes.flatMap((t) => {
    const [lo, hi] = [t.at + Math.min(t.from, t.to), t.at + Math.max(t.from, t.to)].map((w) => new Date(w).toISOString().slice(0, 16)) as [string, string];
    return [lo, hi].map((w) => `${w.slice(0, 10)}T${time}`).filter((k) => k >= lo && k < hi);
  });
  return occurrencesAt(timing, candidates).filter((o) => !o.moved && o.status === 'scheduled');
}

/** VEVENTs of one series: the rule, then the occurrences a reader cannot derive from it. */
function seriesEvents(a: CalendarAppointment, now: number, changes: Transition[]): string[][] {
  const { timing } = a;
  const zone = timing.timeZone;
  if (!timing.recurrence) {
    const o = occurrenceAt(timing, timing.start);
    return o ? [['BEGIN:VEVENT', ...common(a, now, o.key), ...timed(zone, o), 'END:VEVENT']] : [];
  }
  // DTSTART must be an occurrence: readers disagree about a DTSTART the rule does not generate.
  const dtstart = firstGeneratedStart(timing.recurrence, timing.start);
  if (dtstart === null) return [];
  const master = [
    'BEGIN:VEVENT',
    ...common(a, now, null),
    zoned('DTSTART', zone, dtstart),
    // An exact duration (RFC 5545 §3.3.6): a 2-hour visit lasts 2 hours on the night the clocks change too.
    `DURATION:PT${timing.durationMinutes}M`,
    ...toRRuleString(timing.recurrence, zone, dtstart).split('\r\n'),
    'STATUS:CONFIRMED',
    'END:VEVENT',
  ];
  const special = new Map<string, Occurrence>();
  const keys = [...timing.overrides.map((o) => o.key), ...Object.keys(a.drivers ?? {})];
  for (const o of [...shiftedOccurrences(timing, changes), ...occurrencesAt(timing, keys)]) special.set(o.key, o);
  const instances = [...special.values()]
    .sort((x, y) => x.key.localeCompare(y.key))
    .map((o) => ['BEGIN:VEVENT', ...common(a, now, o.key), zoned('RECURRENCE-ID', zone, o.key), ...timed(zone, o), 'END:VEVENT']);
  return [master, ...instances];
}

function calendar(events: string[][], zones: Map<string, Range>, changes: Map<string, Transition[]>, name?: string): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${PRODID}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    ...(name ? [`X-WR-CALNAME:${escapeText(name)}`] : []),
    ...[...zones].flatMap(([zone, r]) => vtimezoneLines(zone, r.fromMs, changes.get(zone) ?? [])),
    ...events.flat(),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n') + '\r\n';
}

/** The instants a series' VEVENTs mention, from its start to `horizonMs` or its last explicit time. */
function spanOf(timing: SeriesTiming, horizonMs: number): Range {
  const walls = [timing.start, ...(timing.recurrence?.until ? [timing.recurrence.until] : []), ...timing.overrides.flatMap((o) => [o.key, o.start ?? o.key])];
  const instants = walls.map((w) => instantOf(timing.timeZone, w));
  return { fromMs: Math.min(...instants) - DAY_MS, toMs: Math.max(horizonMs, ...instants) + 2 * DAY_MS };
}

const zoneChanges = (zone: string, r: Range) => offsetTransitions(zone, r.fromMs, r.toMs);

/** The feed: every series given, one VTIMEZONE per zone used. `now` is DTSTAMP and anchors the horizon. */
export function calendarFeed(appointments: CalendarAppointment[], options: { now: string; name?: string }): string {
  const now = Date.parse(options.now);
  const zones = new Map<string, Range>();
  for (const { timing } of appointments) {
    const span = spanOf(timing, now + FEED_HORIZON_MS);
    const known = zones.get(timing.timeZone) ?? span;
    zones.set(timing.timeZone, { fromMs: Math.min(known.fromMs, span.fromMs), toMs: Math.max(known.toMs, span.toMs) });
  }
  // One scan of each zone's offsets serves its VTIMEZONE and every series' gap check.
  const changes = new Map([...zones].map(([zone, r]) => [zone, zoneChanges(zone, r)]));
  const events = appointments.flatMap((a) => seriesEvents(a, now, changes.get(a.timing.timeZone) ?? []));
  return calendar(events, zones, changes, options.name);
}

/**
 * One occurrence as a standalone event, for a one-off download. A recurring series' occurrence gets
 * its own UID (`<seriesId>-<key>@carecircle`): a lone RECURRENCE-ID without its series confuses
 * importers, and a stable per-occurrence UID lets a second download update the first.
 */
export function occurrenceCalendar(a: CalendarAppointment, key: string, options: { now: string }): string | null {
  const zone = a.timing.timeZone;
  const o = occurrenceAt(a.timing, key);
  if (!o) return null;
  const uid = a.timing.recurrence ? `UID:${a.seriesId}-${icsDateTime(key).slice(0, 13)}@carecircle` : `UID:${a.seriesId}@carecircle`;
  const lines = common(a, Date.parse(options.now), key).map((l) => (l.startsWith('UID:') ? uid : l));
  const around = { fromMs: Date.parse(o.startUtc) - DAY_MS, toMs: Date.parse(o.endUtc) + DAY_MS };
  return calendar([['BEGIN:VEVENT', ...lines, ...timed(zone, o), 'END:VEVENT']], new Map([[zone, around]]), new Map([[zone, zoneChanges(zone, around)]]));
}
