import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A schedule whose workflow failed is "stopped" (reminding nobody) until an admin restarts it, instead of looking active. */
export class StoppedSchedules1732800000000 implements MigrationInterface {
  name = 'StoppedSchedules1732800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE medication_schedules DROP CONSTRAINT medication_schedules_status_check`);
    await q.query(`ALTER TABLE medication_schedules ADD CONSTRAINT medication_schedules_status_check
      CHECK (status IN ('active', 'paused', 'ended', 'deleted', 'stopped'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE medication_schedules SET status = 'active' WHERE status = 'stopped'`);
    await q.query(`ALTER TABLE medication_schedules DROP CONSTRAINT medication_schedules_status_check`);
    await q.query(`ALTER TABLE medication_schedules ADD CONSTRAINT medication_schedules_status_check
      CHECK (status IN ('active', 'paused', 'ended', 'deleted'))`);
  }
}
