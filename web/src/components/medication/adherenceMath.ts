import type { AdherenceCounts } from '../../api/contracts';
import { t } from '../../i18n';

const words = () => t.value.medication.adherence;

/** The four outcomes a recorded dose can have, in the order the chart stacks them (on time at the bottom). */
export const outcomeKeys = ['taken', 'late', 'skipped', 'missed'] as const;
export type OutcomeKey = (typeof outcomeKeys)[number];
/** The outcomes with their names in the current language (a table's or a legend's headings). */
export const outcomeParts = () => outcomeKeys.map((key) => ({ key, label: words().outcomes[key] }));

/** Share of the recorded doses, 0–100; null when nothing was recorded (no dose days is not 0 %). */
export function share(c: AdherenceCounts, key: OutcomeKey): number | null {
  return c.recorded === 0 ? null : (c[key] / c.recorded) * 100;
}

export const percentText = (p: number | null) => (p === null ? '—' : words().percent(Math.round(p)));

/** "3 doses: 2 on time, 1 missed": the sentence a screen reader gets for a day or the period (shares from PERCENT_FROM doses). */
export function countsInWords(c: AdherenceCounts): string {
  if (c.recorded === 0) return words().noDoses;
  const percent = (key: OutcomeKey) => (c.recorded >= PERCENT_FROM ? ` (${percentText(share(c, key))})` : '');
  const parts = outcomeKeys.filter((key) => c[key] > 0).map((key) => `${words().countPart[key](c[key])}${percent(key)}`);
  return words().counts(c.recorded, parts);
}

type Counts = Pick<AdherenceCounts, 'recorded' | 'taken' | 'late' | 'skipped' | 'missed'>;

/** Adds up days (or medications) into one set of counts. */
export function sumCounts(list: Counts[]): Counts {
  const sum = { recorded: 0, taken: 0, late: 0, skipped: 0, missed: 0 };
  for (const c of list) for (const k of Object.keys(sum) as (keyof Counts)[]) sum[k] += c[k];
  return sum;
}

/** Below this many doses a percentage says more than the numbers do ("100 %" from one dose): counts only. */
export const PERCENT_FROM = 10;

/**
 * "5 of 6 given, 1 late": given counts late doses too (they were given), and the ones that
 * were not given follow. A percentage is added only once there are enough doses to mean something.
 */
export function givenInWords(c: Counts): string {
  const w = words();
  if (c.recorded === 0) return w.noDoses;
  const given = c.taken + c.late;
  const percent = c.recorded >= PERCENT_FROM ? w.percent(Math.round((given / c.recorded) * 100)) : '';
  const extras = [c.late > 0 ? w.late(c.late) : null, c.skipped > 0 ? w.skipped(c.skipped) : null, c.missed > 0 ? w.missed(c.missed) : null];
  return [w.given(given, c.recorded, percent), ...extras].filter(Boolean).join(', ');
}
