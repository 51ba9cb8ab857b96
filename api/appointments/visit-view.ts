import type { AgendaOccurrence } from '../contracts/appointment-views';
import type { AppDeps } from '../deps';
import { notFound } from '../http/errors';
import type { VisitState } from '../../workflows/appointment/messages';
import { findOccurrence } from './agenda';

/**
 * An occurrence as its visit workflow answered it: the workflow has taken the ride (or the
 * check-in) before its rows are written, so the answer shows who drives now, not a moment ago.
 */
export async function occurrenceAfter(deps: AppDeps, familyId: string, seriesId: string, key: string, state: VisitState): Promise<AgendaOccurrence> {
  const occurrence = await findOccurrence(deps.dataSource, familyId, seriesId, key);
  if (!occurrence) throw notFound(`The occurrence ${key} of this appointment`);
  const ids = [...new Set([...state.rides.map((r) => r.userId), ...state.checkIns.map((c) => c.userId)].filter((id): id is string => id !== null))];
  const names = new Map(
    ((await deps.dataSource.query('SELECT id, display_name FROM users WHERE id = ANY($1::uuid[])', [ids])) as { id: string; display_name: string }[]).map((u) => [
      u.id,
      u.display_name,
    ]),
  );
  const person = (userId: string) => ({ userId, displayName: names.get(userId) ?? 'A former member' });
  return {
    ...occurrence,
    rides: occurrence.rides.map(({ leg }) => {
      const seat = state.rides.find((r) => r.leg === leg);
      return { leg, driver: seat?.userId ? person(seat.userId) : null, travelMinutes: seat?.travelMinutes ?? null };
    }),
    checkIns: state.checkIns.map((c) => ({ kind: c.kind, by: person(c.userId), at: c.at })),
    hasSummary: occurrence.hasSummary || state.summarySubmitted,
  };
}
