import type { DataSource } from 'typeorm';
import { seedFamily } from '../escalation/open-escalation.test-seed';
import { MedicationScheduleInput } from './schedule';

/**
 * A seeded family (see seedFamily) whose Grandma takes Metformin 500 mg at 08:00 and 20:00
 * in Paris, assigned to Anna: the schedule row only, no workflow. `fields` change the schedule
 * (a `timeZone` moves Grandma there too).
 */
export async function seedScheduleRow(ds: DataSource, fields: Record<string, unknown> = {}) {
  const f = await seedFamily(ds);
  const schedule = MedicationScheduleInput.parse({
    medicationName: 'Metformin',
    dose: '500 mg',
    careRecipientId: f.recipientId,
    assignedCaregiverId: f.anna,
    timeZone: 'Europe/Paris',
    timesOfDay: ['08:00', '20:00'],
    pattern: { kind: 'daily' },
    startDate: '2026-03-28',
    ...fields,
  });
  const [row] = (await ds.query(
    `INSERT INTO medication_schedules (family_id, care_recipient_id, schedule, supply_count, refill_threshold)
     VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [f.familyId, f.recipientId, JSON.stringify(schedule), schedule.supply?.count ?? null, schedule.supply?.refillThreshold ?? null],
  )) as { id: string }[];
  // A schedule's zone is its recipient's (the API refuses any other, and nextDoseFor reads the recipient's).
  await ds.query('UPDATE care_recipients SET time_zone = $2 WHERE id = $1', [f.recipientId, schedule.timeZone]);
  return { ...f, scheduleId: row!.id };
}
