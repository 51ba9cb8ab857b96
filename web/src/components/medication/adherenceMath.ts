import type { AdherenceCounts } from '../../api/contracts';

/** The four outcomes a recorded dose can have, in the order the chart stacks them (on time at the bottom). */
export const outcomeParts = [
  { key: 'taken', label: 'On time' },
  { key: 'late', label: 'Late' },
  { key: 'skipped', label: 'Skipped' },
  { key: 'missed', label: 'Missed' },
] as const;
export type OutcomeKey = (typeof outcomeParts)[number]['key'];

/** Share of the recorded doses, 0–100; null when nothing was recorded (no dose days is not 0 %). */
export function share(c: AdherenceCounts, key: OutcomeKey): number | null {
  return c.recorded === 0 ? null : (c[key] / c.recorded) * 100;
}

export const percentText = (p: number | null) => (p === null ? '—' : `${Math.round(p)}%`);

/** "3 doses: 2 on time, 1 missed": the sentence a screen reader gets for a day or the period (shares from PERCENT_FROM doses). */
export function countsInWords(c: AdherenceCounts): string {
  if (c.recorded === 0) return 'no doses recorded';
  const percent = (key: OutcomeKey) => (c.recorded >= PERCENT_FROM ? ` (${percentText(share(c, key))})` : '');
  const parts = outcomeParts.filter((p) => c[p.key] > 0).map((p) => `${c[p.key]} ${p.label.toLowerCase()}${percent(p.key)}`);
  return `${c.recorded} ${c.recorded === 1 ? 'dose' : 'doses'}: ${parts.join(', ')}`;
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
  if (c.recorded === 0) return 'no doses recorded';
  const given = c.taken + c.late;
  const percent = c.recorded >= PERCENT_FROM ? ` (${Math.round((given / c.recorded) * 100)}%)` : '';
  const extras = [
    c.late > 0 ? `${c.late} late` : null,
    c.skipped > 0 ? `${c.skipped} skipped` : null,
    c.missed > 0 ? `${c.missed} missed` : null,
  ].filter(Boolean);
  return [`${given} of ${c.recorded} given${percent}`, ...extras].join(', ');
}
