import type { AppointmentSeriesInput, CheckInKind, EditScope, LocalDateTime, RideLeg, VisitSummaryInput } from '../../../api/contracts/appointments';
import {
  AgendaResponse,
  AppointmentPreviewResponse,
  AppointmentReminderResponse,
  AppointmentSeriesResponse,
  CalendarFeedResponse,
  OccurrenceResponse,
  VisitSummaryResponse,
  type AppointmentEditInput,
} from '../../../api/contracts/appointment-views';
import { newActionKey, request, seg } from './client';

// The appointment contracts, declared once in api/contracts for the API and this app.
export * from '../../../api/contracts/appointments';
export * from '../../../api/contracts/appointment-views';

const appointments = (familyId: string) => `/api/families/${seg(familyId)}/appointments`;
const series = (familyId: string, seriesId: string) => `${appointments(familyId)}/${seg(seriesId)}`;
const occurrence = (familyId: string, seriesId: string, key: LocalDateTime) => `${series(familyId, seriesId)}/occurrences/${seg(key)}`;

/** Every occurrence across the family's care recipients whose start is in [from, to). */
export const getAgenda = (familyId: string, from: string, to: string) =>
  request('GET', `${appointments(familyId)}?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`, { schema: AgendaResponse });

export const createAppointment = (familyId: string, input: AppointmentSeriesInput) =>
  request('POST', appointments(familyId), { body: input, schema: AppointmentSeriesResponse });
/** Nothing is written: the next occurrences and when their reminders would go out. */
export const previewAppointment = (familyId: string, input: AppointmentSeriesInput) =>
  request('POST', `${appointments(familyId)}/preview`, { body: input, schema: AppointmentPreviewResponse });
export const getAppointment = (familyId: string, seriesId: string) =>
  request('GET', series(familyId, seriesId), { schema: AppointmentSeriesResponse });

export const updateAppointment = (familyId: string, seriesId: string, change: AppointmentEditInput) =>
  request('PUT', series(familyId, seriesId), { body: change, schema: AppointmentSeriesResponse });
/** The whole series, or (with an occurrence) just that one / that one and the ones after it. */
export const deleteAppointment = (familyId: string, seriesId: string, scope: EditScope = 'series', occurrenceKey?: LocalDateTime) =>
  request(
    'DELETE',
    `${series(familyId, seriesId)}${scope === 'series' ? '' : `?scope=${scope}&occurrenceKey=${encodeURIComponent(occurrenceKey ?? '')}`}`,
  );

/** One occurrence as the agenda shows it, by its key, wherever an override moved it (404 when the rule has no such occurrence). */
export const getOccurrence = (familyId: string, seriesId: string, key: LocalDateTime) =>
  request('GET', occurrence(familyId, seriesId, key), { schema: OccurrenceResponse });

/** The caller's own choice: routine appointment reminders in this family (ride requests and the leave-by still come). */
export const getAppointmentReminders = (familyId: string) =>
  request('GET', `/api/families/${seg(familyId)}/appointment-reminders`, { schema: AppointmentReminderResponse });
export const setAppointmentReminders = (familyId: string, routine: boolean) =>
  request('PUT', `/api/families/${seg(familyId)}/appointment-reminders`, { body: { routine }, schema: AppointmentReminderResponse });

// Each call is one tap: its key covers the client's own retries of that tap, never a second volunteer.
export const volunteerRide = (familyId: string, seriesId: string, key: LocalDateTime, leg: RideLeg, travelMinutes?: number) =>
  request('POST', `${occurrence(familyId, seriesId, key)}/ride`, {
    body: travelMinutes === undefined ? { leg } : { leg, travelMinutes },
    schema: OccurrenceResponse,
    idempotencyKey: newActionKey(),
  });
export const withdrawRide = (familyId: string, seriesId: string, key: LocalDateTime, leg: RideLeg) =>
  request('DELETE', `${occurrence(familyId, seriesId, key)}/ride`, { body: { leg }, schema: OccurrenceResponse, idempotencyKey: newActionKey() });
export const checkIn = (familyId: string, seriesId: string, key: LocalDateTime, kind: CheckInKind) =>
  request('POST', `${occurrence(familyId, seriesId, key)}/check-ins`, { body: { kind }, schema: OccurrenceResponse, idempotencyKey: newActionKey() });
export const submitSummary = (familyId: string, seriesId: string, key: LocalDateTime, input: VisitSummaryInput) =>
  request('POST', `${occurrence(familyId, seriesId, key)}/summary`, { body: input, schema: OccurrenceResponse });
export const getSummary = (familyId: string, seriesId: string, key: LocalDateTime) =>
  request('GET', `${occurrence(familyId, seriesId, key)}/summary`, { schema: VisitSummaryResponse });
/** A plain link: the browser downloads the one-off .ics itself. */
export const occurrenceIcsUrl = (familyId: string, seriesId: string, key: LocalDateTime) => `${occurrence(familyId, seriesId, key)}/calendar.ics`;

export const getCalendarFeed = () => request('GET', '/api/profile/calendar-feed', { schema: CalendarFeedResponse });
/** Creates the secret URL, or replaces it: the old one stops working at once. */
export const createCalendarFeed = () => request('POST', '/api/profile/calendar-feed', { schema: CalendarFeedResponse });
export const revokeCalendarFeed = () => request('DELETE', '/api/profile/calendar-feed');
