import type { DataSource } from 'typeorm';
import type { Config } from '../../api/config';
import { storeInOutbox } from '../../api/outbox/dev-outbox';
import { vapidKeys } from '../../api/notifications/vapid';
import type { AttemptIdentity } from './attempts';
import { sendEmailViaSendGrid } from './email-sendgrid';
import { isPermanent, noAddress, permanentFailure } from './failures';
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

export interface Addresses {
  email: string;
  phone: string | null;
}

export async function addressesOf(db: DataSource, userId: string): Promise<Addresses> {
  const users = (await db.query('SELECT email, phone FROM users WHERE id = $1', [userId])) as Addresses[];
  if (!users[0]) throw noAddress(`user ${userId} no longer exists`);
  return users[0];
}

export async function sendEmail(db: DataSource, config: Config, t: Target, to: string, m: { subject: string; text: string; link: string | null }): Sent {
  const email = config.delivery.email;
  if (email.provider === 'sendgrid') return sendEmailViaSendGrid(email, { to, subject: m.subject, text: m.text, idempotencyKey: t.idempotencyKey });
  return sendToOutbox(db, { idempotencyKey: t.idempotencyKey, channel: 'email', toAddress: to, userId: t.userId, familyId: t.familyId, subject: m.subject, body: m.text, link: m.link });
}

export async function sendSms(db: DataSource, config: Config, t: Target, phone: string | null, body: string): Sent {
  if (!phone) throw noAddress(`user ${t.userId} has no phone number`);
  const sms = config.delivery.sms;
  if (sms.provider === 'twilio') return sendSmsViaTwilio(sms, { to: phone, body });
  return sendToOutbox(db, { idempotencyKey: t.idempotencyKey, channel: 'sms', toAddress: phone, userId: t.userId, familyId: t.familyId, body });
}

/** Checked before the payload is written, so a person without a device costs no answer token. */
export async function pushSubscriptionsOf(db: DataSource, userId: string): Promise<StoredPushSubscription[]> {
  const subs = (await db.query('SELECT id, endpoint, p256dh, auth FROM push_subscriptions WHERE user_id = $1 ORDER BY created_at', [userId])) as StoredPushSubscription[];
  if (subs.length === 0) throw noAddress(`user ${userId} has no push subscription`);
  return subs;
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
      // Keep a transient failure over a permanent one: retrying may still reach that device.
      if (failure === null || isPermanent(failure)) failure = err;
    }
  }
  // Reaching one of the person's devices is enough; the others are not retried.
  if (accepted.length > 0) return { providerMessageId: accepted[0]! };
  if (failure) throw failure;
  throw permanentFailure(`user ${t.userId}: every push subscription is gone`);
}
