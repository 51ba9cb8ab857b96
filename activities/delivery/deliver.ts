import type { DataSource } from 'typeorm';
import type { Config } from '../../api/config';
import { answerSigningKey, signAnswerToken } from '../../api/answers/tokens';
import { presentDeliveryRow } from '../../api/escalations/presenters';
import { publishFamilyEvent, type Queryable } from '../../api/events/publisher';
import { storeInOutbox } from '../../api/outbox/dev-outbox';
import { vapidKeys } from '../../api/notifications/vapid';
import type { DeliveryRequest, DeliveryResult } from '../escalation/types';
import { sendEmailViaSendGrid } from './email-sendgrid';
import { isPermanent, noAddress, permanentFailure } from './failures';
import { emailText, smsText, writeMessage, type EscalationContext } from './messages';
import { sendToOutbox } from './outbox';
import { sendWebPush, type StoredPushSubscription } from './push-webpush';
import { sendSmsViaTwilio } from './sms-twilio';

export interface DeliveryDeps {
  dataSource: DataSource;
  config: Config;
}

/** An answer link or push action works for a day; after that the person answers in the app. */
const ANSWER_TOKEN_TTL_S = 24 * 3600;

/**
 * `deliver` sends one message and records the attempt. Idempotency lives in
 * delivery_attempts: the first call with a key inserts the row, every call bumps `tries`,
 * and once a row is `sent` later calls return `duplicate` without sending.
 *
 * The crash window: the provider call and our `sent` update are two systems, so if the
 * worker dies after the provider accepted the message but before the row says `sent`,
 * Temporal's retry sends it once more. SendGrid, Twilio and web push take no
 * idempotency key of their own (SendGrid's custom_args only trace), so nothing on their
 * side catches that duplicate. We accept one possible repeat over a possibly lost alert.
 */
export function deliveryActivities({ dataSource, config }: DeliveryDeps) {
  return {
    async deliver(req: DeliveryRequest): Promise<DeliveryResult> {
      const provider = providerFor(config, req.channel);
      const claim = await claimAttempt(dataSource, req, provider);
      if (claim.duplicate) return { status: 'duplicate', provider: claim.row.provider, providerMessageId: claim.row.provider_message_id };
      try {
        const { providerMessageId } = await send(dataSource, config, req);
        await finishAttempt(dataSource, req, 'sent', providerMessageId, null);
        return { status: 'sent', provider, providerMessageId };
      } catch (err) {
        await finishAttempt(dataSource, req, isPermanent(err) ? 'failed_permanent' : 'failed_transient', null, (err as Error).message);
        throw err;
      }
    },
  };
}

function providerFor(config: Config, channel: DeliveryRequest['channel']): string {
  switch (channel) {
    case 'email':
      return config.delivery.email.provider;
    case 'sms':
      return config.delivery.sms.provider;
    case 'push':
      return config.delivery.push.provider;
  }
}

type AttemptRow = Record<string, any>;

async function claimAttempt(db: DataSource, req: DeliveryRequest, provider: string): Promise<{ duplicate: boolean; row: AttemptRow }> {
  try {
    await db.query(
      `INSERT INTO delivery_attempts (idempotency_key, family_id, escalation_id, user_id, channel, provider, status)
       VALUES ($1, $2, $3, $4, $5, $6, 'sending') ON CONFLICT (idempotency_key) DO NOTHING`,
      [req.idempotencyKey, req.familyId, req.escalationId, req.userId, req.channel, provider],
    );
  } catch (err) {
    // The family, escalation or person was deleted meanwhile: there is nobody left to tell.
    if ((err as { code?: string }).code === '23503') throw permanentFailure(`escalation ${req.escalationId}: family, escalation or user no longer exists`);
    throw err;
  }
  // TypeORM's postgres driver answers an UPDATE with [rows, affectedCount].
  const [rows] = (await db.query(
    `UPDATE delivery_attempts SET tries = tries + 1, status = 'sending', provider = $2, error = NULL, updated_at = now()
      WHERE idempotency_key = $1 AND status <> 'sent' RETURNING *`,
    [req.idempotencyKey, provider],
  )) as [AttemptRow[], number];
  if (rows[0]) return { duplicate: false, row: rows[0] };
  const sent = (await db.query('SELECT * FROM delivery_attempts WHERE idempotency_key = $1', [req.idempotencyKey])) as AttemptRow[];
  return { duplicate: true, row: sent[0]! };
}

async function finishAttempt(db: DataSource, req: DeliveryRequest, status: string, providerMessageId: string | null, error: string | null) {
  const [rows] = (await db.query(
    `UPDATE delivery_attempts SET status = $2, provider_message_id = $3, error = $4, updated_at = now()
      WHERE idempotency_key = $1 RETURNING *`,
    [req.idempotencyKey, status, providerMessageId, error?.slice(0, 500) ?? null],
  )) as [AttemptRow[], number];
  if (rows[0]) await publishFamilyEvent(db, req.familyId, { type: 'delivery.changed', delivery: presentDeliveryRow(rows[0]) });
}

async function loadContext(db: Queryable, req: DeliveryRequest): Promise<EscalationContext> {
  const rows = (await db.query(
    `SELECT e.id, e.family_id, e.kind, e.ack_code, e.note, r.display_name AS recipient_name, s.display_name AS started_by_name
       FROM escalations e
       LEFT JOIN care_recipients r ON r.id = e.care_recipient_id
       LEFT JOIN users s ON s.id = e.started_by
      WHERE e.id = $1`,
    [req.escalationId],
  )) as Record<string, any>[];
  const e = rows[0];
  if (!e) throw permanentFailure(`escalation ${req.escalationId} no longer exists`);
  return {
    escalationId: e.id,
    familyId: e.family_id,
    kind: e.kind,
    ackCode: e.ack_code,
    note: e.note ?? null,
    recipientName: e.recipient_name ?? null,
    startedByName: e.started_by_name ?? null,
  };
}

async function answerToken(db: Queryable, c: EscalationContext, userId: string, channel: 'email' | 'push'): Promise<string> {
  const exp = Math.floor(Date.now() / 1000) + ANSWER_TOKEN_TTL_S;
  return signAnswerToken(await answerSigningKey(db), { escalationId: c.escalationId, familyId: c.familyId, userId, channel, exp });
}

async function send(db: DataSource, config: Config, req: DeliveryRequest): Promise<{ providerMessageId: string | null }> {
  const users = (await db.query('SELECT email, phone FROM users WHERE id = $1', [req.userId])) as { email: string; phone: string | null }[];
  const user = users[0];
  if (!user) throw noAddress(`user ${req.userId} no longer exists`);
  const c = await loadContext(db, req);
  // "Nobody answered" is news, not a question: it carries no answer link or reply code.
  const answerable = req.template !== 'unreached';

  switch (req.channel) {
    case 'email': {
      const link = answerable ? `${config.appBaseUrl}/answer?token=${await answerToken(db, c, req.userId, 'email')}` : null;
      const { subject, text } = emailText(req.template, c, link);
      const email = config.delivery.email;
      if (email.provider === 'sendgrid') return sendEmailViaSendGrid(email, { to: user.email, subject, text, idempotencyKey: req.idempotencyKey });
      return sendToOutbox(db, { idempotencyKey: req.idempotencyKey, channel: 'email', toAddress: user.email, userId: req.userId, familyId: req.familyId, subject, body: text, link });
    }
    case 'sms': {
      if (!user.phone) throw noAddress(`user ${req.userId} has no phone number`);
      const body = smsText(req.template, c);
      const sms = config.delivery.sms;
      if (sms.provider === 'twilio') return sendSmsViaTwilio(sms, { to: user.phone, body });
      return sendToOutbox(db, { idempotencyKey: req.idempotencyKey, channel: 'sms', toAddress: user.phone, userId: req.userId, familyId: req.familyId, body });
    }
    case 'push':
      return sendPush(db, config, req, c, answerable);
  }
}

async function sendPush(db: DataSource, config: Config, req: DeliveryRequest, c: EscalationContext, answerable: boolean) {
  const subs = (await db.query('SELECT id, endpoint, p256dh, auth FROM push_subscriptions WHERE user_id = $1 ORDER BY created_at', [req.userId])) as StoredPushSubscription[];
  if (subs.length === 0) throw noAddress(`user ${req.userId} has no push subscription`);
  const m = writeMessage(req.template, c);
  const token = answerable ? await answerToken(db, c, req.userId, 'push') : null;
  const payload = {
    title: m.title,
    body: m.body,
    escalationId: c.escalationId,
    familyId: c.familyId,
    actions: token ? [{ action: 'acknowledge', title: "I've got it" }] : [],
    ...(token ? { answerToken: token, answerUrl: `/api/answers/${token}` } : {}),
  };
  if (config.delivery.push.copyToOutbox) {
    // Dev mode: the outbox page shows pushes too; the real push below still goes out.
    const link = token ? `${config.appBaseUrl}/answer?token=${token}` : null;
    await storeInOutbox(db, { idempotencyKey: req.idempotencyKey, channel: 'push', toAddress: `${subs.length} device(s)`, userId: req.userId, familyId: req.familyId, subject: m.title, body: m.body, link });
  }
  const keys = await vapidKeys(db, config);
  const vapid = { subject: config.delivery.push.subject, ...keys };
  // An alert that arrives an hour late is worse than none: the chain has moved on by then.
  const options = req.urgency === 'routine' ? { ttlSeconds: 6 * 3600, urgency: 'normal' as const } : { ttlSeconds: 15 * 60, urgency: 'high' as const };

  const accepted: string[] = [];
  let failure: unknown = null;
  for (const sub of subs) {
    try {
      const result = await sendWebPush(vapid, sub, JSON.stringify(payload), options);
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
  throw permanentFailure(`user ${req.userId}: every push subscription is gone`);
}
