import { ProfilePatch, UserResponse } from '../contracts/auth';
import { VerifyEmailInput, VerifyPhoneInput } from '../contracts/verification';
import { UserEntity } from '../db/entities/user';
import { conflict } from '../http/errors';
import { PUBLIC, USER, defineRoute } from '../http/route';
import { presentUser } from '../auth/presenter';
import { confirmEmail, confirmPhone, sendEmailVerification, sendPhoneCode } from './verification';

export const profileRoutes = [
  defineRoute({
    operationId: 'updateProfile',
    method: 'patch',
    path: '/api/me',
    summary: 'Change my name, phone, time zone or language; a new phone gets an SMS code and stays unverified until it is entered',
    tag: 'profile',
    access: USER,
    body: ProfilePatch,
    response: { status: 200, schema: UserResponse, description: 'The updated account.' },
    async handler({ body, user }, deps) {
      const repo = deps.dataSource.getRepository(UserEntity);
      const { phone, ...rest } = body;
      const newPhone = phone !== undefined && phone !== user!.phone;
      // A number is only someone's once they prove it: until then nothing is texted to it or accepted from it.
      const phoneChange = newPhone ? { phone: phone ?? null, phoneVerifiedAt: null } : {};
      // The code goes first: refused (rate limit, a number that cannot receive SMS) means nothing changed.
      if (phone && !(user!.phone === phone && user!.phoneVerifiedAt)) await sendPhoneCode(deps, user!.id, phone, body.language ?? user!.language);
      if (Object.keys(rest).length > 0 || newPhone) await repo.update({ id: user!.id }, { ...rest, ...phoneChange });
      return { body: { user: presentUser(await repo.findOneByOrFail({ id: user!.id })) } };
    },
  }),
  defineRoute({
    operationId: 'resendPhoneCode',
    method: 'post',
    path: '/api/me/phone/code',
    summary: 'Send a new SMS code to my unverified phone',
    tag: 'profile',
    access: USER,
    response: { status: 204, description: 'Sent; only the newest code works.' },
    async handler({ user }, deps) {
      if (!user!.phone) throw conflict('Add a phone number first.');
      if (user!.phoneVerifiedAt) throw conflict('This phone number is already verified.');
      await sendPhoneCode(deps, user!.id, user!.phone, user!.language);
      return {};
    },
  }),
  defineRoute({
    operationId: 'verifyPhone',
    method: 'post',
    path: '/api/me/phone/verify',
    summary: 'Prove my phone with the 6-digit SMS code; a verified number belongs to one account',
    tag: 'profile',
    access: USER,
    body: VerifyPhoneInput,
    response: { status: 200, schema: UserResponse, description: 'The account, phone verified.' },
    async handler({ body, user }, deps) {
      await confirmPhone(deps, user!, body.code);
      return { body: { user: presentUser(await deps.dataSource.getRepository(UserEntity).findOneByOrFail({ id: user!.id })) } };
    },
  }),
  defineRoute({
    operationId: 'resendEmailVerification',
    method: 'post',
    path: '/api/me/email/verification',
    summary: 'Send a new verification link to my email address',
    tag: 'profile',
    access: USER,
    response: { status: 204, description: 'Sent.' },
    async handler({ user }, deps) {
      if (user!.emailVerifiedAt) throw conflict('This email address is already verified.');
      await sendEmailVerification(deps, user!);
      return {};
    },
  }),
  defineRoute({
    operationId: 'verifyEmail',
    method: 'post',
    path: '/api/auth/verify-email',
    summary: 'Confirm an email address with the token from its link (no login needed)',
    tag: 'profile',
    access: PUBLIC,
    body: VerifyEmailInput,
    // An unknown, used or expired link names nothing.
    errors: [404],
    response: { status: 204, description: 'The address is verified.' },
    async handler({ body }, deps) {
      await confirmEmail(deps, body.token);
      return {};
    },
  }),
];
