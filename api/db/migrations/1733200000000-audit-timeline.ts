import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An append-only audit trail of health-data access (HIPAA §164.312(b)), membership events for
 * the family timeline, and the indexes the timeline's one query per page walks.
 */
export class AuditTimeline1733200000000 implements MigrationInterface {
  name = 'AuditTimeline1733200000000';

  async up(q: QueryRunner): Promise<void> {
    // No foreign keys: the trail must outlive the family, the user and the record it names
    // (a cascade would also be a DELETE, which the trigger below refuses).
    await q.query(`
      CREATE TABLE audit_events (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        family_id uuid,
        user_id uuid,
        action text NOT NULL CHECK (action IN ('read', 'create', 'update', 'delete', 'answer')),
        resource_type text NOT NULL,
        resource_id text,
        outcome text NOT NULL CHECK (outcome IN ('allowed', 'denied')),
        via text NOT NULL CHECK (via IN ('api', 'ws', 'sms', 'answer_link')),
        operation text NOT NULL,
        ip text,
        user_agent text CHECK (length(user_agent) <= 200)
      )`);
    await q.query(`CREATE INDEX audit_events_family_idx ON audit_events (family_id, id DESC)`);
    await q.query(`CREATE INDEX audit_events_at_idx ON audit_events (at)`);
    // The application connects as the table's owner, so REVOKE cannot hold it back; a trigger
    // can. Only purge_expired_audit_events() may delete, and only rows past retention.
    await q.query(`
      CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE'
           AND current_setting('carecircle.audit_purge', true) = 'on'
           AND OLD.at < now() - interval '6 years' THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events
        FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
        FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`);
    await q.query(`
      CREATE FUNCTION purge_expired_audit_events() RETURNS bigint LANGUAGE plpgsql AS $$
      DECLARE purged bigint;
      BEGIN
        PERFORM set_config('carecircle.audit_purge', 'on', true);
        DELETE FROM audit_events WHERE at < now() - interval '6 years';
        GET DIAGNOSTICS purged = ROW_COUNT;
        PERFORM set_config('carecircle.audit_purge', 'off', true);
        RETURN purged;
      END $$`);
    // The app can call the purge but never reach a row younger than the retention period.
    await q.query(`REVOKE ALL ON FUNCTION purge_expired_audit_events() FROM PUBLIC`);

    await q.query(`
      CREATE TABLE membership_events (
        id bigserial PRIMARY KEY,
        family_id uuid NOT NULL REFERENCES families(id) ON DELETE CASCADE,
        user_id uuid REFERENCES users(id) ON DELETE SET NULL,
        actor_id uuid REFERENCES users(id) ON DELETE SET NULL,
        type text NOT NULL CHECK (type IN ('joined', 'left', 'removed', 'role_changed')),
        role text CHECK (role IN ('admin', 'caregiver', 'viewer')),
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX membership_events_family_idx ON membership_events (family_id, at DESC, id DESC)`);
    // Joins before this migration are known only from the membership rows themselves (with today's role);
    // earlier leaves and role changes were never recorded.
    await q.query(`
      INSERT INTO membership_events (family_id, user_id, actor_id, type, role, at)
      SELECT family_id, user_id, user_id, 'joined', role, created_at FROM memberships ORDER BY created_at`);

    await q.query(`CREATE INDEX escalation_events_family_at_idx ON escalation_events (family_id, at DESC, id DESC)`);
    await q.query(`CREATE INDEX dose_records_answered_idx ON dose_records (schedule_id, answered_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX dose_records_answered_idx`);
    await q.query(`DROP INDEX escalation_events_family_at_idx`);
    await q.query(`DROP TABLE membership_events`);
    await q.query(`DROP FUNCTION purge_expired_audit_events()`);
    await q.query(`DROP TABLE audit_events`);
    await q.query(`DROP FUNCTION audit_events_append_only()`);
  }
}
