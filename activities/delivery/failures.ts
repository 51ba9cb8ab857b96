import { ApplicationFailure } from '@temporalio/activity';
import { CHANNEL_UNAVAILABLE, NO_ADDRESS, PERMANENT_DELIVERY_FAILURE } from '../escalation/types';

/*
 * How a send fails decides what the workflow does next:
 * - transient (network, 5xx, 429): a ProviderUnavailable error (an ApplicationFailure
 *   with a delay for 429), so Temporal retries with backoff; after PROVIDER_TRIES of them
 *   sendOnce gives the channel up (ChannelUnavailable) for the person's next one;
 * - permanent (bad number or address, revoked subscription, other 4xx): non-retryable,
 *   and the workflow moves on to the person's next channel.
 * Anything else (our own database down) is retried for as long as it takes and never
 * counts against the channel: an outage of ours is no reason to try another phone.
 * Messages show in Temporal UI and are stored: ids and status codes only, never a
 * phone number, an email address or a name (so never a provider's own error text).
 */

export const permanentFailure = (message: string) => ApplicationFailure.nonRetryable(message, PERMANENT_DELIVERY_FAILURE);

export const noAddress = (message: string) => ApplicationFailure.nonRetryable(message, NO_ADDRESS);

/** A provider that may answer later: retried; counted against the channel (see sendOnce). */
export class ProviderUnavailable extends Error {
  override name = 'ProviderUnavailable';
}

const TRANSIENT_DELIVERY_FAILURE = 'TransientDeliveryFailure';

/** With a server-given delay (429 Retry-After) Temporal waits that long instead of its own backoff. */
export function transientFailure(message: string, retryAfterMs?: number | null): Error {
  if (retryAfterMs == null) return new ProviderUnavailable(message);
  return ApplicationFailure.create({ message, type: TRANSIENT_DELIVERY_FAILURE, nonRetryable: false, nextRetryDelay: retryAfterMs });
}

/** The provider's transient failures, as opposed to ours (the database) and permanent ones. */
export const isProviderTransient = (err: unknown) =>
  err instanceof ProviderUnavailable || (err instanceof ApplicationFailure && !err.nonRetryable && err.type === TRANSIENT_DELIVERY_FAILURE);

/** How many provider failures in a row a channel gets before the person's next channel is tried (about a minute of backoff). */
export const PROVIDER_TRIES = 10;

export const channelUnavailable = (message: string) => ApplicationFailure.nonRetryable(message, CHANNEL_UNAVAILABLE);

/** Retry-After is either seconds or an HTTP date (RFC 9110 §10.2.3); anything else is ignored. */
export function retryAfterMs(header: string | string[] | null | undefined, nowMs = Date.now()): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

/** The common HTTP rule: 408, 429 and 5xx may succeed later; every other 4xx will not. */
export function failureForStatus(what: string, status: number, retryAfter?: number | null): Error {
  if (status === 429) return transientFailure(`${what}: rate limited (429)`, retryAfter);
  if (status === 408 || status >= 500) return transientFailure(`${what}: provider error (${status})`);
  return permanentFailure(`${what}: refused (${status})`);
}

export const isPermanent = (err: unknown) => err instanceof ApplicationFailure && err.nonRetryable === true;

/** A transport error (refused, reset, timed out) carries only its code; safe to store. */
export const networkFailure = (what: string, err: unknown) =>
  transientFailure(`${what}: network error (${(err as { code?: string }).code ?? 'unknown'})`);
