import { EntitySchema } from 'typeorm';

export interface User {
  id: string;
  email: string;
  passwordHash: string;
  displayName: string;
  /** E.164, e.g. +33612345678; null until the member adds one. */
  phone: string | null;
  timeZone: string;
  createdAt: Date;
}

export const UserEntity = new EntitySchema<User>({
  name: 'User',
  tableName: 'users',
  columns: {
    id: { type: 'uuid', primary: true, generated: 'uuid' },
    email: { type: 'text', unique: true },
    passwordHash: { type: 'text', name: 'password_hash' },
    displayName: { type: 'text', name: 'display_name' },
    phone: { type: 'text', nullable: true },
    timeZone: { type: 'text', name: 'time_zone' },
    createdAt: { type: 'timestamptz', name: 'created_at', createDate: true },
  },
});
