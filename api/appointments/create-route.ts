import { randomUUID } from 'node:crypto';
import { nextOccurrences } from '../../activities/appointments/recurrence';
import { AppointmentSeriesInput } from '../contracts/appointments';
import { AppointmentPreviewResponse, AppointmentSeriesResponse } from '../contracts/appointment-views';
import { publishAppointmentChanged } from '../events/appointments';
import { FamilyParams } from '../families/params';
import { AppError } from '../http/errors';
import { CAREGIVERS, defineRoute } from '../http/route';
import { loggableError } from '../log';
import { reminderInstants, resolveSeriesInput } from './series-input';
import { loadSeries, presentSeries, seriesColumns, type SeriesRow } from './series-rows';
import { startSeries } from './tell-series';

const PREVIEW_COUNT = 8;

export const createAppointmentRoute = defineRoute({
  operationId: 'createAppointment',
  method: 'post',
  path: '/api/families/:familyId/appointments',
  summary: 'Add an appointment (one visit or a recurring series): its visits are reminded, their rides asked for and escalated',
  tag: 'appointments',
  access: CAREGIVERS,
  audit: { action: 'create', resource: 'appointment', idFromBody: (b) => b.appointment.id },
  params: FamilyParams,
  body: AppointmentSeriesInput,
  response: { status: 201, schema: AppointmentSeriesResponse, description: 'The new appointment, already running.' },
  async handler({ params, body, user }, deps) {
    const db = deps.dataSource;
    const input = await resolveSeriesInput(db, params.familyId, body);
    const id = randomUUID();
    await db.query(
      `INSERT INTO appointment_series (id, family_id, care_recipient_id, created_by, title, kind, location, notes, time_zone, start_local,
         duration_minutes, recurrence, reminder_leads, ride_legs, ride_deadline_hours, travel_minutes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
      [id, params.familyId, input.careRecipientId, user!.id, ...seriesColumns(input)],
    );
    const row: SeriesRow = await loadSeries(db, params.familyId, id);
    // After the commit: the workflow's first activity reads this row.
    try {
      await startSeries(deps, row);
    } catch (err) {
      // An appointment that reminds nobody must not look planned.
      await db.query(`UPDATE appointment_series SET status = 'deleted', updated_at = now() WHERE id = $1`, [id]);
      deps.log.error('appointment series could not start', { seriesId: id, ...loggableError(err) });
      throw new AppError(503, 'unavailable', 'The reminders could not be set up right now. Please try again in a moment.');
    }
    // Announced only once it runs: one that failed to start is never shown.
    await publishAppointmentChanged(db, params.familyId, id);
    return { status: 201, body: { appointment: presentSeries(row, []) } };
  },
});

export const previewAppointmentRoute = defineRoute({
  operationId: 'previewAppointment',
  method: 'post',
  path: '/api/families/:familyId/appointments/preview',
  summary: 'The next occurrences of an appointment being edited and when each is reminded; nothing is saved',
  tag: 'appointments',
  access: CAREGIVERS,
  params: FamilyParams,
  body: AppointmentSeriesInput,
  response: { status: 200, schema: AppointmentPreviewResponse, description: 'Up to 8 occurrences from now, with the reminders still ahead.' },
  async handler({ params, body }, deps) {
    const input = await resolveSeriesInput(deps.dataSource, params.familyId, body);
    const now = new Date();
    const timing = { start: input.start, timeZone: input.timeZone, durationMinutes: input.durationMinutes, recurrence: input.recurrence, overrides: [] };
    const occurrences = nextOccurrences(timing, now.toISOString(), PREVIEW_COUNT).map((o) => ({
      occurrenceKey: o.key,
      startAt: o.startUtc,
      endAt: o.endUtc,
      startLocal: o.start,
      reminders: reminderInstants(o.startUtc, input.reminderLeadMinutes, now.getTime()),
    }));
    return { body: { timeZone: input.timeZone, occurrences } };
  },
});
