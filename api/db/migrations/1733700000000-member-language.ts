import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A member's language for what CareCircle writes to them (texts, emails, pushes) and for the SPA
 * once they log in. Null means never chosen: messages go in English, the SPA follows the browser.
 */
export class MemberLanguage1733700000000 implements MigrationInterface {
  name = 'MemberLanguage1733700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN language text CONSTRAINT users_language_check CHECK (language IN ('en', 'fr'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN language`);
  }
}
