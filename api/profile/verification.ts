import { randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { User } from '../db/entities/user';
import type { AppDeps } from '../deps';
import { conflict, badRequest, notFound } from '../http/errors';
import { hashToken, newToken } from '../auth/tokens';
import { LIMITS, takeRateTokens } from '../auth/rate-limits';
import { sendVerificationMessage } from './verification-messages';
import { verificationTexts } from './verification-texts';
import { messageLanguage } from '../../activities/delivery/language';

/*
 * Proving an address: a link for email, a 6-digit SMS code for a phone. Only hashes are
 * stored; each secret works once, expires, and is tied to the address it was sent to, so
 * changing the phone in between leaves the old code useless.
 */

const EMAIL_LINK_TTL_MS = 24 * 3_600_000;
const PHONE_CODE_TTL_MS = 10 * 60_000;
/** Five guesses at one million codes: a stranger's chance is 1 in 200,000 per code sent (and sends are limited). */
export const MAX_CODE_ATTEMPTS = 5;

async function countSend(deps: AppDeps, userId: string, channel: 'email' | 'sms', address: string) {
  await takeRateTokens(deps.dataSource, deps.config, [
    { bucket: `verify:user:${userId}:${channel}`, limit: LIMITS.verificationPerUser },
    { bucket: `verify:address:${address}`, limit: LIMITS.verificationPerAddress },
  ]);
}

export async function sendEmailVerification(deps: AppDeps, user: Pick<User, 'id' | 'email' | 'language'>): Promise<void> {
  const words = verificationTexts[messageLanguage(user.language)];
  await countSend(deps, user.id, 'email', user.email);
  const { token, hash } = newToken();
  const [row] = (await deps.dataSource.query(
    `INSERT INTO contact_verifications (user_id, channel, address, secret_hash, expires_at) VALUES ($1, 'email', $2, $3, $4) RETURNING id`,
    [user.id, user.email, hash, new Date(Date.now() + EMAIL_LINK_TTL_MS)],
  )) as { id: string }[];
  await sendVerificationMessage(deps, {
    channel: 'email',
    key: `verification:${row!.id}`,
    userId: user.id,
    to: user.email,
    subject: words.emailSubject,
    body: words.emailBody,
    link: `${deps.config.appBaseUrl}/verify-email?token=${encodeURIComponent(token)}`,
  });
}

/** The link's token proves the mailbox; no login is needed (it may be opened on another device). */
export async function confirmEmail(deps: AppDeps, token: string): Promise<void> {
  const confirmed = await deps.dataSource.transaction(async (m) => {
    const [rows]: [{ user_id: string; address: string }[], number] = await m.query(
      `UPDATE contact_verifications SET used_at = now()
        WHERE secret_hash = $1 AND channel = 'email' AND used_at IS NULL AND expires_at > now()
        RETURNING user_id, address`,
      [hashToken(token)],
    );
    const hit = rows[0];
    if (!hit) return false;
    await m.query(`UPDATE users SET email_verified_at = coalesce(email_verified_at, now()) WHERE id = $1 AND email = $2`, [hit.user_id, hit.address]);
    return true;
  });
  if (!confirmed) throw notFound('This verification link (it may have expired or been used already)');
}

/** `language`: the account's, or the one being saved with the new number. */
export async function sendPhoneCode(deps: AppDeps, userId: string, phone: string, language: string | null): Promise<void> {
  await countSend(deps, userId, 'sms', phone);
  const id = randomUUID();
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await deps.dataSource.transaction(async (m) => {
    // Only the newest code works: an older one may have been seen by someone else.
    await m.query(`UPDATE contact_verifications SET used_at = now() WHERE user_id = $1 AND channel = 'sms' AND used_at IS NULL`, [userId]);
    await m.query(
      `INSERT INTO contact_verifications (id, user_id, channel, address, secret_hash, expires_at) VALUES ($1, $2, 'sms', $3, $4, $5)`,
      [id, userId, phone, codeHash(id, code), new Date(Date.now() + PHONE_CODE_TTL_MS)],
    );
  });
  await sendVerificationMessage(deps, {
    channel: 'sms',
    key: `verification:${id}`,
    userId,
    to: phone,
    body: verificationTexts[messageLanguage(language)].smsCode(code),
  });
}

const codeHash = (id: string, code: string) => hashToken(`${id}:${code}`);

/**
 * The code sent to the account's current phone. Each guess is counted before it is checked;
 * the fifth wrong one spends the code. On success the number is this account's alone: an
 * account that had verified it before loses it (the number changed hands).
 */
export async function confirmPhone(deps: AppDeps, user: User, code: string): Promise<void> {
  const [rows]: [{ id: string; address: string; secret_hash: string; attempts: number }[], number] = await deps.dataSource.query(
    `UPDATE contact_verifications SET attempts = attempts + 1,
            used_at = CASE WHEN attempts + 1 >= $2 THEN now() ELSE NULL END
      WHERE id = (SELECT id FROM contact_verifications
                   WHERE user_id = $1 AND channel = 'sms' AND used_at IS NULL AND expires_at > now()
                   ORDER BY created_at DESC LIMIT 1)
      RETURNING id, address, secret_hash, attempts`,
    [user.id, MAX_CODE_ATTEMPTS],
  );
  const pending = rows[0];
  if (!pending || pending.address !== user.phone) throw conflict('No code is waiting for this phone number. Ask for a new code.');
  const given = Buffer.from(codeHash(pending.id, code), 'hex');
  if (!timingSafeEqual(given, Buffer.from(pending.secret_hash, 'hex'))) {
    const left = MAX_CODE_ATTEMPTS - pending.attempts;
    throw badRequest(left > 0 ? `That code is not right. ${left} ${left === 1 ? 'try' : 'tries'} left.` : 'That code is not right, and it no longer works. Ask for a new code.', [
      { path: 'code', message: 'does not match the code we sent' },
    ]);
  }
  try {
    await deps.dataSource.transaction(async (m) => {
      await m.query(`UPDATE contact_verifications SET used_at = now() WHERE id = $1`, [pending.id]);
      await m.query(`UPDATE users SET phone = NULL, phone_verified_at = NULL WHERE phone = $1 AND phone_verified_at IS NOT NULL AND id <> $2`, [
        pending.address,
        user.id,
      ]);
      await m.query(`UPDATE users SET phone_verified_at = now() WHERE id = $1 AND phone = $2`, [user.id, pending.address]);
    });
  } catch (err) {
    // Another account proved the same number in the same instant (users_verified_phone_key): one of them wins.
    if ((err as { code?: string }).code === '23505') throw conflict('This number was verified by another account a moment ago. Ask for a new code.');
    throw err;
  }
}
