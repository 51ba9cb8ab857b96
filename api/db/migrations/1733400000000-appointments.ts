import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Appointments: a series (one visit or a recurring one, in its own zone), one-occurrence
 * overrides keyed by the original start, and per occurrence its visit, rides, check-ins
 * and summary; members who want no routine reminders; delivery attempts traced to a series.
 */
export class Appointments1733400000000 implements MigrationInterface {
  name = 'Appointments1733400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE appointment_series (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        family_id uuid NOT NULL REFERENCES families(id) ON DELETE CASCADE,
        care_recipient_id uuid NOT NULL REFERENCES care_recipients(id) ON DELETE CASCADE,
        title text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('doctor', 'therapy', 'lab', 'video_call', 'other')),
        location text NOT NULL DEFAULT '',
        notes text NOT NULL DEFAULT '',
        time_zone text NOT NULL,
        start_local text NOT NULL,
        duration_minutes integer NOT NULL CHECK (duration_minutes > 0),
        recurrence jsonb,
        reminder_leads integer[] NOT NULL DEFAULT '{10080,1440,120}',
        ride_legs text[] NOT NULL DEFAULT '{}',
        ride_deadline_hours integer NOT NULL DEFAULT 48 CHECK (ride_deadline_hours > 0),
        travel_minutes integer NOT NULL DEFAULT 30 CHECK (travel_minutes >= 0),
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'ended', 'deleted')),
        -- Bumped on every edit: the iCalendar SEQUENCE, and how a workflow tells an old edit from a new one.
        version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
        -- "This and following": the series this one was split from.
        split_from uuid REFERENCES appointment_series(id) ON DELETE SET NULL,
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX appointment_series_family_idx ON appointment_series (family_id)`);
    await q.query(`CREATE INDEX appointment_series_recipient_idx ON appointment_series (care_recipient_id)`);
    await q.query(`
      CREATE TABLE appointment_overrides (
        series_id uuid NOT NULL REFERENCES appointment_series(id) ON DELETE CASCADE,
        occurrence_key text NOT NULL,
        status text NOT NULL CHECK (status IN ('moved', 'cancelled')),
        start_local text,
        duration_minutes integer CHECK (duration_minutes > 0),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (series_id, occurrence_key)
      )`);
    await q.query(`
      CREATE TABLE appointment_visits (
        series_id uuid NOT NULL REFERENCES appointment_series(id) ON DELETE CASCADE,
        occurrence_key text NOT NULL,
        start_at timestamptz NOT NULL,
        end_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled', 'done', 'no_show')),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (series_id, occurrence_key)
      )`);
    await q.query(`CREATE INDEX appointment_visits_start_idx ON appointment_visits (start_at)`);
    await q.query(`
      CREATE TABLE appointment_rides (
        series_id uuid NOT NULL REFERENCES appointment_series(id) ON DELETE CASCADE,
        occurrence_key text NOT NULL,
        leg text NOT NULL CHECK (leg IN ('outbound', 'return')),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        travel_minutes integer CHECK (travel_minutes >= 0),
        accepted_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (series_id, occurrence_key, leg)
      )`);
    await q.query(`
      CREATE TABLE appointment_check_ins (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        series_id uuid NOT NULL REFERENCES appointment_series(id) ON DELETE CASCADE,
        occurrence_key text NOT NULL,
        user_id uuid REFERENCES users(id) ON DELETE SET NULL,
        kind text NOT NULL CHECK (kind IN ('on_the_way', 'arrived', 'done', 'no_show')),
        at timestamptz NOT NULL,
        -- A retried write of the same check-in (same instant, person and kind) is one row.
        UNIQUE (series_id, occurrence_key, user_id, kind, at)
      )`);
    await q.query(`CREATE INDEX appointment_check_ins_visit_idx ON appointment_check_ins (series_id, occurrence_key, at)`);
    await q.query(`
      CREATE TABLE appointment_summaries (
        series_id uuid NOT NULL REFERENCES appointment_series(id) ON DELETE CASCADE,
        occurrence_key text NOT NULL,
        notes text NOT NULL,
        follow_ups jsonb NOT NULL DEFAULT '[]',
        next_suggestion text NOT NULL DEFAULT '',
        by uuid REFERENCES users(id) ON DELETE SET NULL,
        at timestamptz NOT NULL,
        PRIMARY KEY (series_id, occurrence_key)
      )`);
    await q.query(`
      CREATE TABLE appointment_reminder_opt_outs (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        family_id uuid NOT NULL REFERENCES families(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, family_id)
      )`);
    await q.query(`
      ALTER TABLE delivery_attempts
        ADD COLUMN appointment_series_id uuid REFERENCES appointment_series(id) ON DELETE CASCADE,
        ADD COLUMN occurrence_key text`);
    await q.query(`CREATE INDEX delivery_attempts_appointment_idx ON delivery_attempts (appointment_series_id) WHERE appointment_series_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX delivery_attempts_appointment_idx`);
    await q.query(`ALTER TABLE delivery_attempts DROP COLUMN occurrence_key, DROP COLUMN appointment_series_id`);
    for (const table of [
      'appointment_reminder_opt_outs',
      'appointment_summaries',
      'appointment_check_ins',
      'appointment_rides',
      'appointment_visits',
      'appointment_overrides',
      'appointment_series',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
