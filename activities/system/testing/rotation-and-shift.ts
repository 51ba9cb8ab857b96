import assert from 'node:assert/strict';
import { localDaysAhead, type AppointmentFamily } from '../../../api/appointments/test-family';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/**
 * Through the API: a rotation with a 09:00–10:00 shift every day from tomorrow (it opens
 * tomorrow's shift two days ahead, as its child) and a one-off 09:00–13:00 shift in three
 * days, both for the first caregiver. Returns their ids.
 */
export async function createRotationAndShift(f: AppointmentFamily): Promise<{ rotation: string; shift: string }> {
  const base = `/api/families/${f.familyId}`;
  const rotationRes = await f.admin.session.post(`${base}/rotations`, {
    careRecipientId: f.recipientId,
    cycleWeeks: 1,
    slots: WEEKDAYS.map((weekday) => ({ week: 1, weekday, start: '09:00', end: '10:00', assigneeId: f.caregivers[0].user.id })),
    startsOn: localDaysAhead(1, '09:00').slice(0, 10),
    tasks: ['Lunch'],
  });
  assert.equal(rotationRes.status, 201, JSON.stringify(rotationRes.body));
  const shiftRes = await f.admin.session.post(`${base}/shifts`, {
    careRecipientId: f.recipientId,
    start: localDaysAhead(3, '09:00'),
    end: localDaysAhead(3, '13:00'),
    assigneeId: f.caregivers[0].user.id,
    tasks: ['Lunch'],
  });
  assert.equal(shiftRes.status, 201, JSON.stringify(shiftRes.body));
  return { rotation: rotationRes.body.rotation.id as string, shift: shiftRes.body.shift.id as string };
}
