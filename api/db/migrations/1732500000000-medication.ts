import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Medication schedules (the validated schedule as jsonb, with supply and refill state) and one record per dose. */
export class Medication1732500000000 implements MigrationInterface {
  name = 'Medication1732500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE medication_schedules (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        family_id uuid NOT NULL REFERENCES families(id) ON DELETE CASCADE,
        care_recipient_id uuid NOT NULL REFERENCES care_recipients(id) ON DELETE CASCADE,
        schedule jsonb NOT NULL,
        version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'ended', 'deleted')),
        supply_count integer CHECK (supply_count >= 0),
        refill_threshold integer CHECK (refill_threshold >= 0),
        refill_alert_sent boolean NOT NULL DEFAULT false,
        -- The dose whose intake reached the threshold: a retried record answers "refill due" again for it, and only for it.
        refill_alert_dose_key text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX medication_schedules_family_idx ON medication_schedules (family_id)`);
    await q.query(`CREATE INDEX medication_schedules_recipient_idx ON medication_schedules (care_recipient_id)`);
    await q.query(`
      CREATE TABLE dose_records (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        schedule_id uuid NOT NULL REFERENCES medication_schedules(id) ON DELETE CASCADE,
        dose_key text NOT NULL,
        due_at timestamptz NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('taken', 'skipped', 'missed', 'late')),
        answered_by uuid REFERENCES users(id) ON DELETE SET NULL,
        answered_via text,
        answered_at timestamptz NOT NULL DEFAULT now(),
        reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (schedule_id, dose_key)
      )`);
    await q.query(`CREATE INDEX dose_records_due_idx ON dose_records (schedule_id, due_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE dose_records`);
    await q.query(`DROP TABLE medication_schedules`);
  }
}
