import type { AppDeps } from '../deps';
import { storeInOutbox, type OutgoingMessage } from './dev-outbox';
import { sendEmailViaSendGrid } from '../../activities/delivery/email-sendgrid';
import { sendSmsViaTwilio } from '../../activities/delivery/sms-twilio';

/**
 * A message the API sends while the caller waits (a verification code, an invitation), not
 * through a workflow: through the configured provider, or the dev outbox without one.
 * Provider failures are thrown as the delivery adapters classify them.
 */
export async function sendNow(deps: AppDeps, msg: OutgoingMessage & { channel: 'email' | 'sms' }): Promise<void> {
  const { email, sms } = deps.config.delivery;
  if (msg.channel === 'email' && email.provider === 'sendgrid') {
    const text = msg.link ? `${msg.body}\n\n${msg.link}` : msg.body;
    await sendEmailViaSendGrid(email, { to: msg.toAddress, subject: msg.subject ?? 'CareCircle', text, idempotencyKey: msg.idempotencyKey });
  } else if (msg.channel === 'sms' && sms.provider === 'twilio') {
    await sendSmsViaTwilio(sms, { to: msg.toAddress, body: msg.body });
  } else {
    await storeInOutbox(deps.dataSource, msg);
  }
}
