/**
 * When each dose of a medication schedule is due, as UTC instants.
 *
 * ACTIVITIES ONLY. The answers depend on the host's time-zone database (through Intl),
 * so this must never run in workflow code: the medication workflow asks an activity for
 * its next instants and gets them back as activity results, recorded in history, so a
 * replay on a worker with other tzdata takes the same decisions.
 *
 * Pure: no clock is read; every "now" is an argument.
 *
 * Daylight saving (ARCHITECTURE §6): a dose keeps its wall-clock time. A time that does
 * not exist that day (spring forward) is due the instant the gap ends; an ambiguous time
 * (fall back) is due once, at its first occurrence. See zoned-time.ts.
 */
import { dayNumber, doseDaysBefore, isDoseDay, localDateOf, type DoseTiming, type ReminderTiming } from './schedule';
import { wallClockAt, wallClockToInstant } from '../time/zoned-time';

export interface DoseInstant {
  /** `${localDate}T${localTime}`: the dose's business identity, stable across DST and continue-as-new. */
  doseKey: string;
  /** The scheduled day and time on the recipient's wall clock (even when a DST gap moved the instant). */
  localDate: string;
  localTime: string;
  /** ISO UTC. */
  dueAt: string;
}

export interface DosePreview extends DoseInstant {
  /** dueAt − headsUpMinutes, or null when the schedule has no heads-up. */
  headsUpAt: string | null;
  /** dueAt + answerWindowMinutes: nobody has answered → the escalation chain starts. */
  escalateAt: string;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
export const MAX_PREVIEW_DAYS = 92;

interface Dose extends DoseInstant {
  dueMs: number;
}

/**
 * Every dose in local-calendar order from `fromDay` on, until the end date or dose count.
 * Local order is also instant order: earlier wall times never map to later instants
 * (a gap time lands at the gap's end, which is not after any later time that day).
 */
function* dosesFrom(schedule: DoseTiming, fromDay: number): Generator<Dose> {
  if (schedule.asNeeded || schedule.timesOfDay.length === 0) return;
  const startDay = dayNumber(schedule.startDate);
  const endDay = schedule.endDate === undefined ? Infinity : dayNumber(schedule.endDate);
  const perDay = schedule.timesOfDay.length;
  for (let day = Math.max(fromDay, startDay); day <= endDay; day++) {
    if (!isDoseDay(schedule.pattern, startDay, day)) continue;
    let index = doseDaysBefore(schedule.pattern, startDay, day) * perDay;
    if (schedule.doseCount !== undefined && index >= schedule.doseCount) return;
    const localDate = localDateOf(day);
    for (const localTime of schedule.timesOfDay) {
      if (schedule.doseCount !== undefined && index >= schedule.doseCount) return;
      index++;
      const dueMs = wallClockToInstant(schedule.timeZone, localDate, localTime);
      yield { doseKey: `${localDate}T${localTime}`, localDate, localTime, dueAt: new Date(dueMs).toISOString(), dueMs };
    }
  }
}

/** The local day at an instant, minus one: no dose of an earlier day can be due at or after it (see lastDay below). */
function firstCandidateDay(schedule: DoseTiming, instantMs: number): number {
  return dayNumber(wallClockAt(schedule.timeZone, instantMs).localDate) - 1;
}

const strip = ({ dueMs: _, ...dose }: Dose): DoseInstant => dose;

/** Every dose due in [fromUtc, toUtc), in order of due instant. */
export function doseInstantsBetween(schedule: DoseTiming, fromUtc: Date, toUtc: Date): DoseInstant[] {
  const from = fromUtc.getTime();
  const to = toUtc.getTime();
  const out: DoseInstant[] = [];
  if (!(from < to)) return out;
  // One day of margin either side: a gap can carry a dose into the next day (Nuuk's
  // 23:00–00:00); the margin after `to` is the same guard for a fall back across midnight.
  const lastDay = dayNumber(wallClockAt(schedule.timeZone, to).localDate) + 1;
  for (const dose of dosesFrom(schedule, firstCandidateDay(schedule, from))) {
    if (dayNumber(dose.localDate) > lastDay) break;
    if (dose.dueMs >= from && dose.dueMs < to) out.push(strip(dose));
  }
  return out;
}

/**
 * The first dose due strictly after `afterUtc`, or null once the schedule has ended (or is
 * as-needed). Two doses can share an instant (02:30 in a spring gap is due with 03:00), so
 * a caller stepping from dose to dose passes the key of the dose it just handled: a dose
 * due at that same instant but later in the day is then still ahead.
 */
export function nextDose(schedule: DoseTiming, afterUtc: Date, afterDoseKey?: string): DoseInstant | null {
  const after = afterUtc.getTime();
  // Without an end the generator never stops, but every pattern has a dose day within 30 days.
  for (const dose of dosesFrom(schedule, firstCandidateDay(schedule, after))) {
    if (dose.dueMs > after) return strip(dose);
    if (afterDoseKey !== undefined && dose.dueMs === after && dose.doseKey > afterDoseKey) return strip(dose);
  }
  return null;
}

/** The doses due in the `days` × 24 hours from `fromUtc`, with the instants of their reminders. */
export function previewDoses(schedule: ReminderTiming, fromUtc: Date, days: number): DosePreview[] {
  if (!Number.isInteger(days) || days < 1 || days > MAX_PREVIEW_DAYS) {
    throw new RangeError(`days must be an integer from 1 to ${MAX_PREVIEW_DAYS}`);
  }
  const toUtc = new Date(fromUtc.getTime() + days * DAY_MS);
  return doseInstantsBetween(schedule, fromUtc, toUtc).map((dose) => {
    const due = Date.parse(dose.dueAt);
    return {
      ...dose,
      headsUpAt: schedule.headsUpMinutes === undefined ? null : new Date(due - schedule.headsUpMinutes * MINUTE_MS).toISOString(),
      escalateAt: new Date(due + schedule.answerWindowMinutes * MINUTE_MS).toISOString(),
    };
  });
}
