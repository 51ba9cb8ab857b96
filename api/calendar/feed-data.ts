import type { CalendarAppointment } from '../../activities/appointments/icalendar';
import type { Queryable } from '../events/publisher';
import { loadOverrides, timingOf, type SeriesRow } from '../appointments/series-rows';

import type { MessageLanguage } from '../../activities/delivery/language';
import { feedWords } from './feed-words';

type Row = SeriesRow & { recipient_name: string };

/**
 * Appointments as the iCalendar writer takes them: every series not deleted, of every family
 * `userId` belongs to (membership read now, so a member removed from a family stops seeing
 * it at the next refresh), or one series. The summary names the care recipient: a feed spans
 * everyone the member looks after.
 */
export async function calendarAppointments(
  db: Queryable,
  which: { userId: string } | { familyId: string; seriesId: string },
  lang: MessageLanguage = 'en',
): Promise<CalendarAppointment[]> {
  const words = feedWords[lang];
  const series = (await db.query(
    `SELECT s.*, r.display_name AS recipient_name FROM appointment_series s JOIN care_recipients r ON r.id = s.care_recipient_id
      WHERE s.status <> 'deleted' AND ${
        'userId' in which ? 's.family_id IN (SELECT family_id FROM memberships WHERE user_id = $1)' : 's.family_id = $1 AND s.id = $2'
      }
      ORDER BY s.created_at, s.id`,
    'userId' in which ? [which.userId] : [which.familyId, which.seriesId],
  )) as Row[];
  const ids = series.map((s) => s.id);
  const overrides = await loadOverrides(db, ids);
  const rides = (await db.query(
    `SELECT r.series_id, r.occurrence_key, r.leg, u.display_name AS name FROM appointment_rides r JOIN users u ON u.id = r.user_id
      WHERE r.series_id = ANY($1::uuid[]) ORDER BY r.leg DESC`,
    [ids],
  )) as { series_id: string; occurrence_key: string; leg: 'outbound' | 'return'; name: string }[];
  return series.map((s) => {
    const drivers: Record<string, string> = {};
    for (const r of rides.filter((x) => x.series_id === s.id)) {
      const said = `${r.name} ${words.legs[r.leg]}`;
      drivers[r.occurrence_key] = drivers[r.occurrence_key] ? `${drivers[r.occurrence_key]}, ${said}` : said;
    }
    return {
      seriesId: s.id,
      title: `${s.recipient_name}: ${s.title}`,
      location: s.location,
      notes: s.notes,
      timing: timingOf(
        s,
        overrides.filter((o) => o.series_id === s.id),
      ),
      sequence: s.version,
      updatedAt: new Date(s.updated_at).toISOString(),
      drivers,
      drivingLabel: words.driving,
    };
  });
}
