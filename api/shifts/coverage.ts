import type { CoverageResponse, ShiftView } from '../contracts/shifts';
import type { Queryable } from '../events/publisher';
import { hoursPerWeek, uncoveredStretches, weekStartOf } from './hours';
import { listShifts } from './shift-rows';

const DAY_MS = 86_400_000;
/** How far ahead the board looks for gaps and open shifts. */
export const GAP_DAYS = 14;
/** Shorter uncovered stretches are changeovers, not gaps worth a line on the board. */
const MIN_GAP_MS = 15 * 60_000;

const ms = (iso: string) => Date.parse(iso);
const isLive = (s: ShiftView) => s.state !== 'cancelled' && s.state !== 'done';

/**
 * The coverage board: who is on now (a shift running, or someone checked in and not yet out),
 * the next shift of each recipient, shifts in the next 14 days that nobody has, the stretches
 * no assigned shift covers, and hours per person per week over the last `weeks` weeks and the
 * next two.
 */
export async function coverageBoard(
  db: Queryable,
  familyId: string,
  nowMs: number,
  options: { weeks: number; careRecipientId?: string },
): Promise<CoverageResponse> {
  const horizon = nowMs + GAP_DAYS * DAY_MS;
  const historyFrom = nowMs - (options.weeks * 7 + 7) * DAY_MS;
  const shifts = await listShifts(db, familyId, {
    fromUtc: new Date(historyFrom).toISOString(),
    untilUtc: new Date(horizon).toISOString(),
    careRecipientId: options.careRecipientId,
  });
  const onNow = shifts.filter((s) => (isLive(s) && ms(s.startAt) <= nowMs && nowMs < ms(s.endAt)) || (s.state === 'on_shift' && ms(s.startAt) <= nowMs));
  const ahead = shifts.filter((s) => isLive(s) && ms(s.startAt) > nowMs);
  const next = [...new Set(ahead.map((s) => s.careRecipientId))].map((r) => ahead.find((s) => s.careRecipientId === r)!);
  const uncovered = shifts.filter((s) => s.open && ms(s.endAt) > nowMs);

  const gaps: CoverageResponse['gaps'] = [];
  for (const recipientId of new Set(shifts.filter((s) => ms(s.endAt) > nowMs).map((s) => s.careRecipientId))) {
    const mine = shifts.filter((s) => s.careRecipientId === recipientId && s.state !== 'cancelled' && ms(s.endAt) > nowMs);
    const covered = mine.filter((s) => !s.open).map((s) => ({ startMs: ms(s.startAt), endMs: ms(s.endAt) }));
    // Up to the last shift planned: beyond it the rotation has not made shifts yet, which is no gap.
    const until = Math.min(horizon, Math.max(...mine.map((s) => ms(s.endAt))));
    for (const g of uncoveredStretches(covered, nowMs, until)) {
      if (g.toMs - g.fromMs < MIN_GAP_MS) continue;
      gaps.push({
        careRecipientId: recipientId,
        recipientName: mine[0]!.recipientName,
        from: new Date(g.fromMs).toISOString(),
        to: new Date(g.toMs).toISOString(),
        hours: Math.round(((g.toMs - g.fromMs) / 3_600_000) * 100) / 100,
      });
    }
  }

  const names = new Map<string, string>();
  for (const s of shifts) {
    if (s.assignee) names.set(s.assignee.userId, s.assignee.displayName);
    if (s.checkIn?.by) names.set(s.checkIn.by.userId, s.checkIn.by.displayName);
  }
  const firstWeek = weekStartOf('UTC', nowMs - (options.weeks - 1) * 7 * DAY_MS);
  const hours = hoursPerWeek(
    shifts
      .filter((s) => s.state !== 'cancelled')
      .map((s) => ({
        timeZone: s.timeZone,
        startMs: ms(s.startAt),
        endMs: ms(s.endAt),
        assigneeId: s.assignee?.userId ?? null,
        worked: s.checkIn?.by ? { userId: s.checkIn.by.userId, fromMs: ms(s.checkIn.at), toMs: s.checkOut ? ms(s.checkOut.at) : null } : null,
      })),
    nowMs,
  )
    .filter((h) => h.weekStart >= firstWeek)
    .map((h) => ({ ...h, displayName: names.get(h.userId) ?? 'A former member' }));

  return { now: new Date(nowMs).toISOString(), onNow, next, uncovered, gaps, hours };
}
