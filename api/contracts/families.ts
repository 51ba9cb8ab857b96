import { z } from 'zod';
import { DisplayName, Email, Role, TimeZone, Uuid } from './common';

export const FamilyName = z.string().trim().min(1).max(80);

export const FamilyInput = z.strictObject({ name: FamilyName });
export type FamilyInput = z.infer<typeof FamilyInput>;

export const FamilyView = z.object({ id: Uuid, name: z.string(), role: Role, createdAt: z.iso.datetime() });
export type FamilyView = z.infer<typeof FamilyView>;
export const FamilyResponse = z.object({ family: FamilyView });
export const FamilyList = z.object({ families: z.array(FamilyView) });

export const MemberView = z.object({
  userId: Uuid,
  displayName: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  timeZone: z.string(),
  role: Role,
  joinedAt: z.iso.datetime(),
});
export type MemberView = z.infer<typeof MemberView>;
export const MemberList = z.object({ members: z.array(MemberView) });
export const MemberResponse = z.object({ member: MemberView });

export const RoleChange = z.strictObject({ role: Role });
export type RoleChange = z.infer<typeof RoleChange>;

export const InvitationInput = z.strictObject({ email: Email, role: Role });
export type InvitationInput = z.infer<typeof InvitationInput>;

export const InvitationStatus = z.enum(['pending', 'accepted', 'declined', 'expired', 'revoked']);
export const InvitationView = z.object({
  id: Uuid,
  familyId: Uuid,
  email: z.string(),
  role: Role,
  status: InvitationStatus,
  expiresAt: z.iso.datetime(),
  createdAt: z.iso.datetime(),
});
export type InvitationView = z.infer<typeof InvitationView>;
export const InvitationResponse = z.object({ invitation: InvitationView });
export const InvitationList = z.object({ invitations: z.array(InvitationView) });

/** What an invitee sees before answering: enough to decide, nothing about the family's members. */
export const InvitationPreview = z.object({
  familyName: z.string(),
  email: z.string(),
  role: Role,
  status: InvitationStatus,
  expiresAt: z.iso.datetime(),
});
export const InvitationPreviewResponse = z.object({ invitation: InvitationPreview });

/** An invitation waiting for the signed-in person (sent to their verified email), shown on their Families page. */
export const MyInvitation = z.object({ id: Uuid, familyName: z.string(), role: Role, invitedBy: z.string(), expiresAt: z.iso.datetime() });
export const MyInvitationList = z.object({ invitations: z.array(MyInvitation) });

export const RecipientInput = z.strictObject({ displayName: DisplayName, timeZone: TimeZone });
export type RecipientInput = z.infer<typeof RecipientInput>;
export const RecipientPatch = z
  .strictObject({ displayName: DisplayName.optional(), timeZone: TimeZone.optional() })
  .refine((v) => Object.keys(v).length > 0, { message: 'at least one field is required' });
export type RecipientPatch = z.infer<typeof RecipientPatch>;

export const RecipientView = z.object({
  id: Uuid,
  familyId: Uuid,
  displayName: z.string(),
  timeZone: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type RecipientView = z.infer<typeof RecipientView>;
export const RecipientResponse = z.object({ recipient: RecipientView });
export const RecipientList = z.object({ recipients: z.array(RecipientView) });

export const OutboxMessageView = z.object({
  id: Uuid,
  channel: z.enum(['email', 'sms', 'push']),
  toAddress: z.string(),
  subject: z.string().nullable(),
  body: z.string(),
  link: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type OutboxMessageView = z.infer<typeof OutboxMessageView>;
export const OutboxList = z.object({ messages: z.array(OutboxMessageView) });
