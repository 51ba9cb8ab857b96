import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Notification preferences, push subscriptions, escalation policies, escalations with their timeline, and every delivery attempt. */
export class EscalationDelivery1732400000000 implements MigrationInterface {
  name = 'EscalationDelivery1732400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE app_secrets (
        name text PRIMARY KEY,
        value jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE notification_preferences (
        user_id uuid PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
        channels text[] NOT NULL,
        quiet_start text,
        quiet_end text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (channels <@ ARRAY['push', 'sms', 'email']::text[]),
        CHECK ((quiet_start IS NULL) = (quiet_end IS NULL))
      )`);
    await q.query(`
      CREATE TABLE push_subscriptions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        endpoint text NOT NULL UNIQUE,
        p256dh text NOT NULL,
        auth text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX push_subscriptions_user_idx ON push_subscriptions (user_id)`);
    await q.query(`
      CREATE TABLE escalation_policies (
        care_recipient_id uuid PRIMARY KEY REFERENCES care_recipients(id) ON DELETE CASCADE,
        family_id uuid NOT NULL REFERENCES families(id) ON DELETE CASCADE,
        steps jsonb NOT NULL,
        repeat integer NOT NULL CHECK (repeat BETWEEN 1 AND 10),
        updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE escalations (
        id uuid PRIMARY KEY,
        family_id uuid NOT NULL REFERENCES families(id) ON DELETE CASCADE,
        care_recipient_id uuid REFERENCES care_recipients(id) ON DELETE SET NULL,
        kind text NOT NULL CHECK (kind IN ('medication', 'appointment', 'shift', 'emergency', 'test')),
        urgency text NOT NULL CHECK (urgency IN ('urgent', 'emergency')),
        status text NOT NULL CHECK (status IN ('active', 'claimed', 'acknowledged', 'resolved', 'unreached', 'cancelled')),
        ack_code text NOT NULL,
        note text,
        started_by uuid REFERENCES users(id) ON DELETE SET NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        round integer NOT NULL DEFAULT 0,
        step integer NOT NULL DEFAULT 0,
        answered_by uuid REFERENCES users(id) ON DELETE SET NULL,
        answered_via text,
        answered_at timestamptz,
        claim_until timestamptz,
        resolution_note text,
        finished_at timestamptz
      )`);
    await q.query(`CREATE INDEX escalations_family_idx ON escalations (family_id, started_at DESC)`);
    // An SMS reply names its escalation by this short code; it must be unambiguous while the escalation is open.
    await q.query(`CREATE UNIQUE INDEX escalations_open_code_idx ON escalations (ack_code) WHERE status IN ('active', 'claimed')`);
    await q.query(`
      CREATE TABLE escalation_events (
        id bigserial PRIMARY KEY,
        escalation_id uuid NOT NULL REFERENCES escalations(id) ON DELETE CASCADE,
        family_id uuid NOT NULL REFERENCES families(id) ON DELETE CASCADE,
        at timestamptz NOT NULL DEFAULT now(),
        type text NOT NULL,
        round integer,
        step integer,
        user_id uuid REFERENCES users(id) ON DELETE SET NULL,
        channel text,
        detail jsonb NOT NULL DEFAULT '{}'::jsonb,
        dedupe_key text UNIQUE
      )`);
    await q.query(`CREATE INDEX escalation_events_escalation_idx ON escalation_events (escalation_id, id)`);
    await q.query(`
      CREATE TABLE delivery_attempts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        idempotency_key text NOT NULL UNIQUE,
        family_id uuid REFERENCES families(id) ON DELETE CASCADE,
        escalation_id uuid REFERENCES escalations(id) ON DELETE CASCADE,
        user_id uuid REFERENCES users(id) ON DELETE SET NULL,
        channel text NOT NULL CHECK (channel IN ('push', 'sms', 'email')),
        provider text NOT NULL,
        status text NOT NULL CHECK (status IN ('sending', 'sent', 'failed_transient', 'failed_permanent')),
        provider_message_id text,
        error text,
        tries integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX delivery_attempts_family_idx ON delivery_attempts (family_id, created_at DESC)`);
    await q.query(`
      CREATE TABLE used_answer_tokens (
        jti text PRIMARY KEY,
        used_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE inbound_webhooks (
        provider text NOT NULL,
        message_id text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (provider, message_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'inbound_webhooks',
      'used_answer_tokens',
      'delivery_attempts',
      'escalation_events',
      'escalations',
      'escalation_policies',
      'push_subscriptions',
      'notification_preferences',
      'app_secrets',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
