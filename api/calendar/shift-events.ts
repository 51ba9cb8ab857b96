import type { CalendarAppointment } from '../../activities/appointments/icalendar';
import type { Queryable } from '../events/publisher';
import type { MessageLanguage } from '../../activities/delivery/language';
import { feedWords } from './feed-words';

/** A month back: calendars keep what they saw; older shifts need not be sent again each refresh. */
const PAST_DAYS = 30;

interface Row {
  id: string;
  start_local: string;
  time_zone: string;
  start_at: Date;
  end_at: Date;
  state: string;
  tasks: string[];
  notes: string;
  updated_at: Date;
  recipient_name: string;
  version: number;
}

/**
 * The member's own shifts (given to them, in every family they belong to, membership read now)
 * as single events for the calendar feed: UID `<shiftId>@carecircle`, the real end from the row
 * (a night across a clock change lasts what it lasts), a cancelled one kept as STATUS:CANCELLED
 * (a reassigned one simply leaves the feed, which subscribed calendars read as removed). Rows
 * have no version: SEQUENCE is 1 + the whole seconds from creation to the last change, which
 * grows with every change as RFC 5545 asks.
 */
export async function calendarShifts(db: Queryable, userId: string, lang: MessageLanguage = 'en'): Promise<CalendarAppointment[]> {
  const words = feedWords[lang];
  const rows = (await db.query(
    `SELECT s.id, s.start_local, s.time_zone, s.start_at, s.end_at, s.state, s.tasks, s.notes, s.updated_at, r.display_name AS recipient_name,
            (1 + floor(extract(epoch FROM s.updated_at - s.created_at)))::int AS version
       FROM shifts s JOIN care_recipients r ON r.id = s.care_recipient_id
      WHERE s.family_id IN (SELECT family_id FROM memberships WHERE user_id = $1)
        AND (s.assignee_id = $1 OR s.checked_in_by = $1)
        AND s.start_at > now() - make_interval(days => $2)
      ORDER BY s.start_at, s.id`,
    [userId, PAST_DAYS],
  )) as Row[];
  return rows.map((s) => ({
    seriesId: s.id,
    title: `${s.recipient_name}: ${words.shift}`,
    location: '',
    notes: [s.notes, s.tasks.length ? `${words.tasks}: ${s.tasks.join(', ')}` : ''].filter(Boolean).join('\n\n'),
    timing: {
      start: s.start_local,
      timeZone: s.time_zone,
      durationMinutes: Math.round((new Date(s.end_at).getTime() - new Date(s.start_at).getTime()) / 60_000),
      recurrence: null,
      overrides: s.state === 'cancelled' ? [{ key: s.start_local, status: 'cancelled' as const }] : [],
    },
    sequence: s.version,
    updatedAt: new Date(s.updated_at).toISOString(),
  }));
}
