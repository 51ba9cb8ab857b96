import { z } from 'zod';
import { AgendaResponse, AppointmentSeriesResponse, OccurrenceParams, OccurrenceResponse, SeriesParams } from '../contracts/appointment-views';
import { FamilyParams } from '../families/params';
import { badRequest, notFound } from '../http/errors';
import { ANY_MEMBER, defineRoute } from '../http/route';
import { agendaOccurrences, findOccurrence } from './agenda';
import { loadSeriesView } from './series-rows';

const DAY = 86_400_000;
/** A quarter: the week and month views ask for less; the bound keeps one request's expansion small. */
const MAX_WINDOW_DAYS = 92;

const Instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date and time such as 2026-12-01T00:00:00Z' }).optional();

export const appointmentReadRoutes = [
  defineRoute({
    operationId: 'listAppointments',
    method: 'get',
    path: '/api/families/:familyId/appointments',
    summary: "The agenda: every occurrence across the family's care recipients in a window, with who drives each leg",
    tag: 'appointments',
    access: ANY_MEMBER,
    audit: { action: 'read', resource: 'appointment' },
    params: FamilyParams,
    query: {
      from: { description: 'Start of the window (ISO 8601; now when left out).', schema: Instant },
      to: { description: `End of the window, exclusive (7 days after \`from\` when left out; at most ${MAX_WINDOW_DAYS} days after it).`, schema: Instant },
    },
    response: { status: 200, schema: AgendaResponse, description: 'Occurrences by start, cancelled ones included.' },
    async handler({ params, query }, deps) {
      const from = query.from ? Date.parse(query.from) : Date.now();
      const to = query.to ? Date.parse(query.to) : from + 7 * DAY;
      if (to <= from) throw badRequest('The query names something invalid.', [{ path: 'to', message: 'must be after from' }]);
      if (to - from > MAX_WINDOW_DAYS * DAY) throw badRequest('The query names something invalid.', [{ path: 'to', message: `must be at most ${MAX_WINDOW_DAYS} days after from` }]);
      const window = { fromUtc: new Date(from).toISOString(), untilUtc: new Date(to).toISOString() };
      return { body: { from: window.fromUtc, to: window.untilUtc, occurrences: await agendaOccurrences(deps.dataSource, params.familyId, window) } };
    },
  }),
  defineRoute({
    operationId: 'getAppointment',
    method: 'get',
    path: '/api/families/:familyId/appointments/:seriesId',
    summary: 'One appointment series as saved: its timing, recurrence, overrides, reminders and ride needs',
    tag: 'appointments',
    access: ANY_MEMBER,
    audit: { action: 'read', resource: 'appointment', idParams: ['seriesId'] },
    params: SeriesParams,
    response: { status: 200, schema: AppointmentSeriesResponse, description: 'The series.' },
    async handler({ params }, deps) {
      return { body: { appointment: await loadSeriesView(deps, params.familyId, params.seriesId) } };
    },
  }),
  defineRoute({
    operationId: 'getAppointmentOccurrence',
    method: 'get',
    path: '/api/families/:familyId/appointments/:seriesId/occurrences/:occurrenceKey',
    summary: 'One occurrence as the agenda shows it, by its key (its original local start), wherever it moved',
    tag: 'appointments',
    access: ANY_MEMBER,
    audit: { action: 'read', resource: 'visit', idParams: ['seriesId', 'occurrenceKey'] },
    params: OccurrenceParams,
    response: { status: 200, schema: OccurrenceResponse, description: 'The occurrence, cancelled ones included.' },
    async handler({ params }, deps) {
      const occurrence = await findOccurrence(deps.dataSource, params.familyId, params.seriesId, params.occurrenceKey);
      if (!occurrence) throw notFound(`The occurrence ${params.occurrenceKey} of this appointment`);
      return { body: { occurrence } };
    },
  }),
];
