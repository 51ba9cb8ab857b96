import { EntitySchema } from 'typeorm';

export interface User {
  id: string;
  email: string;
  passwordHash: string;
  displayName: string;
  /** E.164, e.g. +33612345678; null until the member adds one. */
  phone: string | null;
  /** Set when a link sent to `email` was opened; until then no family message is emailed and no invitation accepted. */
  emailVerifiedAt: Date | null;
  /** Set when the SMS code sent to `phone` was entered; nothing is texted to, or accepted from, an unverified phone. */
  phoneVerifiedAt: Date | null;
  timeZone: string;
  /** 'en' | 'fr': the language of every message sent to them; null (never chosen) reads as English. */
  language: string | null;
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
    emailVerifiedAt: { type: 'timestamptz', name: 'email_verified_at', nullable: true },
    phoneVerifiedAt: { type: 'timestamptz', name: 'phone_verified_at', nullable: true },
    timeZone: { type: 'text', name: 'time_zone' },
    language: { type: 'text', nullable: true },
    createdAt: { type: 'timestamptz', name: 'created_at', createDate: true },
  },
});
