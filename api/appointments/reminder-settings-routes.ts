import { AppointmentReminderResponse as Response, AppointmentReminderSettings } from '../contracts/appointment-views';
import { FamilyParams } from '../families/params';
import { ANY_MEMBER, defineRoute } from '../http/route';

const path = '/api/families/:familyId/appointment-reminders';

// Opting out stops only the routine reminders (7 days, 1 day, 2 hours before): the companion's
// leave-by, ride requests, pages and cancellations still reach the member (the visit workflow
// reads `appointment_reminder_opt_outs` when it picks who hears a reminder).
export const appointmentReminderRoutes = [
  defineRoute({
    operationId: 'getAppointmentReminders',
    method: 'get',
    path,
    summary: 'Whether the caller gets routine appointment reminders in this family',
    tag: 'appointments',
    access: ANY_MEMBER,
    params: FamilyParams,
    response: { status: 200, schema: Response, description: 'The caller’s own setting.' },
    async handler({ params, user }, deps) {
      const rows = (await deps.dataSource.query('SELECT 1 FROM appointment_reminder_opt_outs WHERE user_id = $1 AND family_id = $2', [
        user!.id,
        params.familyId,
      ])) as unknown[];
      return { body: { reminders: { routine: rows.length === 0 } } };
    },
  }),
  defineRoute({
    operationId: 'setAppointmentReminders',
    method: 'put',
    path,
    summary: 'Turn routine appointment reminders on or off for the caller in this family',
    tag: 'appointments',
    access: ANY_MEMBER,
    audit: { action: 'update', resource: 'appointment' },
    params: FamilyParams,
    body: AppointmentReminderSettings,
    response: { status: 200, schema: Response, description: 'The caller’s setting as saved.' },
    async handler({ params, body, user }, deps) {
      if (body.routine) {
        await deps.dataSource.query('DELETE FROM appointment_reminder_opt_outs WHERE user_id = $1 AND family_id = $2', [user!.id, params.familyId]);
      } else {
        await deps.dataSource.query('INSERT INTO appointment_reminder_opt_outs (user_id, family_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
          user!.id,
          params.familyId,
        ]);
      }
      return { body: { reminders: { routine: body.routine } } };
    },
  }),
];
