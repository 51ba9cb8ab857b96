import type { ShiftRun } from './shift-run';

const MINUTE_MS = 60_000;
/** The late ladder, from the start without a check-in. */
export const NUDGE_LATE_MS = 5 * MINUTE_MS;
export const PAGE_BACKUPS_MS = 15 * MINUTE_MS;
export const TELL_ADMINS_MS = 30 * MINUTE_MS;
/** No check-out by the end plus this: the person on shift is nudged. */
export const NUDGE_CHECKOUT_MS = 15 * MINUTE_MS;
/** An open shift goes to its backups first, then to everyone after this wait. */
export const OFFER_WAIT_MS = 30 * MINUTE_MS;
/** Still open this long before the start: the admins are told plainly. */
export const UNCOVERED_DEADLINE_MS = 120 * MINUTE_MS;

export type StepKind =
  | { kind: 'reminder'; lead: number }
  | { kind: 'offer'; to: 'backups' | 'everyone' }
  | { kind: 'uncovered_admins' }
  | { kind: 'swap_close' }
  | { kind: 'late_nudge' }
  | { kind: 'page' }
  | { kind: 'late_admins' }
  | { kind: 'missed' }
  | { kind: 'checkout_nudge' }
  | { kind: 'auto_close' };

export interface Step {
  /** Unique per step and per instants and people, so a moved or reassigned shift reminds again, never twice at once. */
  id: string;
  at: string;
  summary: string;
  what: StepKind;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * What the shift waits for, as it stands now: the assignee's reminders (start − each
 * lead), the offers of an open shift (backups, then everyone, then the admins), the swap
 * closing at the start; without a check-in the late ladder (+5 nudge, +15 backups paged,
 * +30 admins, the end: missed); after a check-in the check-out nudge (end + 15) and the
 * automatic close at the end of the local day. Steps whose time had passed when the
 * instants became known (a shift opened late, or moved) are skipped, except the ladder.
 */
export function steps(run: ShiftRun): Step[] {
  const s = run.state;
  const start = Date.parse(s.startUtc);
  const end = Date.parse(s.endUtc);
  const known = Date.parse(run.timingKnownAt);
  const out: Step[] = [];
  const add = (id: string, at: number, summary: string, what: StepKind) => out.push({ id, at: iso(at), summary, what });

  const ladder = run.settings.lateLadderMs ?? { nudge: NUDGE_LATE_MS, page: PAGE_BACKUPS_MS, admins: TELL_ADMINS_MS };
  if (!s.checkIn) {
    if (s.assigneeId) {
      for (const lead of run.settings.reminderLeads) {
        const at = start - lead * MINUTE_MS;
        if (at >= known) add(`reminder/${lead}/${s.startUtc}/${s.assigneeId}`, at, `reminder ${lead} min before ${s.startUtc}`, { kind: 'reminder', lead });
      }
    }
    if (s.open && run.openedAt) {
      const opened = Date.parse(run.openedAt);
      const hasBackups = s.backupIds.some((id) => id !== s.assigneeId);
      if (s.offeredTo === null) add(`offer/${run.openedAt}`, opened, 'offer the open shift', { kind: 'offer', to: hasBackups ? 'backups' : 'everyone' });
      else if (s.offeredTo === 'backups') add(`offer-all/${run.openedAt}`, opened + OFFER_WAIT_MS, 'offer the open shift to everyone', { kind: 'offer', to: 'everyone' });
      if (opened < start) {
        const deadline = Math.max(start - UNCOVERED_DEADLINE_MS, Math.min(opened + OFFER_WAIT_MS, start));
        add(`uncovered/${s.startUtc}`, deadline, `tell the admins if still open at ${iso(deadline)}`, { kind: 'uncovered_admins' });
      }
    }
    if (s.swap?.state === 'open') add(`swap-close/${s.startUtc}`, start, 'close the swap at the start', { kind: 'swap_close' });
    if (s.assigneeId) add(`late-nudge/${s.startUtc}`, start + ladder.nudge, 'nudge if not checked in by +5', { kind: 'late_nudge' });
    add(`page/${s.startUtc}`, start + ladder.page, 'page the backups if nobody arrived by +15', { kind: 'page' });
    // Someone accepted while the backups were paged: they are on their way, the admins need not step in.
    if (!s.late.includes('all_clear')) add(`late-admins/${s.startUtc}`, start + ladder.admins, 'tell the admins if nobody arrived by +30', { kind: 'late_admins' });
    add(`missed/${s.endUtc}`, end, 'missed if nobody arrived by the end', { kind: 'missed' });
  } else {
    add(`checkout-nudge/${s.endUtc}`, end + NUDGE_CHECKOUT_MS, 'nudge if not checked out by end + 15', { kind: 'checkout_nudge' });
    add(`auto-close/${run.settings.dayEndUtc}`, Date.parse(run.settings.dayEndUtc), 'close at the end of the day', { kind: 'auto_close' });
  }
  return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1));
}
