import { wallClockAt } from '../../activities/time/zoned-time';
import type { ShiftView } from '../contracts/shifts';
import type { Queryable } from '../events/publisher';
import { notFound } from '../http/errors';

/** A shift row with the names the pages show, as one query returns it. */
interface ShiftRow {
  id: string;
  family_id: string;
  care_recipient_id: string;
  recipient_name: string;
  rotation_id: string | null;
  start_at: Date;
  end_at: Date;
  time_zone: string;
  start_local: string;
  assignee_id: string | null;
  assignee_name: string | null;
  backup_ids: string[];
  override: boolean;
  tasks: string[];
  notes: string;
  state: ShiftView['state'];
  checked_in_at: Date | null;
  checked_in_by: string | null;
  checked_in_name: string | null;
  checked_in_via: string | null;
  far_from_home: boolean;
  checked_out_at: Date | null;
  checked_out_via: string | null;
  auto_closed: boolean;
  tasks_done: string[];
  handoff_note: string | null;
  previous_note: string | null;
  previous_by: string | null;
  previous_at: Date | null;
  swap_state: 'open' | 'taken' | 'closed' | null;
  swap_requested_by: string | null;
  swap_taken_by: string | null;
  paged: boolean;
}

/**
 * A late shift's row still names the absent assignee, yet once the backups are paged its
 * workflow offers it to whoever accepts, until someone does (the chain is then resolved).
 * The open page is that offer.
 *
 * The previous shift of the same recipient that was checked out with a note: its note is shown
 * at this shift's check-in and on its card. The latest swap of each shift says whether one is open.
 */
const SELECT = `
  SELECT s.*, r.display_name AS recipient_name, a.display_name AS assignee_name, ci.display_name AS checked_in_name,
         p.handoff_note AS previous_note, p.by_name AS previous_by, p.checked_out_at AS previous_at,
         w.state AS swap_state, w.requested_by AS swap_requested_by, w.taken_by AS swap_taken_by,
         EXISTS (SELECT 1 FROM escalations e WHERE e.shift_id = s.id AND e.status NOT IN ('resolved', 'cancelled')) AS paged
    FROM shifts s
    JOIN care_recipients r ON r.id = s.care_recipient_id
    LEFT JOIN users a ON a.id = s.assignee_id
    LEFT JOIN users ci ON ci.id = s.checked_in_by
    LEFT JOIN LATERAL (
      SELECT x.handoff_note, x.checked_out_at, coalesce(u.display_name, 'A former member') AS by_name
        FROM shifts x LEFT JOIN users u ON u.id = x.checked_in_by
       WHERE x.care_recipient_id = s.care_recipient_id AND x.id <> s.id AND x.handoff_note IS NOT NULL AND x.start_at < s.start_at
       ORDER BY x.start_at DESC LIMIT 1) p ON true
    LEFT JOIN LATERAL (
      SELECT state, requested_by, taken_by FROM shift_swaps WHERE shift_id = s.id ORDER BY created_at DESC LIMIT 1) w ON true`;

const iso = (d: Date) => new Date(d).toISOString();
const localOf = (zone: string, at: Date) => {
  const w = wallClockAt(zone, new Date(at).getTime());
  return `${w.localDate}T${w.localTime.slice(0, 5)}`;
};

export function presentShift(row: ShiftRow, names: Map<string, string>, nowMs = Date.now()): ShiftView {
  const person = (id: string | null, name?: string | null) => (id ? { userId: id, displayName: name ?? names.get(id) ?? 'A former member' } : null);
  return {
    id: row.id,
    careRecipientId: row.care_recipient_id,
    recipientName: row.recipient_name,
    rotationId: row.rotation_id,
    startAt: iso(row.start_at),
    endAt: iso(row.end_at),
    timeZone: row.time_zone,
    startLocal: row.start_local,
    endLocal: localOf(row.time_zone, row.end_at),
    minutes: Math.round((new Date(row.end_at).getTime() - new Date(row.start_at).getTime()) / 60_000),
    assignee: person(row.assignee_id, row.assignee_name),
    backups: row.backup_ids.map((id) => person(id)!),
    override: row.override,
    tasks: row.tasks,
    notes: row.notes,
    state: row.state,
    open: row.state === 'uncovered' || (['scheduled', 'late'].includes(row.state) && row.assignee_id === null) || (row.state === 'late' && !row.checked_in_at && row.paged),
    past: new Date(row.start_at).getTime() <= nowMs || row.checked_in_at !== null || ['done', 'cancelled'].includes(row.state),
    checkIn: row.checked_in_at
      ? { at: iso(row.checked_in_at), by: person(row.checked_in_by, row.checked_in_name), via: row.checked_in_via ?? 'app', farFromHome: row.far_from_home }
      : null,
    checkOut: row.checked_out_at ? { at: iso(row.checked_out_at), via: row.checked_out_via ?? 'app', autoClosed: row.auto_closed } : null,
    tasksDone: row.tasks_done,
    handoffNote: row.handoff_note,
    previousHandoff: row.previous_note && row.previous_at ? { note: row.previous_note, by: row.previous_by ?? '', at: iso(row.previous_at) } : null,
    swap: row.swap_state ? { state: row.swap_state, requestedBy: row.swap_requested_by!, takenBy: row.swap_taken_by } : null,
  };
}

async function memberNames(db: Queryable, familyId: string): Promise<Map<string, string>> {
  const rows = (await db.query(`SELECT u.id, u.display_name FROM users u JOIN memberships m ON m.user_id = u.id WHERE m.family_id = $1`, [familyId])) as {
    id: string;
    display_name: string;
  }[];
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

export interface ShiftWindow {
  fromUtc: string;
  untilUtc: string;
  careRecipientId?: string;
  /** Cancelled shifts are left out unless asked for (the week view shows them struck through). */
  withCancelled?: boolean;
}

/** The family's shifts overlapping [from, until), by start. */
export async function listShifts(db: Queryable, familyId: string, w: ShiftWindow): Promise<ShiftView[]> {
  const rows = (await db.query(
    `${SELECT} WHERE s.family_id = $1 AND s.end_at > $2 AND s.start_at < $3
       AND ($4::uuid IS NULL OR s.care_recipient_id = $4) AND ($5 OR s.state <> 'cancelled')
     ORDER BY s.start_at, s.id`,
    [familyId, w.fromUtc, w.untilUtc, w.careRecipientId ?? null, w.withCancelled ?? false],
  )) as ShiftRow[];
  const names = await memberNames(db, familyId);
  return rows.map((r) => presentShift(r, names));
}

export async function loadShiftView(db: Queryable, familyId: string, shiftId: string): Promise<ShiftView> {
  const [row] = (await db.query(`${SELECT} WHERE s.family_id = $1 AND s.id = $2`, [familyId, shiftId])) as ShiftRow[];
  if (!row) throw notFound('This shift');
  return presentShift(row, await memberNames(db, familyId));
}
