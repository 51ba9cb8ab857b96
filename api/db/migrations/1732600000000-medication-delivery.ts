import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Medication reminders go through delivery_attempts too: each attempt names its schedule and dose. */
export class MedicationDelivery1732600000000 implements MigrationInterface {
  name = 'MedicationDelivery1732600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE delivery_attempts
        ADD COLUMN schedule_id uuid REFERENCES medication_schedules(id) ON DELETE CASCADE,
        ADD COLUMN dose_key text`);
    // The cascade on deleting a schedule looks its attempts up by this column.
    await q.query(`CREATE INDEX delivery_attempts_schedule_idx ON delivery_attempts (schedule_id) WHERE schedule_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX delivery_attempts_schedule_idx`);
    await q.query(`ALTER TABLE delivery_attempts DROP COLUMN dose_key, DROP COLUMN schedule_id`);
  }
}
