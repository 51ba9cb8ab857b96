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

/** "2 of 3 on time (67%), 1 missed (33%)": the sentence a screen reader gets for a day or a medication. */
export function countsInWords(c: AdherenceCounts): string {
  if (c.recorded === 0) return 'no doses recorded';
  const parts = outcomeParts.filter((p) => c[p.key] > 0).map((p) => `${c[p.key]} ${p.label.toLowerCase()} (${percentText(share(c, p.key))})`);
  return `${c.recorded} ${c.recorded === 1 ? 'dose' : 'doses'}: ${parts.join(', ')}`;
}
