import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One secret calendar feed per member. Only the SHA-256 of its token is stored, so a copy of
 * the database cannot read anyone's calendar; revoking deletes the row, rotating replaces it.
 */
export class CalendarFeeds1733500000000 implements MigrationInterface {
  name = 'CalendarFeeds1733500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE calendar_feeds (
        user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE calendar_feeds`);
  }
}
