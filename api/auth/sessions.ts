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
 * The user behind a session token, or undefined when it is unknown, revoked, past its
 * absolute expiry or idle for longer than allowed. A valid use slides the idle window.
 */
export async function resolveSession(ds: DataSource, token: string, config: Config, now = new Date()): Promise<User | undefined> {
  const idleCutoff = new Date(now.getTime() - config.sessions.idleMs);
  // TypeORM answers an UPDATE … RETURNING with [rows, affectedCount].
  const [rows]: [{ user_id: string }[], number] = await ds.query(
    `UPDATE sessions SET last_seen_at = $2
      WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2 AND last_seen_at > $3
      RETURNING user_id`,
    [hashToken(token), now, idleCutoff],
  );
  const userId = rows[0]?.user_id;
  if (!userId) return undefined;
  return (await ds.getRepository(UserEntity).findOneBy({ id: userId })) ?? undefined;
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
