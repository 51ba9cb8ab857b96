import { MailService, type ResponseError } from '@sendgrid/mail';
import { failureForStatus, networkFailure, permanentFailure, retryAfterMs } from './failures';

export interface SendGridSettings {
  apiKey: string;
  from: string;
  /** Test hook (SENDGRID_API_BASE_URL); null in production. */
  baseUrl: string | null;
}

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  idempotencyKey: string;
}

/**
 * POST /v3/mail/send through @sendgrid/mail. SendGrid has no idempotency key: the key
 * goes into custom_args, which their event webhooks echo back for tracing, but SendGrid
 * does not deduplicate on it. Our delivery_attempts row is the only guard.
 */
export async function sendEmailViaSendGrid(settings: SendGridSettings, msg: EmailMessage): Promise<{ providerMessageId: string | null }> {
  const mail = new MailService();
  mail.setApiKey(settings.apiKey);
  mail.setTimeout(5_000);
  if (settings.baseUrl) {
    // The SDK has no public setter for its base URL; its client's default request does.
    (mail as unknown as { client: { setDefaultRequest(k: string, v: unknown): void } }).client.setDefaultRequest('baseUrl', settings.baseUrl);
  }
  try {
    const [response] = await mail.send({
      to: msg.to,
      from: settings.from,
      subject: msg.subject,
      text: msg.text,
      customArgs: { idempotency_key: msg.idempotencyKey },
      // A one-time answer link must not be rewritten by click tracking (a scanner "clicking" it is harmless, a rewrite is not needed).
      trackingSettings: { clickTracking: { enable: false, enableText: false } },
    });
    const id = response.headers['x-message-id'] as string | undefined;
    return { providerMessageId: id ?? null };
  } catch (err) {
    const status = (err as ResponseError).code;
    if (typeof status !== 'number') throw networkFailure('sendgrid', err);
    if (status === 400) {
      // SendGrid's error JSON names the offending fields; the messages may quote the address, so keep only field names.
      const errors = ((err as ResponseError).response?.body as { errors?: { field?: string | null }[] } | undefined)?.errors ?? [];
      const fields = errors.map((e) => e.field).filter(Boolean);
      throw permanentFailure(`sendgrid: refused (400${fields.length ? `: ${fields.join(', ')}` : ''})`);
    }
    throw failureForStatus('sendgrid', status, retryAfterMs((err as ResponseError).response?.headers?.['retry-after'] as string | undefined));
  }
}
