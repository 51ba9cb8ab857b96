import type { FamilyEvent } from '../contracts/ws';

/** The PostgreSQL channel every API replica LISTENs on; NOTIFY fans an event out to all of them. */
export const EVENTS_CHANNEL = 'carecircle_events';

export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

export interface FamilyEventEnvelope {
  familyId: string;
  event: FamilyEvent;
  at: string;
}

/**
 * Publishes through NOTIFY. Called with a transaction's manager, the event is delivered
 * only if that transaction commits, so subscribers never see a change that was rolled back.
 */
export async function publishFamilyEvent(db: Queryable, familyId: string, event: FamilyEvent): Promise<void> {
  const envelope: FamilyEventEnvelope = { familyId, event, at: new Date().toISOString() };
  await db.query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, JSON.stringify(envelope)]);
}

/** Revoked sessions: every replica closes the sockets opened with them. */
export const SESSIONS_CHANNEL = 'carecircle_sessions_revoked';

export type SessionsRevoked = { tokenHash: string } | { userId: string };

export async function publishSessionsRevoked(db: Queryable, revoked: SessionsRevoked): Promise<void> {
  await db.query('SELECT pg_notify($1, $2)', [SESSIONS_CHANNEL, JSON.stringify(revoked)]);
}
