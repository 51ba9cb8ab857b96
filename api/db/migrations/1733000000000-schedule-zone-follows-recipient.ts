import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Data backfill: a schedule's time zone is its care recipient's (the API now refuses any
 * other). Schedules saved earlier with another zone take the recipient's, as a move would.
 * `down` cannot know the zones that were wrong before, and the schema is unchanged: it does nothing.
 */
export class ScheduleZoneFollowsRecipient1733000000000 implements MigrationInterface {
  name = 'ScheduleZoneFollowsRecipient1733000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE medication_schedules s
         SET schedule = jsonb_set(s.schedule, '{timeZone}', to_jsonb(r.time_zone)), version = s.version + 1, updated_at = now()
        FROM care_recipients r
       WHERE r.id = s.care_recipient_id AND s.schedule->>'timeZone' IS DISTINCT FROM r.time_zone`);
  }

  async down(): Promise<void> {}
}
