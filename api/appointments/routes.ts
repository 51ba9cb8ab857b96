import { createAppointmentRoute, previewAppointmentRoute } from './create-route';
import { appointmentEditRoutes } from './edit-routes';
import { appointmentReadRoutes } from './read-routes';
import { appointmentReminderRoutes } from './reminder-settings-routes';
import { visitRoutes } from './visit-routes';
import { occurrenceCalendarRoute } from '../calendar/occurrence-route';

/** Every appointment route, in the order the OpenAPI document lists them. */
export const appointmentRoutes = [
  createAppointmentRoute,
  previewAppointmentRoute,
  ...appointmentReadRoutes,
  ...appointmentEditRoutes,
  ...visitRoutes,
  occurrenceCalendarRoute,
  ...appointmentReminderRoutes,
];
