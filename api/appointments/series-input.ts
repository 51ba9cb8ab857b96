import type { AppointmentSeriesInput } from '../contracts/appointments';
import type { Queryable } from '../events/publisher';
import { badRequest } from '../http/errors';

export type ResolvedSeriesInput = AppointmentSeriesInput & { timeZone: string };

/**
 * The care recipient must be this family's; the appointment's zone defaults to theirs
 * (a visit is usually where they live; a video call with a clinic abroad names its own).
 */
export async function resolveSeriesInput(db: Queryable, familyId: string, input: AppointmentSeriesInput): Promise<ResolvedSeriesInput> {
  const [recipient] = (await db.query('SELECT time_zone FROM care_recipients WHERE id = $1 AND family_id = $2', [input.careRecipientId, familyId])) as {
    time_zone: string;
  }[];
  if (!recipient) {
    throw badRequest('Some fields are missing or invalid.', [{ path: 'careRecipientId', message: 'must be a care recipient of this family' }]);
  }
  return { ...input, timeZone: input.timeZone ?? recipient.time_zone };
}

/** Reminder instants of an occurrence that are still ahead, earliest first. */
export function reminderInstants(startUtc: string, leads: readonly number[], now = Date.now()): string[] {
  const start = Date.parse(startUtc);
  return [...leads]
    .sort((a, b) => b - a)
    .map((lead) => start - lead * 60_000)
    .filter((at) => at > now)
    .map((at) => new Date(at).toISOString());
}
