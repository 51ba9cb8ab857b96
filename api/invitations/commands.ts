import type { EntityManager } from 'typeorm';
import type { Role } from '../contracts/common';
import { MembershipEntity } from '../db/entities/family';
import { InvitationEntity, type Invitation } from '../db/entities/invitation';
import type { User } from '../db/entities/user';
import { publishFamilyEvent } from '../events/publisher';
import { presentInvitation, presentMember } from '../families/presenters';
import { AppError, conflict, forbidden, notFound } from '../http/errors';
import { hashToken, newToken } from '../auth/tokens';
import { recordMembershipEvent } from '../members/membership-events';

export async function createInvitation(
  m: EntityManager,
  input: { familyId: string; email: string; role: Role; invitedBy: string; ttlMs: number },
): Promise<{ invitation: Invitation; token: string }> {
  const alreadyMember: unknown[] = await m.query(
    `SELECT 1 FROM memberships ms JOIN users u ON u.id = ms.user_id WHERE ms.family_id = $1 AND u.email = $2`,
    [input.familyId, input.email],
  );
  if (alreadyMember.length > 0) throw conflict('This person is already a member of the family.');
  // A new invitation replaces an older pending one, so only the newest link works.
  await m.query(`UPDATE invitations SET status = 'revoked', answered_at = now() WHERE family_id = $1 AND email = $2 AND status = 'pending'`, [
    input.familyId,
    input.email,
  ]);
  const { token, hash } = newToken();
  const invitation = await m.getRepository(InvitationEntity).save({
    familyId: input.familyId,
    email: input.email,
    role: input.role,
    tokenHash: hash,
    invitedBy: input.invitedBy,
    status: 'pending',
    expiresAt: new Date(Date.now() + input.ttlMs),
    answeredAt: null,
  });
  await publishFamilyEvent(m, input.familyId, { type: 'invitation.changed', invitation: presentInvitation(invitation) });
  return { invitation, token };
}

/** Finds a still-answerable invitation by its token (or, for its invitee signed in, its id) and locks it, so it can be used once only. */
export async function lockPendingInvitation(m: EntityManager, token: string, by: 'token' | 'id' = 'token'): Promise<Invitation> {
  const invitation = await m
    .getRepository(InvitationEntity)
    .findOne({ where: by === 'token' ? { tokenHash: hashToken(token) } : { id: token }, lock: { mode: 'pessimistic_write' } });
  if (!invitation) throw notFound('This invitation');
  if (invitation.status !== 'pending') throw conflict(`This invitation was already ${invitation.status}.`);
  if (invitation.expiresAt.getTime() <= Date.now()) throw conflict('This invitation has expired. Ask for a new one.');
  return invitation;
}

export async function acceptInvitation(m: EntityManager, token: string, user: User, by: 'token' | 'id' = 'token'): Promise<Invitation> {
  const invitation = await lockPendingInvitation(m, token, by);
  // Whoever reads the invited mailbox is the invitee; an account that only typed the address is not.
  if (!user.emailVerifiedAt) {
    throw new AppError(403, 'forbidden', 'Confirm your email address first: open the link we sent to it, then accept the invitation.', {
      reason: 'email_unverified',
    });
  }
  if (invitation.email !== user.email) {
    throw forbidden('This invitation was sent to a different email address. Log in with that account to accept it.');
  }
  await m.getRepository(MembershipEntity).insert({ familyId: invitation.familyId, userId: user.id, role: invitation.role });
  const membership = await m.getRepository(MembershipEntity).findOneByOrFail({ familyId: invitation.familyId, userId: user.id });
  await recordMembershipEvent(m, { familyId: invitation.familyId, userId: user.id, actorId: user.id, type: 'joined', role: invitation.role });
  const answered = await answer(m, invitation, 'accepted');
  await publishFamilyEvent(m, invitation.familyId, { type: 'member.joined', member: presentMember(user, membership) });
  return answered;
}

export async function answer(m: EntityManager, invitation: Invitation, status: 'accepted' | 'declined' | 'revoked') {
  const answered = { ...invitation, status, answeredAt: new Date() };
  await m.getRepository(InvitationEntity).update({ id: invitation.id }, { status, answeredAt: answered.answeredAt });
  await publishFamilyEvent(m, invitation.familyId, { type: 'invitation.changed', invitation: presentInvitation(answered) });
  return answered;
}
