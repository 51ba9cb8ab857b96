import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { SessionEntity } from '../db/entities/session';
import { UserEntity, type User } from '../db/entities/user';
import { publishSessionsRevoked } from '../events/publisher';
import { hashToken, newToken } from './tokens';

export const SESSION_COOKIE = 'cc_session';

export async function createSession(ds: DataSource, userId: string, config: Config, now = new Date()): Promise<string> {
  const { token, hash } = newToken();
  await ds.getRepository(SessionEntity).insert({
    tokenHash: hash,
    userId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + config.sessions.absoluteMs),
    revokedAt: null,
  });
  return token;
}

/**
 * A valid use slides the idle window, but the stored time is moved only once it is older than
 * this share of the window: most requests then read the session without writing it (an idle
 * session expires at most 1/60 of the window early: 12 minutes of the default 12 hours).
 */
const TOUCH_SHARE = 1 / 60;

/**
 * The user behind a session token, or undefined when it is unknown, revoked, past its
 * absolute expiry or idle for longer than allowed. One statement: every request runs it.
 */
export async function resolveSession(ds: DataSource, token: string, config: Config, now = new Date()): Promise<User | undefined> {
  const idleCutoff = new Date(now.getTime() - config.sessions.idleMs);
  const touchBefore = new Date(now.getTime() - config.sessions.idleMs * TOUCH_SHARE);
  const rows: Record<string, unknown>[] = await ds.query(
    `WITH live AS (
       SELECT user_id FROM sessions
        WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2 AND last_seen_at > $3
     ), touched AS (
       UPDATE sessions SET last_seen_at = $2
        WHERE token_hash = $1 AND last_seen_at < $4 AND EXISTS (SELECT 1 FROM live)
     )
     SELECT users.* FROM users JOIN live ON live.user_id = users.id`,
    [hashToken(token), now, idleCutoff, touchBefore],
  );
  return rows[0] && fromRow(ds, rows[0]);
}

/** A users row as the entity TypeORM would have read: column names to property names. */
function fromRow(ds: DataSource, row: Record<string, unknown>): User {
  return Object.fromEntries(ds.getMetadata(UserEntity).columns.map((c) => [c.propertyName, row[c.databaseName]])) as unknown as User;
}

export async function revokeSession(ds: DataSource, token: string): Promise<void> {
  await ds.transaction(async (m) => {
    await m.query('UPDATE sessions SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL', [hashToken(token)]);
    await publishSessionsRevoked(m, { tokenHash: hashToken(token) });
  });
}

export async function revokeAllSessions(ds: DataSource, userId: string): Promise<void> {
  await ds.transaction(async (m) => {
    await m.query('UPDATE sessions SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [userId]);
    await publishSessionsRevoked(m, { userId });
  });
}
