import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Contacts are proven before they are used: users' email and phone carry a verified-at
 * instant, a verified phone belongs to one account, codes and links are stored hashed;
 * app-wide send limits and known-device login failures are counted in PostgreSQL.
 */
export class VerifiedContacts1732700000000 implements MigrationInterface {
  name = 'VerifiedContacts1732700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN email_verified_at timestamptz, ADD COLUMN phone_verified_at timestamptz`);
    // Accounts from before verification existed keep receiving email (stopping every alert on deploy would be worse);
    // a phone counts as verified only where one account alone holds it, the rest must prove it.
    await q.query(`UPDATE users SET email_verified_at = created_at`);
    await q.query(`
      UPDATE users u SET phone_verified_at = now()
       WHERE u.phone IS NOT NULL AND (SELECT count(*) FROM users o WHERE o.phone = u.phone) = 1`);
    await q.query(`CREATE UNIQUE INDEX users_verified_phone_key ON users (phone) WHERE phone_verified_at IS NOT NULL`);
    await q.query(`
      CREATE TABLE contact_verifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        channel text NOT NULL CHECK (channel IN ('email', 'sms')),
        address text NOT NULL,
        secret_hash text NOT NULL,
        attempts int NOT NULL DEFAULT 0,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX contact_verifications_user_idx ON contact_verifications (user_id, channel, created_at DESC)`);
    await q.query(`CREATE UNIQUE INDEX contact_verifications_secret_key ON contact_verifications (secret_hash)`);
    await q.query(`ALTER TABLE outbox_messages ADD COLUMN purpose text`);
    await q.query(`
      CREATE TABLE rate_events (
        id bigserial PRIMARY KEY,
        bucket text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX rate_events_bucket_idx ON rate_events (bucket, at)`);
    await q.query(`ALTER TABLE login_failures ADD COLUMN device_id text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE login_failures DROP COLUMN device_id`);
    await q.query(`DROP TABLE rate_events`);
    await q.query(`ALTER TABLE outbox_messages DROP COLUMN purpose`);
    await q.query(`DROP TABLE contact_verifications`);
    await q.query(`DROP INDEX users_verified_phone_key`);
    await q.query(`ALTER TABLE users DROP COLUMN phone_verified_at, DROP COLUMN email_verified_at`);
  }
}
