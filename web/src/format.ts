import type { Role } from './api/contracts';
import { intlLocale, t } from './i18n';

export const roleLabel = (role: Role) => t.value.common.roles[role];
export const roles: Role[] = ['admin', 'caregiver', 'viewer'];


export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat(intlLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** The wall-clock time where a person lives, so "call Grandma at 9" needs no arithmetic. */
export function localTimeIn(timeZone: string, now = new Date()): string {
  try {
    return new Intl.DateTimeFormat(intlLocale(), { timeZone, hour: '2-digit', minute: '2-digit', weekday: 'short' }).format(now);
  } catch {
    return '';
  }
}
