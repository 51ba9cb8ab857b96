import type { AppDeps } from '../deps';
import { AppError, badRequest } from '../http/errors';
import { sendNow } from '../outbox/send-now';
import { isPermanent } from '../../activities/delivery/failures';
import { loggableError } from '../log';

export type VerificationMessage =
  | { channel: 'email'; key: string; userId: string; to: string; subject: string; body: string; link: string }
  | { channel: 'sms'; key: string; userId: string; to: string; body: string };

/**
 * A code or link goes to the address being proven, unverified by definition. It is sent
 * while the user waits: a failure is theirs to retry, and says nothing of the provider's internals.
 */
export async function sendVerificationMessage(deps: AppDeps, msg: VerificationMessage): Promise<void> {
  try {
    await sendNow(deps, {
      idempotencyKey: msg.key,
      channel: msg.channel,
      toAddress: msg.to,
      userId: msg.userId,
      subject: msg.channel === 'email' ? msg.subject : null,
      body: msg.body,
      link: msg.channel === 'email' ? msg.link : null,
      purpose: 'verification',
    });
  } catch (err) {
    deps.log.error('verification message not sent', { userId: msg.userId, channel: msg.channel, ...loggableError(err) });
    if (isPermanent(err)) {
      throw badRequest(`This ${msg.channel === 'sms' ? 'number' : 'address'} cannot receive our message.`, [
        { path: msg.channel === 'sms' ? 'phone' : 'email', message: 'was refused by the provider' },
      ]);
    }
    throw new AppError(503, 'unavailable', 'The message could not be sent right now. Try again in a minute.');
  }
}
