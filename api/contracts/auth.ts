import { z } from 'zod';
import { DisplayName, Email, PhoneE164, TimeZone, Uuid } from './common';

// OWASP ASVS: at least 8 characters, no composition rules; the upper bound keeps hashing cheap to refuse.
export const Password = z.string().min(8, { message: 'Use at least 8 characters.' }).max(128);

/** The languages CareCircle writes in; a member without one gets English. */
export const Language = z.enum(['en', 'fr'], { message: 'Choose English (en) or French (fr).' });
export type Language = z.infer<typeof Language>;

export const SignupInput = z.strictObject({
  email: Email,
  password: Password,
  displayName: DisplayName,
  timeZone: TimeZone,
  /** The language the SPA was showing; without it the first Accept-Language match is kept. */
  language: Language.optional(),
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
  /** Null until chosen (at sign-up or on the profile): messages then go in English. */
  language: Language.nullable(),
});
export type UserView = z.infer<typeof UserView>;

export const UserResponse = z.object({ user: UserView });

export const ProfilePatch = z
  .strictObject({
    displayName: DisplayName.optional(),
    phone: PhoneE164.nullable().optional(),
    timeZone: TimeZone.optional(),
    language: Language.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'at least one field is required' });
export type ProfilePatch = z.infer<typeof ProfilePatch>;
