import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Caregiver shifts: rotations (a weekly pattern or an N-week cycle of slots in the
 * recipient's zone), the shifts they generate (one row per slot and local date, keyed so a
 * re-expansion never doubles one) and one-off shifts, swap requests, the recipient's home
 * coordinates for the "checked in far from home" flag, and delivery attempts traced to a shift.
 */
export class Shifts1733600000000 implements MigrationInterface {
  name = 'Shifts1733600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE care_recipients ADD COLUMN home_lat double precision, ADD COLUMN home_lon double precision`);
    await q.query(`
      CREATE TABLE shift_rotations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        family_id uuid NOT NULL REFERENCES families(id) ON DELETE CASCADE,
        care_recipient_id uuid NOT NULL REFERENCES care_recipients(id) ON DELETE CASCADE,
        time_zone text NOT NULL,
        cycle_weeks integer NOT NULL DEFAULT 1 CHECK (cycle_weeks BETWEEN 1 AND 8),
        -- [{ week (1-based), weekday 'mon'..'sun', start 'HH:MM', end 'HH:MM' (end <= start: next day), assigneeId, backupIds? }]
        slots jsonb NOT NULL,
        starts_on date NOT NULL,
        ends_on date,
        horizon_days integer NOT NULL DEFAULT 28 CHECK (horizon_days BETWEEN 1 AND 90),
        reminder_leads integer[] NOT NULL DEFAULT '{1440,120}',
        tasks jsonb NOT NULL DEFAULT '[]',
        -- Bumped on every edit: the workflow re-expands, shifts not yet started follow.
        version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'ended', 'deleted')),
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX shift_rotations_family_idx ON shift_rotations (family_id)`);
    await q.query(`
      CREATE TABLE shifts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        family_id uuid NOT NULL REFERENCES families(id) ON DELETE CASCADE,
        care_recipient_id uuid NOT NULL REFERENCES care_recipients(id) ON DELETE CASCADE,
        rotation_id uuid REFERENCES shift_rotations(id) ON DELETE CASCADE,
        -- The rotation slot and its local date ('w1-mon-22:00/2026-03-08'): stable across edits of the rotation.
        slot_key text,
        start_at timestamptz NOT NULL,
        end_at timestamptz NOT NULL CHECK (end_at > start_at),
        time_zone text NOT NULL,
        start_local text NOT NULL,
        assignee_id uuid REFERENCES users(id) ON DELETE SET NULL,
        backup_ids uuid[] NOT NULL DEFAULT '{}',
        -- Given to someone by hand (or moved): wins over the rotation and survives its edits.
        override boolean NOT NULL DEFAULT false,
        tasks jsonb NOT NULL DEFAULT '[]',
        notes text NOT NULL DEFAULT '',
        state text NOT NULL DEFAULT 'scheduled' CHECK (state IN ('scheduled', 'on_shift', 'late', 'uncovered', 'done', 'cancelled')),
        checked_in_at timestamptz,
        checked_in_by uuid REFERENCES users(id) ON DELETE SET NULL,
        checked_in_via text CHECK (checked_in_via IN ('app', 'sms')),
        check_in_location jsonb,
        far_from_home boolean NOT NULL DEFAULT false,
        checked_out_at timestamptz,
        checked_out_via text CHECK (checked_out_via IN ('app', 'sms', 'auto')),
        tasks_done jsonb NOT NULL DEFAULT '[]',
        handoff_note text,
        -- Closed by the end of the local day without a check-out: an admin corrects the times.
        auto_closed boolean NOT NULL DEFAULT false,
        corrected_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (rotation_id, slot_key)
      )`);
    await q.query(`CREATE INDEX shifts_family_start_idx ON shifts (family_id, start_at)`);
    await q.query(`CREATE INDEX shifts_recipient_start_idx ON shifts (care_recipient_id, start_at)`);
    await q.query(`CREATE INDEX shifts_assignee_start_idx ON shifts (assignee_id, start_at) WHERE assignee_id IS NOT NULL`);
    await q.query(`
      CREATE TABLE shift_swaps (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        shift_id uuid NOT NULL REFERENCES shifts(id) ON DELETE CASCADE,
        requested_by uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        taken_by uuid REFERENCES users(id) ON DELETE SET NULL,
        state text NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'taken', 'closed')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // One open swap per shift at a time.
    await q.query(`CREATE UNIQUE INDEX shift_swaps_open_idx ON shift_swaps (shift_id) WHERE state = 'open'`);
    await q.query(`ALTER TABLE delivery_attempts ADD COLUMN shift_id uuid REFERENCES shifts(id) ON DELETE CASCADE`);
    // A late shift's page says whose shift and when ("Ana hasn't arrived for the 09:00 shift"), read when sending.
    await q.query(`ALTER TABLE escalations ADD COLUMN shift_id uuid REFERENCES shifts(id) ON DELETE SET NULL`);
    await q.query(`CREATE INDEX delivery_attempts_shift_idx ON delivery_attempts (shift_id) WHERE shift_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE escalations DROP COLUMN shift_id`);
    await q.query(`DROP INDEX delivery_attempts_shift_idx`);
    await q.query(`ALTER TABLE delivery_attempts DROP COLUMN shift_id`);
    for (const table of ['shift_swaps', 'shifts', 'shift_rotations']) await q.query(`DROP TABLE ${table}`);
    await q.query(`ALTER TABLE care_recipients DROP COLUMN home_lon, DROP COLUMN home_lat`);
  }
}
