import type { FamilyView, InvitationView, MemberView, RecipientView } from '../contracts/families';
import type { CareRecipient } from '../db/entities/care-recipient';
import type { Family, Membership } from '../db/entities/family';
import type { Invitation } from '../db/entities/invitation';
import type { User } from '../db/entities/user';

export function presentFamily(family: Family, role: Membership['role']): FamilyView {
  return { id: family.id, name: family.name, role, createdAt: family.createdAt.toISOString() };
}

export function presentMember(user: User, membership: Membership): MemberView {
  return {
    userId: user.id,
    displayName: user.displayName,
    email: user.email,
    phone: user.phone,
    timeZone: user.timeZone,
    role: membership.role,
    joinedAt: membership.createdAt.toISOString(),
  };
}

export function presentInvitation(inv: Invitation): InvitationView {
  return {
    id: inv.id,
    familyId: inv.familyId,
    email: inv.email,
    role: inv.role,
    status: inv.status,
    expiresAt: inv.expiresAt.toISOString(),
    createdAt: inv.createdAt.toISOString(),
  };
}

export function presentRecipient(r: CareRecipient): RecipientView {
  return {
    id: r.id,
    familyId: r.familyId,
    displayName: r.displayName,
    timeZone: r.timeZone,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}
