import { z } from 'zod';

/** The token from a verify-email link (as api/auth/tokens.ts makes them: 32 random bytes, URL-safe). */
export const VerifyEmailInput = z.strictObject({ token: z.string().min(20).max(100).regex(/^[A-Za-z0-9_-]+$/) });
export type VerifyEmailInput = z.infer<typeof VerifyEmailInput>;

export const VerifyPhoneInput = z.strictObject({ code: z.string().trim().regex(/^\d{6}$/, { message: 'must be the 6 digits from the SMS' }) });
export type VerifyPhoneInput = z.infer<typeof VerifyPhoneInput>;
