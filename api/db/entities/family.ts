import { EntitySchema } from 'typeorm';

export const ROLES = ['admin', 'caregiver', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface Family {
  id: string;
  name: string;
  createdAt: Date;
}

export interface Membership {
  familyId: string;
  userId: string;
  role: Role;
  createdAt: Date;
}

export const FamilyEntity = new EntitySchema<Family>({
  name: 'Family',
  tableName: 'families',
  columns: {
    id: { type: 'uuid', primary: true, generated: 'uuid' },
    name: { type: 'text' },
    createdAt: { type: 'timestamptz', name: 'created_at', createDate: true },
  },
});

export const MembershipEntity = new EntitySchema<Membership>({
  name: 'Membership',
  tableName: 'memberships',
  columns: {
    familyId: { type: 'uuid', primary: true, name: 'family_id' },
    userId: { type: 'uuid', primary: true, name: 'user_id' },
    role: { type: 'text' },
    createdAt: { type: 'timestamptz', name: 'created_at', createDate: true },
  },
});
