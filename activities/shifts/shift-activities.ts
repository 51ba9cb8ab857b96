import type { DataSource } from 'typeorm';
import type { Config } from '../../api/config';
import { publishShiftChanged } from '../../api/events/shifts';
import type { ShiftPhase } from '../../workflows/shift/messages';
import { wallClockAt, wallClockToInstant } from '../time/zoned-time';
import type { AudienceInput, CheckInRecord, CheckOutRecord, LoadShiftResult, ShiftKey, SwapRecord } from './types';

/** A one-off shift (no rotation) is reminded a day and two hours ahead. */
export const DEFAULT_SHIFT_LEADS = [1440, 120];
/** Checked in further than this from the recipient's saved address (beyond the browser's own accuracy): flagged. */
export const FAR_FROM_HOME_M = 1_000;
const HOUR_MS = 3_600_000;

/**
 * One shift's records: its row (state, assignee, check-in and check-out), its swaps, and
 * who hears what. Each write is safe to retry (the same values again change nothing that
 * matters), and each tells the family's open pages, also on a retry: the first try may
 * have committed and then failed to say so.
 */
export function shiftActivities({ dataSource, config }: { dataSource: DataSource; config?: Pick<Config, 'shifts'> }) {
  const changed = (k: ShiftKey) => publishShiftChanged(dataSource, k.familyId, k.shiftId);

  return {
    /** What the shift's workflow needs from its row; `gone` once deleted (or cancelled before it opened). */
    async loadShift(input: { shiftId: string }): Promise<LoadShiftResult> {
      const rows = (await dataSource.query(
        `SELECT s.start_at, s.end_at, s.time_zone, s.assignee_id, s.backup_ids, s.state, r.reminder_leads
           FROM shifts s LEFT JOIN shift_rotations r ON r.id = s.rotation_id WHERE s.id = $1`,
        [input.shiftId],
      )) as { start_at: Date; end_at: Date; time_zone: string; assignee_id: string | null; backup_ids: string[]; state: ShiftPhase; reminder_leads: number[] | null }[];
      const row = rows[0];
      if (!row || row.state === 'cancelled') return { gone: true };
      return {
        gone: false,
        startUtc: row.start_at.toISOString(),
        endUtc: row.end_at.toISOString(),
        assigneeId: row.assignee_id,
        backupIds: row.backup_ids,
        reminderLeads: [...(row.reminder_leads ?? DEFAULT_SHIFT_LEADS)].sort((a, b) => b - a),
        dayEndUtc: new Date(endOfDayAfter(row.time_zone, row.end_at.getTime())).toISOString(),
        state: row.state,
        ...(config?.shifts.lateLadderMs ? { lateLadderMs: config.shifts.lateLadderMs } : {}),
      };
    },

    async setShiftState(input: ShiftKey & { state: ShiftPhase }): Promise<void> {
      await dataSource.query(`UPDATE shifts SET state = $2, updated_at = now() WHERE id = $1`, [input.shiftId, input.state]);
      await changed(input);
    },

    /** Accepted, taken in a swap, declined (null): given by hand, so the rotation's edits leave it alone. */
    async assignShift(input: ShiftKey & { assigneeId: string | null; state: ShiftPhase }): Promise<void> {
      await dataSource.query(`UPDATE shifts SET assignee_id = $2, state = $3, override = true, updated_at = now() WHERE id = $1`, [
        input.shiftId,
        input.assigneeId,
        input.state,
      ]);
      await changed(input);
    },

    /** The arrival; the result says whether it was far from the recipient's saved address (flagged, never refused). */
    async recordShiftCheckIn(input: CheckInRecord): Promise<{ farFromHome: boolean }> {
      const home = (await dataSource.query(
        `SELECT r.home_lat, r.home_lon FROM shifts s JOIN care_recipients r ON r.id = s.care_recipient_id WHERE s.id = $1`,
        [input.shiftId],
      )) as { home_lat: number | null; home_lon: number | null }[];
      const farFromHome = isFarFromHome(input.location, home[0] ?? null);
      await dataSource.query(
        `UPDATE shifts SET state = 'on_shift', checked_in_at = $2, checked_in_by = $3, checked_in_via = $4, check_in_location = $5,
                far_from_home = $6, updated_at = now() WHERE id = $1`,
        [input.shiftId, input.at, input.userId, input.via, input.location ? JSON.stringify(input.location) : null, farFromHome],
      );
      await changed(input);
      return { farFromHome };
    },

    /** The check-out with its handoff note (required unless closed automatically, which an admin then corrects). */
    async recordShiftCheckOut(input: CheckOutRecord): Promise<void> {
      await dataSource.query(
        `UPDATE shifts SET state = 'done', checked_out_at = $2, checked_out_via = $3, handoff_note = $4, tasks_done = $5,
                auto_closed = $6, updated_at = now() WHERE id = $1`,
        [input.shiftId, input.at, input.via, input.handoffNote, JSON.stringify(input.tasksDone), input.via === 'auto'],
      );
      await changed(input);
    },

    /** The shift's one swap request: opened, taken or closed untaken. */
    async recordSwap(input: SwapRecord): Promise<void> {
      await dataSource.transaction(async (m) => {
        const open = (await m.query(`SELECT id FROM shift_swaps WHERE shift_id = $1 AND state = 'open' FOR UPDATE`, [input.shiftId])) as { id: string }[];
        if (input.state === 'open') {
          if (!open[0]) await m.query(`INSERT INTO shift_swaps (shift_id, requested_by) VALUES ($1, $2)`, [input.shiftId, input.requestedBy]);
        } else if (open[0]) {
          await m.query(`UPDATE shift_swaps SET state = $2, taken_by = $3, updated_at = now() WHERE id = $1`, [open[0].id, input.state, input.takenBy]);
        }
      });
      await changed(input);
    },

    /** Caregivers and admins (everyone who may take a shift), or admins; viewers are never asked to act. */
    async shiftAudience(input: AudienceInput): Promise<string[]> {
      const roles = input.purpose === 'admins' ? ['admin'] : ['admin', 'caregiver'];
      const rows = (await dataSource.query(`SELECT user_id FROM memberships WHERE family_id = $1 AND role = ANY($2::text[]) ORDER BY created_at, user_id`, [
        input.familyId,
        roles,
      ])) as { user_id: string }[];
      return rows.map((r) => r.user_id);
    },

    /** Everyone the chain reached for this shift: they get the all-clear when someone arrives. */
    async pagedPeople(input: { escalationId: string }): Promise<string[]> {
      const rows = (await dataSource.query(`SELECT DISTINCT user_id FROM delivery_attempts WHERE escalation_id = $1 AND user_id IS NOT NULL ORDER BY user_id`, [
        input.escalationId,
      ])) as { user_id: string }[];
      return rows.map((r) => r.user_id);
    },
  };
}

/** The first local midnight at least an hour after the end: a shift ending at 23:30 closes at the next midnight but one. */
export function endOfDayAfter(zone: string, endMs: number): number {
  const { localDate } = wallClockAt(zone, endMs + HOUR_MS);
  const next = new Date(Date.parse(`${localDate}T00:00:00Z`) + 24 * HOUR_MS).toISOString().slice(0, 10);
  return wallClockToInstant(zone, next, '00:00');
}

/** Great-circle distance beyond the threshold plus the reported accuracy; no saved address or no location: not flagged. */
export function isFarFromHome(at: CheckInRecord['location'], home: { home_lat: number | null; home_lon: number | null } | null): boolean {
  if (!at || home?.home_lat == null || home.home_lon == null) return false;
  const rad = (d: number) => (d * Math.PI) / 180;
  const dLat = rad(at.lat - home.home_lat);
  const dLon = rad(at.lon - home.home_lon);
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(rad(home.home_lat)) * Math.cos(rad(at.lat)) * Math.sin(dLon / 2) ** 2;
  const meters = 2 * 6_371_000 * Math.asin(Math.sqrt(a));
  return meters > FAR_FROM_HOME_M + (at.accuracyM ?? 0);
}
