import type { DataSource } from 'typeorm';
import type { Config } from '../../api/config';
import type { Channel } from '../../api/contracts/notifications';
import { presentDeliveryRow } from '../../api/escalations/presenters';
import { publishFamilyEvent } from '../../api/events/publisher';
import type { DeliveryResult } from '../escalation/types';
import { channelUnavailable, isPermanent, isProviderTransient, permanentFailure, PROVIDER_TRIES } from './failures';

/** What a delivery_attempts row says about one send: whom, how, and what it was about. */
export interface AttemptIdentity {
  idempotencyKey: string;
  familyId: string;
  userId: string;
  channel: Channel;
  /** Set for an escalation's alert; null for a medication reminder. */
  escalationId: string | null;
  /** Set for a medication reminder, so the attempt can be traced to its schedule and dose. */
  scheduleId: string | null;
  doseKey: string | null;
  /** Set for an appointment message: its series and occurrence. */
  appointmentSeriesId?: string | null;
  occurrenceKey?: string | null;
  /** Set for a shift message. */
  shiftId?: string | null;
}

export function providerFor(config: Config, channel: Channel): string {
  switch (channel) {
    case 'email':
      return config.delivery.email.provider;
    case 'sms':
      return config.delivery.sms.provider;
    case 'push':
      return config.delivery.push.provider;
  }
}

/**
 * Sends once per idempotency key and records the attempt. The first call with a key
 * inserts the row (and calls `firstClaim`), every call bumps `tries`, and once a row is
 * `sent` later calls return `duplicate` without calling `send`. `gone` is the failure
 * message when the family, the person or the thing the message is about was deleted meanwhile.
 *
 * The crash window: the provider call and our `sent` update are two systems, so if the
 * worker dies after the provider accepted the message but before the row says `sent`,
 * Temporal's retry sends it once more. SendGrid, Twilio and web push take no
 * idempotency key of their own (SendGrid's custom_args only trace), so nothing on their
 * side catches that duplicate. We accept one possible repeat over a possibly lost alert.
 */
export async function sendOnce(
  db: DataSource,
  config: Config,
  attempt: AttemptIdentity,
  gone: string,
  send: () => Promise<{ providerMessageId: string | null }>,
  firstClaim: () => void,
): Promise<DeliveryResult> {
  const provider = providerFor(config, attempt.channel);
  const claim = await claimAttempt(db, attempt, provider, gone);
  if (claim.duplicate) return { status: 'duplicate', provider: claim.row.provider, providerMessageId: claim.row.provider_message_id };
  if (Number(claim.row.tries) === 1) firstClaim();
  try {
    const { providerMessageId } = await send();
    await finishAttempt(db, attempt, 'sent', providerMessageId, null);
    return { status: 'sent', provider, providerMessageId };
  } catch (err) {
    await finishAttempt(db, attempt, isPermanent(err) ? 'failed_permanent' : 'failed_transient', null, (err as Error).message);
    // `tries` counts only the attempts that reached the provider (the claim needs the
    // database), so a database outage never uses up a channel.
    if (isProviderTransient(err) && Number(claim.row.tries) >= PROVIDER_TRIES) {
      throw channelUnavailable(`${attempt.channel} provider failed ${claim.row.tries} times in a row; giving way to the next channel`);
    }
    throw err;
  }
}

type AttemptRow = Record<string, any>;

/** Claims the attempt in one statement (a first try inserts it, a retry bumps it), unless it was already sent. */
async function claimAttempt(db: DataSource, a: AttemptIdentity, provider: string, gone: string): Promise<{ duplicate: boolean; row: AttemptRow }> {
  let rows: AttemptRow[];
  try {
    rows = (await db.query(
      `INSERT INTO delivery_attempts (idempotency_key, family_id, escalation_id, schedule_id, dose_key, user_id, channel, provider, status,
                                      appointment_series_id, occurrence_key, shift_id, tries)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'sending', $9, $10, $11, 1)
       ON CONFLICT (idempotency_key) DO UPDATE
         SET tries = delivery_attempts.tries + 1, status = 'sending', provider = EXCLUDED.provider, error = NULL, updated_at = now()
         WHERE delivery_attempts.status <> 'sent'
       RETURNING *`,
      [a.idempotencyKey, a.familyId, a.escalationId, a.scheduleId, a.doseKey, a.userId, a.channel, provider, a.appointmentSeriesId ?? null, a.occurrenceKey ?? null, a.shiftId ?? null],
    )) as AttemptRow[];
  } catch (err) {
    // A row it refers to was deleted meanwhile: there is nobody or nothing left to tell about.
    if ((err as { code?: string }).code === '23503') throw permanentFailure(gone);
    throw err;
  }
  if (rows[0]) return { duplicate: false, row: rows[0] };
  const sent = (await db.query('SELECT * FROM delivery_attempts WHERE idempotency_key = $1', [a.idempotencyKey])) as AttemptRow[];
  return { duplicate: true, row: sent[0]! };
}

async function finishAttempt(db: DataSource, a: AttemptIdentity, status: string, providerMessageId: string | null, error: string | null) {
  const [rows] = (await db.query(
    `UPDATE delivery_attempts SET status = $2, provider_message_id = $3, error = $4, updated_at = now()
      WHERE idempotency_key = $1 RETURNING *`,
    [a.idempotencyKey, status, providerMessageId, error?.slice(0, 500) ?? null],
  )) as [AttemptRow[], number];
  if (rows[0]) await publishFamilyEvent(db, a.familyId, { type: 'delivery.changed', delivery: presentDeliveryRow(rows[0]) });
}
