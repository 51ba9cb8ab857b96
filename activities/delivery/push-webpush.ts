import webpush, { WebPushError } from 'web-push';
import { failureForStatus, networkFailure, retryAfterMs } from './failures';

export interface StoredPushSubscription {
  id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
}

export interface VapidDetails {
  subject: string;
  publicKey: string;
  privateKey: string;
}

export interface PushOptions {
  /** How long the push service keeps it for an offline device; after that it is dropped. */
  ttlSeconds: number;
  /** RFC 8030 Urgency: a phone in battery saving still wakes up for `high`. */
  urgency: 'high' | 'normal';
}

/** `gone`: the push service says this subscription no longer exists (404/410); delete it. */
export type PushOutcome = { outcome: 'sent'; providerMessageId: string | null } | { outcome: 'gone' };

/**
 * One encrypted message (RFC 8291, aes128gcm) to one browser subscription, signed with
 * our VAPID key (RFC 8292). Web push has no idempotency key: a retry after an accepted
 * but unrecorded send delivers the notification again.
 */
export async function sendWebPush(vapid: VapidDetails, sub: StoredPushSubscription, payload: string, options: PushOptions): Promise<PushOutcome> {
  try {
    const result = await webpush.sendNotification({ endpoint: sub.endpoint, keys: { p256dh: sub.p256dh, auth: sub.auth } }, payload, {
      vapidDetails: vapid,
      TTL: options.ttlSeconds,
      urgency: options.urgency,
      contentEncoding: 'aes128gcm',
      timeout: 5_000,
    });
    // The push service names the message it accepted in Location (RFC 8030 §5).
    const location = result.headers.location as string | undefined;
    return { outcome: 'sent', providerMessageId: location ?? null };
  } catch (err) {
    if (!(err instanceof WebPushError)) throw networkFailure(`push subscription ${sub.id}`, err);
    if (err.statusCode === 404 || err.statusCode === 410) return { outcome: 'gone' };
    throw failureForStatus(`push subscription ${sub.id}`, err.statusCode, retryAfterMs(err.headers['retry-after']));
  }
}
