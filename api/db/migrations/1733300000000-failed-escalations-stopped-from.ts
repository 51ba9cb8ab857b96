import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An escalation whose workflow failed is "failed" (paging nobody) instead of looking active;
 * a stopped schedule remembers whether it was paused, so a restart keeps it that way.
 */
export class FailedEscalationsStoppedFrom1733300000000 implements MigrationInterface {
  name = 'FailedEscalationsStoppedFrom1733300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE escalations DROP CONSTRAINT escalations_status_check`);
    await q.query(`ALTER TABLE escalations ADD CONSTRAINT escalations_status_check
      CHECK (status IN ('active', 'claimed', 'acknowledged', 'resolved', 'unreached', 'cancelled', 'failed'))`);
    await q.query(`ALTER TABLE medication_schedules ADD COLUMN stopped_from text CHECK (stopped_from IN ('active', 'paused'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE medication_schedules DROP COLUMN stopped_from`);
    await q.query(`UPDATE escalations SET status = 'cancelled' WHERE status = 'failed'`);
    await q.query(`ALTER TABLE escalations DROP CONSTRAINT escalations_status_check`);
    await q.query(`ALTER TABLE escalations ADD CONSTRAINT escalations_status_check
      CHECK (status IN ('active', 'claimed', 'acknowledged', 'resolved', 'unreached', 'cancelled'))`);
  }
}
