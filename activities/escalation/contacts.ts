import type { DataSource } from 'typeorm';
import type { Channel } from '../../api/contracts/notifications';
import { isIanaTimeZone } from '../../api/contracts/common';
import { quietHoursEnd } from './contacts-quiet-hours';
import type { ContactPlan, PlanContactsInput } from './types';

/** Used when a person never saved preferences: the fastest channel first. */
export const DEFAULT_CHANNEL_ORDER: readonly Channel[] = ['push', 'sms', 'email'];

interface PersonRow {
  id: string;
  /** Only a verified phone or email is an address: an unproven one may be someone else's. */
  phone_verified: boolean;
  email_verified: boolean;
  time_zone: string;
  channels: Channel[] | null;
  quiet_start: string | null;
  quiet_end: string | null;
  has_push: boolean;
}

/**
 * Who can be reached how, per person, at the moment a step starts.
 * - Order: the person's own preferred order. Their list narrows the step's channels; if
 *   it leaves none, the step's channels in the default order are used anyway, because a
 *   preference may choose how someone is alerted, not silence an escalation.
 * - Reachability: no verified phone → no SMS; no push subscription → no push; no verified
 *   email → no email (a typed address may be someone else's, and family messages are private).
 * - Quiet hours hold back routine reminders only; urgent and emergency break through.
 * A person who no longer exists gets an empty plan rather than disappearing, so the
 * workflow can record that nobody could be asked.
 */
export function contactActivities({ dataSource, now = () => new Date() }: { dataSource: DataSource; now?: () => Date }) {
  return {
    async planContacts(input: PlanContactsInput): Promise<ContactPlan[]> {
      if (input.userIds.length === 0) return [];
      const rows = (await dataSource.query(
        `SELECT u.id, u.phone IS NOT NULL AND u.phone_verified_at IS NOT NULL AS phone_verified,
                u.email_verified_at IS NOT NULL AS email_verified, u.time_zone, p.channels, p.quiet_start, p.quiet_end,
                EXISTS (SELECT 1 FROM push_subscriptions s WHERE s.user_id = u.id) AS has_push
           FROM users u LEFT JOIN notification_preferences p ON p.user_id = u.id
          WHERE u.id = ANY($1::uuid[])`,
        [input.userIds],
      )) as PersonRow[];
      const byId = new Map(rows.map((r) => [r.id, r]));
      const at = now();
      return input.userIds.map((userId) => {
        const person = byId.get(userId);
        if (!person) return { userId, channels: [], quietUntil: null };
        return { userId, channels: channelsFor(person, input.channels), quietUntil: quietUntil(person, input.urgency, at) };
      });
    },
  };
}

function channelsFor(person: PersonRow, stepChannels: readonly Channel[]): Channel[] {
  const reachable = (c: Channel) => (c === 'sms' ? person.phone_verified : c === 'push' ? person.has_push : person.email_verified);
  const preferred = person.channels ?? DEFAULT_CHANNEL_ORDER;
  const chosen = preferred.filter((c) => stepChannels.includes(c) && reachable(c));
  if (chosen.length > 0) return chosen;
  return DEFAULT_CHANNEL_ORDER.filter((c) => stepChannels.includes(c) && reachable(c));
}

function quietUntil(person: PersonRow, urgency: PlanContactsInput['urgency'], at: Date): string | null {
  if (urgency !== 'routine' || !person.quiet_start || !person.quiet_end) return null;
  // Zones are validated on input; an unknown one in old data falls back to UTC rather than failing the plan.
  const zone = isIanaTimeZone(person.time_zone) ? person.time_zone : 'UTC';
  return quietHoursEnd(zone, { start: person.quiet_start, end: person.quiet_end }, at)?.toISOString() ?? null;
}
