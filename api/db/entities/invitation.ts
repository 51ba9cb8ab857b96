import { EntitySchema } from 'typeorm';
import type { Role } from './family';

export const INVITATION_STATUSES = ['pending', 'accepted', 'declined', 'expired', 'revoked'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

/** Single use: the token's hash is kept, and any answer moves the status off `pending` for good. */
export interface Invitation {
  id: string;
  familyId: string;
  email: string;
  role: Role;
  tokenHash: string;
  invitedBy: string;
  status: InvitationStatus;
  expiresAt: Date;
  createdAt: Date;
  answeredAt: Date | null;
}

export const InvitationEntity = new EntitySchema<Invitation>({
  name: 'Invitation',
  tableName: 'invitations',
  columns: {
    id: { type: 'uuid', primary: true, generated: 'uuid' },
    familyId: { type: 'uuid', name: 'family_id' },
    email: { type: 'text' },
    role: { type: 'text' },
    tokenHash: { type: 'text', name: 'token_hash', unique: true },
    invitedBy: { type: 'uuid', name: 'invited_by' },
    status: { type: 'text' },
    expiresAt: { type: 'timestamptz', name: 'expires_at' },
    createdAt: { type: 'timestamptz', name: 'created_at', createDate: true },
    answeredAt: { type: 'timestamptz', name: 'answered_at', nullable: true },
  },
});
