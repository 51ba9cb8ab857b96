import { z } from 'zod';
import { DisplayName, Email, PhoneE164, TimeZone, Uuid } from './common';

// OWASP ASVS: at least 8 characters, no composition rules; the upper bound keeps hashing cheap to refuse.
export const Password = z.string().min(8, { message: 'Use at least 8 characters.' }).max(128);

export const SignupInput = z.strictObject({
  email: Email,
  password: Password,
  displayName: DisplayName,
  timeZone: TimeZone,
});
export type SignupInput = z.infer<typeof SignupInput>;

export const LoginInput = z.strictObject({
  email: Email,
  password: z.string().min(1).max(128),
});
export type LoginInput = z.infer<typeof LoginInput>;

export const UserView = z.object({
  id: Uuid,
  email: z.string(),
  displayName: z.string(),
  phone: z.string().nullable(),
  /** Family messages go by email, and invitations can be accepted, only once this is true. */
  emailVerified: z.boolean(),
  /** Nothing is texted to, or accepted from, the phone until this is true. */
  phoneVerified: z.boolean(),
  timeZone: z.string(),
});
export type UserView = z.infer<typeof UserView>;

export const UserResponse = z.object({ user: UserView });

export const ProfilePatch = z
  .strictObject({
    displayName: DisplayName.optional(),
    phone: PhoneE164.nullable().optional(),
    timeZone: TimeZone.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'at least one field is required' });
export type ProfilePatch = z.infer<typeof ProfilePatch>;
