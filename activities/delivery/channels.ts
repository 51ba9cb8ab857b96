import { ApplicationFailure } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import type { Config } from '../../api/config';
import { isKnownPushService } from '../../api/contracts/push-endpoint';
import { storeInOutbox } from '../../api/outbox/dev-outbox';
import { vapidKeys } from '../../api/notifications/vapid';
import type { AttemptIdentity } from './attempts';
import { sendEmailViaSendGrid } from './email-sendgrid';
import { isPermanent, noAddress, permanentFailure, transientFailure } from './failures';
import { messageLanguage, type MessageLanguage } from './language';
import { sendToOutbox } from './outbox';
import { sendWebPush, type StoredPushSubscription } from './push-webpush';
import { sendSmsViaTwilio } from './sms-twilio';

/*
 * One written message to one person on one channel, through the configured provider or,
 * without credentials, the dev outbox. Whatever the message is about, a missing address
 * is NoAddressForChannel and the workflow tries the person's next channel.
 */

type Target = Pick<AttemptIdentity, 'idempotencyKey' | 'userId' | 'familyId'>;
type Sent = Promise<{ providerMessageId: string | null }>;

/** Only verified addresses: one that was merely typed in may be someone else's (null then, like a missing one). */
export interface Addresses {
  email: string | null;
  phone: string | null;
  /** Read with the addresses, at send time: a language changed after the reminder was scheduled applies. */
  language: MessageLanguage;
}

/** The columns of `users` (as `u`) that `addressesFrom` reads: a read that needs more can join them in. */
export const ADDRESS_COLUMNS = `CASE WHEN u.email_verified_at IS NOT NULL THEN u.email END AS email,
            CASE WHEN u.phone_verified_at IS NOT NULL THEN u.phone END AS phone, u.language`;

export type AddressColumns = Omit<Addresses, 'language'> & { language: string | null };

/** The addresses from a row read with ADDRESS_COLUMNS; no row (the person was deleted) is no address. */
export function addressesFrom(row: AddressColumns | undefined, userId: string): Addresses {
  if (!row) throw noAddress(`user ${userId} no longer exists`);
  return { email: row.email, phone: row.phone, language: messageLanguage(row.language) };
}

export async function addressesOf(db: DataSource, userId: string): Promise<Addresses> {
  const users = (await db.query(`SELECT ${ADDRESS_COLUMNS} FROM users u WHERE u.id = $1`, [userId])) as AddressColumns[];
  return addressesFrom(users[0], userId);
}

export async function sendEmail(db: DataSource, config: Config, t: Target, to: string | null, m: { subject: string; text: string; link: string | null }): Sent {
  if (!to) throw noAddress(`user ${t.userId} has no verified email address`);
  const email = config.delivery.email;
  if (email.provider === 'sendgrid') return sendEmailViaSendGrid(email, { to, subject: m.subject, text: m.text, idempotencyKey: t.idempotencyKey });
  return sendToOutbox(db, { idempotencyKey: t.idempotencyKey, channel: 'email', toAddress: to, userId: t.userId, familyId: t.familyId, subject: m.subject, body: m.text, link: m.link });
}

export async function sendSms(db: DataSource, config: Config, t: Target, phone: string | null, body: string): Sent {
  if (!phone) throw noAddress(`user ${t.userId} has no verified phone number`);
  const sms = config.delivery.sms;
  if (sms.provider === 'twilio') return sendSmsViaTwilio(sms, { to: phone, body });
  return sendToOutbox(db, { idempotencyKey: t.idempotencyKey, channel: 'sms', toAddress: phone, userId: t.userId, familyId: t.familyId, body });
}

/**
 * Checked before the payload is written, so a person without a device costs no answer token.
 * Subscriptions saved before the API checked endpoints may name any address: the worker
 * never POSTs to one that is not a known push service (it could be an internal host).
 */
export async function pushSubscriptionsOf(db: DataSource, config: Config, userId: string): Promise<StoredPushSubscription[]> {
  const stored = (await db.query('SELECT id, endpoint, p256dh, auth FROM push_subscriptions WHERE user_id = $1 ORDER BY created_at', [userId])) as StoredPushSubscription[];
  const subs = stored.filter((s) => isKnownPushService(s.endpoint) || isTestPushService(config, s.endpoint));
  if (subs.length === 0) throw noAddress(`user ${userId} has no push subscription to a known push service`);
  return subs;
}

function isTestPushService(config: Config, endpoint: string): boolean {
  if (config.env === 'production') return false;
  const origin = URL.canParse(endpoint) ? new URL(endpoint).origin : null;
  return origin !== null && config.delivery.push.testServiceOrigins.includes(origin);
}

export interface PushMessage {
  /** Sent end-to-end encrypted; the service worker (web/public/sw.js) reads it. */
  payload: object;
  urgency: 'routine' | 'urgent' | 'emergency';
  /** What the dev outbox page shows of it. */
  outboxCopy: { subject: string; body: string; link: string | null };
}

export async function sendPush(db: DataSource, config: Config, t: Target, subs: StoredPushSubscription[], m: PushMessage): Sent {
  if (config.delivery.push.copyToOutbox) {
    // Dev mode: the outbox page shows pushes too; the real push below still goes out.
    await storeInOutbox(db, { idempotencyKey: t.idempotencyKey, channel: 'push', toAddress: `${subs.length} device(s)`, userId: t.userId, familyId: t.familyId, ...m.outboxCopy });
  }
  const keys = await vapidKeys(db, config);
  const vapid = { subject: config.delivery.push.subject, ...keys };
  // An alert that arrives an hour late is worse than none: the chain has moved on by then.
  const options = m.urgency === 'routine' ? { ttlSeconds: 6 * 3600, urgency: 'normal' as const } : { ttlSeconds: 15 * 60, urgency: 'high' as const };

  const accepted: string[] = [];
  let failure: unknown = null;
  for (const sub of subs) {
    try {
      const result = await sendWebPush(vapid, sub, JSON.stringify(m.payload), options);
      if (result.outcome === 'gone') {
        // The browser unsubscribed or the push service expired it: it can never receive again.
        await db.query('DELETE FROM push_subscriptions WHERE id = $1', [sub.id]);
      } else {
        accepted.push(result.providerMessageId ?? sub.id);
      }
    } catch (err) {
      const generic = genericPushFailure(sub.id, err);
      // Keep a transient failure over a permanent one: retrying may still reach that device.
      if (failure === null || isPermanent(failure)) failure = generic;
    }
  }
  // Reaching one of the person's devices is enough; the others are not retried.
  if (accepted.length > 0) return { providerMessageId: accepted[0]! };
  if (failure) throw failure;
  throw permanentFailure(`user ${t.userId}: every push subscription is gone`);
}

/**
 * What a push failure may say on the family timeline: whether it will be retried, never a
 * network error code or a status, which would tell a caller what answers at an address.
 * A server-given retry delay is kept; it is a number, not a detail.
 */
function genericPushFailure(subscriptionId: string, err: unknown): unknown {
  if (isPermanent(err)) return permanentFailure(`push subscription ${subscriptionId}: refused by the push service`);
  const delay = err instanceof ApplicationFailure ? err.nextRetryDelay : undefined;
  return transientFailure(`push subscription ${subscriptionId}: push service unavailable`, typeof delay === 'number' ? delay : null);
}
