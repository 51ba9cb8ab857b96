import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { rateLimited } from '../http/errors';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface RateLimit {
  max: number;
  windowMs: number;
  /** What the caller reads in the 429. */
  message: string;
}

/**
 * Every request that makes the app send an email or an SMS is counted, so nobody can
 * flood an inbox or a family's phones. Counted in PostgreSQL so all API replicas share it.
 */
export const LIMITS = {
  signupPerIp: { max: 10, windowMs: HOUR, message: 'Too many accounts were created from this network. Try again later.' },
  verificationPerUser: { max: 5, windowMs: HOUR, message: 'Too many verification messages were sent. Try again later.' },
  /** Per phone number or email address, whichever account asks: one victim's phone cannot be flooded from many accounts. */
  verificationPerAddress: { max: 5, windowMs: HOUR, message: 'Too many verification messages went to this address. Try again later.' },
  invitationsPerFamily: { max: 20, windowMs: HOUR, message: 'This family sent too many invitations. Try again later.' },
  invitationsPerAddress: { max: 5, windowMs: HOUR, message: 'This address was invited too often. Try again later.' },
  // Generous: a real emergency must get through; only a loop or a prank is stopped.
  emergenciesPerFamily: { max: 5, windowMs: 15 * MINUTE, message: 'Several emergencies were raised a moment ago. If you need help, call emergency services directly.' },
} satisfies Record<string, RateLimit>;

/**
 * Counts one event in each bucket, or refuses with 429 and Retry-After (when the oldest event
 * in the window leaves it) if any bucket is full. A refused request counts in none of them,
 * so a caller who waits as told gets through, and one full bucket does not drain another.
 */
export async function takeRateTokens(
  ds: DataSource,
  config: Config,
  buckets: { bucket: string; limit: RateLimit }[],
  now = new Date(),
): Promise<void> {
  // Locked in one order, so two requests sharing buckets cannot deadlock.
  const sorted = [...buckets].sort((a, b) => a.bucket.localeCompare(b.bucket));
  await ds.transaction(async (m) => {
    for (const { bucket, limit } of sorted) {
      // Two requests at once must not both see room for one more.
      await m.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`rate:${bucket}`]);
      await m.query('DELETE FROM rate_events WHERE bucket = $1 AND at <= $2', [bucket, new Date(now.getTime() - limit.windowMs)]);
      const [row] = (await m.query('SELECT count(*)::int AS n, min(at) AS oldest FROM rate_events WHERE bucket = $1', [bucket])) as {
        n: number;
        oldest: Date | null;
      }[];
      if (row && row.n >= Math.max(1, Math.floor(limit.max * config.rateLimitMultiplier))) {
        const freeAt = (row.oldest ?? now).getTime() + limit.windowMs;
        throw rateLimited(limit.message, Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000)));
      }
    }
    for (const { bucket } of sorted) await m.query('INSERT INTO rate_events (bucket, at) VALUES ($1, $2)', [bucket, now]);
  });
}

export const takeRateToken = (ds: DataSource, config: Config, bucket: string, limit: RateLimit, now = new Date()) =>
  takeRateTokens(ds, config, [{ bucket, limit }], now);
