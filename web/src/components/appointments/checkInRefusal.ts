import type { CheckInKind } from '../../api/appointments';
import { refusalReason } from '../../api/apiWords';
import { t } from '../../i18n';
import { dateTimeIn, zoneLabel } from './appointmentText';

/** The visit workflow's failure type for a check-in before its time (workflows/appointment/messages.ts; a test keeps them equal). */
export const CHECK_IN_TOO_EARLY = 'CheckInTooEarly';

/**
 * "Too early", with when the check-in opens on the recipient's clock, labelled with whose
 * clock it is ("… from Tue 8 Dec, 09:00 New York time"); null for any other refusal.
 */
export function tooEarlyWords(details: unknown, kind: CheckInKind, timeZone: string): string | null {
  const opensAt = (details as { opensAt?: unknown } | null | undefined)?.opensAt;
  if (refusalReason(details) !== CHECK_IN_TOO_EARLY || typeof opensAt !== 'string' || Number.isNaN(Date.parse(opensAt))) return null;
  return t.value.appointments.checkIns.tooEarly(kind === 'on_the_way' || kind === 'arrived', `${dateTimeIn(opensAt, timeZone)} ${zoneLabel(timeZone)}`);
}
