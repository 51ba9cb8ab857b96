import type { AppDeps } from '../deps';
import type { Invitation } from '../db/entities/invitation';
import { sendNow } from '../outbox/send-now';
import { signalInvitationAnswered, startInvitationExpiry } from '../../temporal/invitations';
import { loggableError } from '../log';
import { expiryWords } from './expiry-words';
import { invitationTexts, inviteeLanguage } from './invitation-texts';

/**
 * After the invitation is committed: mail the link (through SendGrid when configured, else the
 * dev outbox) and start its expiry timer. Neither can undo the invitation; if one fails the
 * database stays the source of truth (an expired invitation cannot be accepted even without
 * its timer, and the admin can invite again), so the failure is logged.
 */
export async function afterInvitationCreated(
  deps: AppDeps,
  invitation: Invitation,
  token: string,
  familyName: string,
  inviter: { timeZone: string; language: string | null },
) {
  const link = `${deps.config.appBaseUrl}/invitations/accept?token=${encodeURIComponent(token)}`;
  const words = invitationTexts[await inviteeLanguage(deps, invitation.email, inviter.language)];
  await sendNow(deps, {
    idempotencyKey: `invitation:${invitation.id}:email`,
    channel: 'email',
    toAddress: invitation.email,
    familyId: invitation.familyId,
    subject: words.subject(familyName),
    body: words.body(familyName, invitation.role, expiryWords(invitation.expiresAt, inviter.timeZone, words.lang)),
    link,
  }).catch((err: unknown) => deps.log.error('invitation email not sent', { invitationId: invitation.id, ...loggableError(err) }));
  await startInvitationExpiry(deps.temporal.client, deps.temporal.taskQueue, {
    invitationId: invitation.id,
    familyId: invitation.familyId,
    expiresAt: invitation.expiresAt.toISOString(),
  }).catch((err: unknown) => deps.log.error('invitation expiry timer not started', { invitationId: invitation.id, ...loggableError(err) }));
}

export async function afterInvitationAnswered(deps: AppDeps, invitation: Invitation) {
  if (invitation.status === 'pending' || invitation.status === 'expired') return;
  await signalInvitationAnswered(deps.temporal.client, invitation.id, invitation.status).catch((err: unknown) =>
    deps.log.error('invitation answer not signalled', { invitationId: invitation.id, ...loggableError(err) }),
  );
}
