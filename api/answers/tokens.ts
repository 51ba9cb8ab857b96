import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Queryable } from '../events/publisher';
import { getOrCreateSecret } from '../secrets';

/**
 * Who may answer which escalation from an email link or a push action, signed so the
 * link itself is the credential. Single use is enforced by recording `jti` when used.
 */
export interface AnswerClaims {
  escalationId: string;
  familyId: string;
  userId: string;
  channel: 'email' | 'push';
  /** Expiry, seconds since the epoch. */
  exp: number;
  jti: string;
}

/** ANSWER_SIGNING_SECRET if set (hex, ≥ 32 bytes), else one generated once and kept in app_secrets. */
export async function answerSigningKey(db: Queryable): Promise<Buffer> {
  const fromEnv = process.env.ANSWER_SIGNING_SECRET;
  if (fromEnv) return Buffer.from(fromEnv, 'hex');
  const hex = await getOrCreateSecret(db, 'answer-signing-key', () => randomBytes(32).toString('hex'));
  return Buffer.from(hex, 'hex');
}

const mac = (key: Buffer, body: string) => createHmac('sha256', key).update(body).digest();

export function signAnswerToken(key: Buffer, claims: Omit<AnswerClaims, 'jti'> & { jti?: string }): string {
  const body = Buffer.from(JSON.stringify({ ...claims, jti: claims.jti ?? randomBytes(12).toString('base64url') })).toString('base64url');
  return `${body}.${mac(key, body).toString('base64url')}`;
}

/** The claims if the signature is ours and the token has not expired; otherwise null. */
export function verifyAnswerToken(key: Buffer, token: string, nowMs = Date.now()): AnswerClaims | null {
  const [body, sig, extra] = token.split('.');
  if (!body || !sig || extra !== undefined) return null;
  const given = Buffer.from(sig, 'base64url');
  const expected = mac(key, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as AnswerClaims;
    return claims.exp * 1000 > nowMs ? claims : null;
  } catch {
    return null;
  }
}
