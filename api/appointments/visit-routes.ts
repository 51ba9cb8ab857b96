import { appointmentVisitHandle, type AppointmentVisitHandle } from '../../temporal/appointments';
import { checkInUpdate, submitSummaryUpdate, volunteerRideUpdate, withdrawRideUpdate, type VisitState } from '../../workflows/appointment/messages';
import { VisitSummaryInput } from '../contracts/appointments';
import { CheckInInput, OccurrenceParams, OccurrenceResponse, RideInput, RideWithdrawInput, VisitSummaryResponse } from '../contracts/appointment-views';
import type { AppDeps } from '../deps';
import { publishAppointmentChanged } from '../events/appointments';
import { answerUpdateId } from '../http/idempotency';
import { ANY_MEMBER, CAREGIVERS, defineRoute } from '../http/route';
import { requireOccurrenceKey } from './occurrence-keys';
import { loadSeries } from './series-rows';
import { occurrenceAfter } from './visit-view';
import { visitRefusal } from './workflow-errors';

const BASE = '/api/families/:familyId/appointments/:seriesId/occurrences/:occurrenceKey';
const visitAudit = { resource: 'visit', idParams: ['seriesId', 'occurrenceKey'] } as const;

type Params = { familyId: string; seriesId: string; occurrenceKey: string };

/**
 * Checks the occurrence exists here, asks its visit workflow, and shows everyone the outcome.
 * With an Idempotency-Key the Update id is the tap's own: a retry after a lost answer gets the
 * first outcome (one check-in, not two), and never stands for someone else's tap.
 */
async function askVisit(deps: AppDeps, p: Params, ask: (visit: AppointmentVisitHandle) => Promise<VisitState>) {
  const series = await loadSeries(deps.dataSource, p.familyId, p.seriesId);
  requireOccurrenceKey(series, p.occurrenceKey);
  let state: VisitState;
  try {
    state = await ask(appointmentVisitHandle(deps.temporal.client, p.seriesId, p.occurrenceKey));
  } catch (err) {
    throw visitRefusal(err, series.time_zone);
  }
  await publishAppointmentChanged(deps.dataSource, p.familyId, p.seriesId, p.occurrenceKey);
  return { body: { occurrence: await occurrenceAfter(deps, p.familyId, p.seriesId, p.occurrenceKey, state) } };
}

export const visitRoutes = [
  defineRoute({
    operationId: 'volunteerForRide',
    method: 'post',
    path: `${BASE}/ride`,
    summary: 'Take a leg of the ride: the first to accept wins; anyone later is told it was taken (409)',
    tag: 'appointments',
    access: CAREGIVERS,
    audit: { action: 'answer', ...visitAudit },
    params: OccurrenceParams,
    body: RideInput,
    errors: [409],
    response: { status: 200, schema: OccurrenceResponse, description: 'The occurrence, with you driving that leg.' },
    idempotent: true,
    handler: ({ params, body, user, idempotencyKey }, deps) =>
      askVisit(deps, params, (v) => v.executeUpdate(volunteerRideUpdate, { args: [{ userId: user!.id, ...body }], updateId: answerUpdateId('ride', user!.id, idempotencyKey) })),
  }),
  defineRoute({
    operationId: 'withdrawFromRide',
    method: 'delete',
    path: `${BASE}/ride`,
    summary: 'Give a leg of the ride back: it reopens and the family is asked again',
    tag: 'appointments',
    access: CAREGIVERS,
    audit: { action: 'answer', ...visitAudit },
    params: OccurrenceParams,
    body: RideWithdrawInput,
    response: { status: 200, schema: OccurrenceResponse, description: 'The occurrence, that leg open again.' },
    idempotent: true,
    handler: ({ params, body, user, idempotencyKey }, deps) =>
      askVisit(deps, params, (v) =>
        v.executeUpdate(withdrawRideUpdate, { args: [{ userId: user!.id, leg: body.leg }], updateId: answerUpdateId('withdraw', user!.id, idempotencyKey) }),
      ),
  }),
  defineRoute({
    operationId: 'checkInVisit',
    method: 'post',
    path: `${BASE}/check-ins`,
    summary: 'On the way, arrived (from 6 h before the start), done or no-show (from the start), timestamped now; earlier → 409 with details.opensAt',
    tag: 'appointments',
    access: CAREGIVERS,
    audit: { action: 'answer', ...visitAudit },
    params: OccurrenceParams,
    body: CheckInInput,
    errors: [409],
    response: { status: 200, schema: OccurrenceResponse, description: 'The occurrence with its check-ins.' },
    idempotent: true,
    handler: ({ params, body, user, idempotencyKey }, deps) =>
      askVisit(deps, params, (v) => v.executeUpdate(checkInUpdate, { args: [{ userId: user!.id, kind: body.kind }], updateId: answerUpdateId('check-in', user!.id, idempotencyKey) })),
  }),
  defineRoute({
    operationId: 'submitVisitSummary',
    method: 'post',
    path: `${BASE}/summary`,
    summary: 'After "done": what was said, the follow-ups and the next appointment suggested, for the family to see',
    tag: 'appointments',
    access: CAREGIVERS,
    audit: { action: 'create', ...visitAudit },
    params: OccurrenceParams,
    body: VisitSummaryInput,
    response: { status: 200, schema: OccurrenceResponse, description: 'The occurrence, its summary submitted.' },
    idempotent: true,
    handler: ({ params, body, user, idempotencyKey }, deps) =>
      askVisit(deps, params, (v) => v.executeUpdate(submitSummaryUpdate, { args: [{ ...body, userId: user!.id }], updateId: answerUpdateId('summary', user!.id, idempotencyKey) })),
  }),
  defineRoute({
    operationId: 'getVisitSummary',
    method: 'get',
    path: `${BASE}/summary`,
    summary: "A visit's summary (null until the companion writes one)",
    tag: 'appointments',
    access: ANY_MEMBER,
    audit: { action: 'read', ...visitAudit },
    params: OccurrenceParams,
    response: { status: 200, schema: VisitSummaryResponse, description: 'The summary, or null.' },
    async handler({ params }, deps) {
      requireOccurrenceKey(await loadSeries(deps.dataSource, params.familyId, params.seriesId), params.occurrenceKey);
      const [row] = (await deps.dataSource.query(
        `SELECT s.notes, s.follow_ups, s.next_suggestion, s.at, s.by, coalesce(u.display_name, 'A former member') AS name
           FROM appointment_summaries s LEFT JOIN users u ON u.id = s.by WHERE s.series_id = $1 AND s.occurrence_key = $2`,
        [params.seriesId, params.occurrenceKey],
      )) as { notes: string; follow_ups: string[]; next_suggestion: string; at: Date; by: string | null; name: string }[];
      const summary = row
        ? {
            notes: row.notes,
            followUps: row.follow_ups,
            nextAppointmentSuggestion: row.next_suggestion,
            by: row.by ? { userId: row.by, displayName: row.name } : null,
            at: new Date(row.at).toISOString(),
          }
        : null;
      return { body: { summary } };
    },
  }),
];
