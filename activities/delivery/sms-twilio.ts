import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import { failureForStatus, networkFailure, permanentFailure, retryAfterMs } from './failures';

export interface TwilioSettings {
  accountSid: string;
  authToken: string;
  from: string;
  /** Test hook (TWILIO_API_BASE_URL); null in production. */
  baseUrl: string | null;
}

export interface SmsMessage {
  to: string;
  body: string;
}

/**
 * Twilio error codes that mean "this number will never receive it": invalid To (21211),
 * not a mobile number (21614), unsubscribed with STOP (21610), region not enabled (21408),
 * and a landline or unreachable carrier (21612). Any other 4xx is permanent as well.
 */
const UNREACHABLE_NUMBER = new Set([21211, 21614, 21610, 21408, 21612]);

/** Keeps the last response's headers: the SDK's RestException drops them, and a 429 says when to come back. */
class HeaderKeepingClient extends twilio.RequestClient {
  lastHeaders: Record<string, string> = {};
  override async request<T>(opts: RequestClient.RequestOptions<T>) {
    const res = await super.request<T>(opts);
    this.lastHeaders = (res.headers as Record<string, string> | undefined) ?? {};
    return res;
  }
}

/**
 * POST /2010-04-01/Accounts/{Sid}/Messages.json through the twilio SDK. Twilio's
 * Messages API takes no idempotency key: a retry after an accepted send that we failed
 * to record sends the SMS again (see deliver.ts).
 */
export async function sendSmsViaTwilio(settings: TwilioSettings, msg: SmsMessage): Promise<{ providerMessageId: string }> {
  const httpClient = new HeaderKeepingClient({ timeout: 5_000 });
  const client = twilio(settings.accountSid, settings.authToken, { httpClient });
  if (settings.baseUrl) client.api.baseUrl = settings.baseUrl;
  try {
    const message = await client.messages.create({ to: msg.to, from: settings.from, body: msg.body });
    return { providerMessageId: message.sid };
  } catch (err) {
    if (!(err instanceof twilio.RestException)) throw networkFailure('twilio', err);
    if (err.code !== undefined && UNREACHABLE_NUMBER.has(err.code)) {
      throw permanentFailure(`twilio: number cannot receive SMS (${err.status}, code ${err.code})`);
    }
    const what = err.code === undefined ? 'twilio' : `twilio code ${err.code}`;
    throw failureForStatus(what, err.status, retryAfterMs(httpClient.lastHeaders['retry-after']));
  }
}
