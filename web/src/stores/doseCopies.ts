import type { DoseStatus, TodayDose } from '../api/contracts';

export const WAITING: readonly DoseStatus[] = ['due', 'snoozed', 'escalating'];
export const RECORDED: readonly DoseStatus[] = ['taken', 'late', 'skipped', 'missed'];
const rank = (d: TodayDose) => (RECORDED.includes(d.status) ? 2 : WAITING.includes(d.status) ? 1 : 0);

/**
 * Whether a copy of a dose that just arrived may replace the one on screen. Copies arrive
 * in any order (a reply, the event after it, a page load), and an event read before a
 * correction can arrive after it: a recorded outcome never goes back to open, and of two
 * recorded copies the one corrected later stands.
 */
export function supersedes(arrived: TodayDose, shown: TodayDose): boolean {
  const [a, b] = [rank(arrived), rank(shown)];
  if (a !== b) return a > b;
  return a < 2 || (arrived.correctedAt ?? '') >= (shown.correctedAt ?? '');
}
