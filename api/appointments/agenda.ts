import { expandOccurrences } from '../../activities/appointments/recurrence';
import { openAheadMs } from '../../activities/appointments/series-rows';
import { wallClockAt } from '../../activities/time/zoned-time';
import type { AgendaOccurrence } from '../contracts/appointment-views';
import type { Queryable } from '../events/publisher';
import { loadOverrides, timingOf, type SeriesRow } from './series-rows';

type Row = SeriesRow & { recipient_name: string };
type Person = { userId: string; displayName: string };

const localOf = (zone: string, iso: string) => {
  const { localDate, localTime } = wallClockAt(zone, Date.parse(iso));
  return `${localDate}T${localTime}`;
};

/**
 * The family's occurrences in [fromUtc, untilUtc) across all its recipients, by start, with
 * who drives each leg and the check-ins so far: what the agenda, the Today panel and an
 * occurrence's own page show. Cancelled occurrences are included (struck through, not hidden).
 */
export async function agendaOccurrences(
  db: Queryable,
  familyId: string,
  window: { fromUtc: string; untilUtc: string },
  only?: { seriesId: string },
): Promise<AgendaOccurrence[]> {
  const series = (await db.query(
    `SELECT s.*, r.display_name AS recipient_name FROM appointment_series s JOIN care_recipients r ON r.id = s.care_recipient_id
      WHERE s.family_id = $1 AND s.status <> 'deleted' AND ($2::uuid IS NULL OR s.id = $2)`,
    [familyId, only?.seriesId ?? null],
  )) as Row[];
  const overrides = await loadOverrides(
    db,
    series.map((s) => s.id),
  );
  const planned = series.flatMap((s) =>
    expandOccurrences(
      timingOf(
        s,
        overrides.filter((o) => o.series_id === s.id),
      ),
      window,
    ).map((o) => ({ s, o })),
  );
  if (planned.length === 0) return [];
  const ids = [...new Set(planned.map((p) => p.s.id))];
  const [visits, rides, checkIns, summaries] = (await Promise.all([
    db.query(`SELECT series_id, occurrence_key, status FROM appointment_visits WHERE series_id = ANY($1::uuid[])`, [ids]),
    db.query(
      `SELECT r.series_id, r.occurrence_key, r.leg, r.travel_minutes, r.user_id AS "userId", u.display_name AS "displayName"
         FROM appointment_rides r JOIN users u ON u.id = r.user_id WHERE r.series_id = ANY($1::uuid[])`,
      [ids],
    ),
    db.query(
      `SELECT c.series_id, c.occurrence_key, c.kind, c.at, c.user_id AS "userId", coalesce(u.display_name, 'A former member') AS "displayName"
         FROM appointment_check_ins c LEFT JOIN users u ON u.id = c.user_id WHERE c.series_id = ANY($1::uuid[]) ORDER BY c.at`,
      [ids],
    ),
    db.query(`SELECT series_id, occurrence_key FROM appointment_summaries WHERE series_id = ANY($1::uuid[])`, [ids]),
  ])) as [
    { series_id: string; occurrence_key: string; status: AgendaOccurrence['status'] }[],
    ({ series_id: string; occurrence_key: string; leg: 'outbound' | 'return'; travel_minutes: number | null } & Person)[],
    ({ series_id: string; occurrence_key: string; kind: AgendaOccurrence['checkIns'][number]['kind']; at: Date } & Person)[],
    { series_id: string; occurrence_key: string }[],
  ];
  const of = <T extends { series_id: string; occurrence_key: string }>(rows: T[], seriesId: string, key: string) =>
    rows.filter((r) => r.series_id === seriesId && r.occurrence_key === key);
  return planned
    .map(({ s, o }): AgendaOccurrence => {
      const visit = of(visits, s.id, o.key)[0];
      const legRides = of(rides, s.id, o.key);
      return {
        seriesId: s.id,
        occurrenceKey: o.key,
        title: s.title,
        kind: s.kind,
        location: s.location,
        careRecipient: { id: s.care_recipient_id, displayName: s.recipient_name },
        timeZone: s.time_zone,
        startAt: o.startUtc,
        endAt: o.endUtc,
        startLocal: o.start,
        endLocal: localOf(s.time_zone, o.endUtc),
        // The override (a cancellation made here) wins over a visit row the workflow has not yet ended.
        status: o.status === 'cancelled' ? 'cancelled' : (visit?.status ?? 'scheduled'),
        moved: o.moved,
        rides: s.ride_legs.map((leg) => {
          const r = legRides.find((x) => x.leg === leg);
          return { leg, driver: r ? { userId: r.userId, displayName: r.displayName } : null, travelMinutes: r?.travel_minutes ?? null };
        }),
        checkIns: of(checkIns, s.id, o.key).map((c) => ({
          kind: c.kind,
          by: { userId: c.userId, displayName: c.displayName },
          at: new Date(c.at).toISOString(),
        })),
        hasSummary: of(summaries, s.id, o.key).length > 0,
        // The series opens each visit this long before its (current) start; see planOccurrences.
        opensAt: new Date(Date.parse(o.startUtc) - openAheadMs(s)).toISOString(),
      };
    })
    .sort((a, b) => a.startAt.localeCompare(b.startAt) || a.seriesId.localeCompare(b.seriesId));
}

/** One occurrence by its key, wherever it moved: the window spans its original and its moved start, two days either side for any zone's offset. */
export async function findOccurrence(db: Queryable, familyId: string, seriesId: string, key: string): Promise<AgendaOccurrence | undefined> {
  const [row] = (await db.query(`SELECT start_local FROM appointment_overrides WHERE series_id = $1 AND occurrence_key = $2`, [seriesId, key])) as {
    start_local: string | null;
  }[];
  const around = [key, row?.start_local ?? key].map((k) => Date.parse(`${k}:00Z`));
  const window = { fromUtc: new Date(Math.min(...around) - 2 * 86_400_000).toISOString(), untilUtc: new Date(Math.max(...around) + 2 * 86_400_000).toISOString() };
  return (await agendaOccurrences(db, familyId, window, { seriesId })).find((o) => o.occurrenceKey === key);
}
