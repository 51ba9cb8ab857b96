import { request } from './client';
import { UserResponse } from './contracts';

/** The link's token is the credential: it works without a session (opened on another device). */
export const verifyEmail = (token: string) => request('POST', '/api/auth/verify-email', { body: { token } });
export const resendEmailVerification = () => request('POST', '/api/me/email/verification');
export const resendPhoneCode = () => request('POST', '/api/me/phone/code');
export const verifyPhone = (code: string) => request('POST', '/api/me/phone/verify', { body: { code }, schema: UserResponse });
