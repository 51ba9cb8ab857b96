import { occurrenceCalendar } from '../../activities/appointments/icalendar';
import { OccurrenceParams } from '../contracts/appointment-views';
import { notFound } from '../http/errors';
import { ANY_MEMBER, defineRoute } from '../http/route';
import { calendarAppointments } from './feed-data';
import { messageLanguage } from '../../activities/delivery/language';

export const occurrenceCalendarRoute = defineRoute({
  operationId: 'downloadOccurrenceCalendar',
  method: 'get',
  path: '/api/families/:familyId/appointments/:seriesId/occurrences/:occurrenceKey/calendar.ics',
  summary: 'One occurrence as an .ics file (text/calendar) to add to any calendar',
  tag: 'appointments',
  access: ANY_MEMBER,
  audit: { action: 'read', resource: 'appointment', idParams: ['seriesId', 'occurrenceKey'] },
  params: OccurrenceParams,
  response: { status: 200, description: 'A VCALENDAR with one VEVENT.' },
  async handler({ params, ctx, user }, deps) {
    const [appointment] = await calendarAppointments(deps.dataSource, params, messageLanguage(user?.language));
    const text = appointment && occurrenceCalendar(appointment, params.occurrenceKey, { now: new Date().toISOString() });
    if (!text) throw notFound(`The occurrence ${params.occurrenceKey} of this appointment`);
    ctx.type = 'text/calendar; charset=utf-8';
    ctx.set('Content-Disposition', `attachment; filename="appointment-${params.occurrenceKey.replace(':', '')}.ics"`);
    return { body: text };
  },
});
