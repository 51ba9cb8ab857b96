import type { UserView } from '../contracts/auth';
import type { User } from '../db/entities/user';

export function presentUser(u: User): UserView {
  return {
    id: u.id,
    email: u.email,
    displayName: u.displayName,
    phone: u.phone,
    emailVerified: u.emailVerifiedAt !== null,
    phoneVerified: u.phone !== null && u.phoneVerifiedAt !== null,
    timeZone: u.timeZone,
    language: u.language === 'en' || u.language === 'fr' ? u.language : null,
  };
}
