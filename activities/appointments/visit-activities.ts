import type { DataSource } from 'typeorm';
import { publishAppointmentChanged } from '../../api/events/appointments';
import { loadSeriesRow, settingsOf } from './series-rows';
import type { AudienceInput, CarriedRide, CheckInRecord, OpenVisitInput, OpenVisitResult, RideRecord, SummaryRecord, VisitKey, VisitRowStatus } from './types';

/**
 * One visit's records: the visit row, its rides, check-ins and summary. Each write is
 * safe to retry (keys and conflicts make a second try a no-op or the same row), and each
 * tells the family's open pages, also on a retry: the first try may have committed and
 * then failed to say so.
 */
export function appointmentVisitActivities({ dataSource }: { dataSource: DataSource }) {
  const changed = (familyId: string, v: VisitKey) => publishAppointmentChanged(dataSource, familyId, v.seriesId, v.occurrenceKey);

  return {
    /**
     * The visit's row (scheduled, at these instants), what it needs from its series, and the
     * rides an edit carried over from the visit it replaced; `gone` once the series was deleted.
     */
    async openVisit(input: OpenVisitInput): Promise<OpenVisitResult> {
      const row = await loadSeriesRow(dataSource, input.seriesId);
      if (!row || row.status === 'deleted') return { gone: true };
      const settings = settingsOf(row);
      const carried = await dataSource.transaction(async (m) => {
        // Rides of an earlier, cancelled opening are gone. Rides with no visit row before this
        // one were carried over by an edit (api/appointments/carry-rides.ts); a retry finds its own row scheduled and keeps them.
        await m.query(
          `DELETE FROM appointment_rides r WHERE r.series_id = $1 AND r.occurrence_key = $2
             AND (EXISTS (SELECT 1 FROM appointment_visits v WHERE v.series_id = $1 AND v.occurrence_key = $2 AND v.status <> 'scheduled') OR NOT (r.leg = ANY($3::text[])))`,
          [input.seriesId, input.occurrenceKey, settings.rideLegs],
        );
        await m.query(
          `INSERT INTO appointment_visits (series_id, occurrence_key, start_at, end_at, status) VALUES ($1, $2, $3, $4, 'scheduled')
           ON CONFLICT (series_id, occurrence_key) DO UPDATE SET start_at = $3, end_at = $4, status = 'scheduled', updated_at = now()`,
          [input.seriesId, input.occurrenceKey, input.startUtc, input.endUtc],
        );
        return (await m.query(
          `SELECT leg, user_id AS "userId", travel_minutes AS "travelMinutes", accepted_at AS "acceptedAt" FROM appointment_rides WHERE series_id = $1 AND occurrence_key = $2 ORDER BY leg`,
          [input.seriesId, input.occurrenceKey],
        )) as { leg: CarriedRide['leg']; userId: string; travelMinutes: number | null; acceptedAt: Date }[];
      });
      await changed(input.familyId, input);
      const carriedRides = carried.map((r) => ({ ...r, acceptedAt: new Date(r.acceptedAt).toISOString() }));
      return { gone: false, ...settings, ...(carriedRides.length ? { carriedRides } : {}) };
    },

    async setVisitStatus(input: VisitKey & { familyId: string; status: VisitRowStatus; startUtc: string; endUtc: string }): Promise<void> {
      await dataSource.query(
        `UPDATE appointment_visits SET status = $3, start_at = $4, end_at = $5, updated_at = now() WHERE series_id = $1 AND occurrence_key = $2`,
        [input.seriesId, input.occurrenceKey, input.status, input.startUtc, input.endUtc],
      );
      await changed(input.familyId, input);
    },

    /**
     * Who drives a leg now; a withdrawn leg has no row. Taking and giving back are separate
     * activities a retry can reorder, so each write is conditional: a give-back removes only
     * the withdrawer's row taken at or before it, a take only replaces an older acceptance.
     */
    async recordRide(input: RideRecord): Promise<void> {
      if (input.userId === null) {
        await dataSource.query(
          `DELETE FROM appointment_rides WHERE series_id = $1 AND occurrence_key = $2 AND leg = $3 AND accepted_at <= $4
             AND ($5::uuid IS NULL OR user_id = $5::uuid)`,
          [input.seriesId, input.occurrenceKey, input.leg, input.at, input.withdrawnBy ?? null],
        );
      } else {
        await dataSource.query(
          `INSERT INTO appointment_rides (series_id, occurrence_key, leg, user_id, travel_minutes, accepted_at) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (series_id, occurrence_key, leg) DO UPDATE SET user_id = $4, travel_minutes = $5, accepted_at = $6
           WHERE appointment_rides.accepted_at < EXCLUDED.accepted_at`,
          [input.seriesId, input.occurrenceKey, input.leg, input.userId, input.travelMinutes, input.at],
        );
      }
      await changed(input.familyId, input);
    },

    async recordCheckIn(input: CheckInRecord): Promise<void> {
      await dataSource.query(
        `INSERT INTO appointment_check_ins (series_id, occurrence_key, user_id, kind, at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (series_id, occurrence_key, user_id, kind, at) DO NOTHING`,
        [input.seriesId, input.occurrenceKey, input.userId, input.kind, input.at],
      );
      if (input.kind === 'done' || input.kind === 'no_show') {
        await dataSource.query(`UPDATE appointment_visits SET status = $3, updated_at = now() WHERE series_id = $1 AND occurrence_key = $2`, [
          input.seriesId,
          input.occurrenceKey,
          input.kind,
        ]);
      }
      await changed(input.familyId, input);
    },

    /** The first summary stands (the workflow refuses a second); a retry writes nothing new. */
    async recordSummary(input: SummaryRecord): Promise<void> {
      await dataSource.query(
        `INSERT INTO appointment_summaries (series_id, occurrence_key, notes, follow_ups, next_suggestion, by, at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (series_id, occurrence_key) DO NOTHING`,
        [input.seriesId, input.occurrenceKey, input.notes, JSON.stringify(input.followUps), input.nextAppointmentSuggestion, input.userId, input.at],
      );
      await changed(input.familyId, input);
    },

    /**
     * Routine reminders: caregivers and admins who did not opt out. Ride requests: every
     * caregiver and admin (someone must drive). Admins: those who hear "no ride".
     * Viewers follow the agenda but are never asked to act.
     */
    async appointmentAudience(input: AudienceInput): Promise<string[]> {
      const roles = input.purpose === 'admins' ? ['admin'] : ['admin', 'caregiver'];
      const rows = (await dataSource.query(
        `SELECT m.user_id FROM memberships m
          WHERE m.family_id = $1 AND m.role = ANY($2::text[])
            AND NOT ($3 AND EXISTS (SELECT 1 FROM appointment_reminder_opt_outs o WHERE o.user_id = m.user_id AND o.family_id = m.family_id))
          ORDER BY m.created_at, m.user_id`,
        [input.familyId, roles, input.purpose === 'reminder'],
      )) as { user_id: string }[];
      return rows.map((r) => r.user_id);
    },
  };
}
