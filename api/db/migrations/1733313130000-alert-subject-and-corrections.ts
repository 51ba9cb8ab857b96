import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What an alert is about and where it stands, in words a worried person can read: the
 * medication it names (a snapshot: renaming it later does not rewrite old alerts), the
 * chain it pages and when the current step began ("Ana at 06:48 if he doesn't answer"),
 * who closed it. Doses remember a later correction (who, when, and what it said before).
 */
export class AlertSubjectAndCorrections1733313130000 implements MigrationInterface {
  name = 'AlertSubjectAndCorrections1733313130000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE escalations
      ADD COLUMN subject text,
      ADD COLUMN dose_key text,
      ADD COLUMN chain jsonb,
      ADD COLUMN step_started_at timestamptz,
      ADD COLUMN resolved_by uuid REFERENCES users(id) ON DELETE SET NULL`);
    // Who resolved the ones already closed: their "resolved" timeline entry says.
    await q.query(`UPDATE escalations e SET resolved_by = ev.user_id
      FROM escalation_events ev WHERE ev.escalation_id = e.id AND ev.type = 'resolved' AND ev.user_id IS NOT NULL`);
    await q.query(`ALTER TABLE dose_records
      ADD COLUMN corrected_by uuid REFERENCES users(id) ON DELETE SET NULL,
      ADD COLUMN corrected_at timestamptz,
      ADD COLUMN corrected_from text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dose_records DROP COLUMN corrected_by, DROP COLUMN corrected_at, DROP COLUMN corrected_from`);
    await q.query(`ALTER TABLE escalations DROP COLUMN subject, DROP COLUMN dose_key, DROP COLUMN chain, DROP COLUMN step_started_at, DROP COLUMN resolved_by`);
  }
}
