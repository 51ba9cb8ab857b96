import type { DataSource } from 'typeorm';
import type { Config } from '../../api/config';
import { providerFor, sendOnce } from '../delivery/attempts';
import type { MessageLanguage } from '../delivery/language';
import { addressesOf, pushSubscriptionsOf, sendEmail, sendPush, sendSms } from '../delivery/channels';
import type { DeliveryDeps } from '../delivery/deliver';
import { permanentFailure } from '../delivery/failures';
import { quietHoursEnd } from '../escalation/contacts-quiet-hours';
import type { DeliveryResult } from '../escalation/types';
import { observeSend } from '../metrics/reminders';
import { wallClockAt } from '../time/zoned-time';
import { appointmentEmailText, appointmentSmsText, formatWhen, writeAppointmentMessage, type AppointmentContext } from './appointment-messages';
import type { AppointmentMessageInput } from './types';

/** The `kind` label of the reminder metrics: distinct from doses' and escalation pages'. */
const METRIC_KIND: Record<AppointmentMessageInput['kind'], string> = {
  reminder: 'appointment_reminder',
  ride_request: 'ride_request',
  leave_by: 'leave_by',
  no_ride: 'no_ride',
  cancelled: 'appointment_cancelled',
  moved: 'appointment_moved',
  nudge: 'visit_nudge',
};

/**
 * An appointment message to one person on one channel, through the same providers,
 * attempt records (exactly once per idempotency key) and delivery.changed events as
 * every other message. Answers happen in the app, so there is no reply code or link token.
 */
export function appointmentDeliveryActivities({ dataSource, config }: DeliveryDeps) {
  return {
    async sendAppointmentMessage(input: AppointmentMessageInput): Promise<DeliveryResult> {
      const { idempotencyKey, familyId, userId, channel } = input;
      const attempt = { idempotencyKey, familyId, userId, channel, escalationId: null, scheduleId: null, doseKey: null, appointmentSeriesId: input.seriesId, occurrenceKey: input.occurrenceKey };
      const gone = `appointment series ${input.seriesId}: family, series or user no longer exists`;
      const meta = { kind: METRIC_KIND[input.kind], channel, provider: providerFor(config, channel), dueAtMs: () => dueAtMs(dataSource, input) };
      return observeSend(meta, (firstClaim) => sendOnce(dataSource, config, attempt, gone, () => send(dataSource, config, input), firstClaim));
    },
  };
}

async function loadContext(db: DataSource, input: AppointmentMessageInput, lang: MessageLanguage): Promise<AppointmentContext> {
  const rows = (await db.query(
    `SELECT s.title, s.location, s.time_zone, s.status, r.display_name AS recipient_name
       FROM appointment_series s JOIN care_recipients r ON r.id = s.care_recipient_id WHERE s.id = $1`,
    [input.seriesId],
  )) as { title: string; location: string; time_zone: string; status: string; recipient_name: string }[];
  const row = rows[0];
  // Deleted while a send was retrying: only the companion's cancellation notice still matters.
  if (!row || (row.status === 'deleted' && input.kind !== 'cancelled')) throw permanentFailure(`appointment series ${input.seriesId} no longer exists or was deleted`);
  // An occurrence cancelled while its visit was not yet told (the signal failed and the caller
  // retries): nothing but the cancellation notice may go out for it.
  if (input.kind !== 'cancelled') {
    const cancelled = (await db.query(
      `SELECT 1 FROM appointment_overrides WHERE series_id = $1 AND occurrence_key = $2 AND status = 'cancelled'`,
      [input.seriesId, input.occurrenceKey],
    )) as unknown[];
    if (cancelled.length > 0) throw permanentFailure(`appointment ${input.seriesId} ${input.occurrenceKey} was cancelled`);
  }
  const local = wallClockAt(row.time_zone, Date.parse(input.startUtc));
  return { title: row.title, location: row.location, recipientName: row.recipient_name, when: formatWhen(`${local.localDate}T${local.localTime}`, lang) };
}

async function send(db: DataSource, config: Config, input: AppointmentMessageInput): Promise<{ providerMessageId: string | null }> {
  const user = await addressesOf(db, input.userId);
  const c = await loadContext(db, input, user.language);
  const path = `/families/${input.familyId}/appointments?series=${input.seriesId}&occurrence=${encodeURIComponent(input.occurrenceKey)}`;
  const link = `${config.appBaseUrl}${path}`;
  switch (input.channel) {
    case 'email':
      return sendEmail(db, config, input, user.email, { ...appointmentEmailText(input.kind, c, link, user.language), link });
    case 'sms':
      return sendSms(db, config, input, user.phone, appointmentSmsText(input.kind, c, user.language));
    case 'push': {
      const subs = await pushSubscriptionsOf(db, config, input.userId);
      const m = writeAppointmentMessage(input.kind, c, user.language);
      const payload = { title: m.title, body: m.body, familyId: input.familyId, seriesId: input.seriesId, occurrenceKey: input.occurrenceKey, url: path, actions: [] };
      const urgent = input.kind === 'leave_by' || input.kind === 'no_ride' || input.kind === 'cancelled' || input.kind === 'moved';
      return sendPush(db, config, input, subs, { payload, urgency: urgent ? 'urgent' : 'routine', outboxCopy: { subject: m.title, body: m.body, link } });
    }
  }
}

/**
 * When the message was due, for the lateness histogram. A routine reminder that waited out
 * the person's quiet hours was due when they ended: that wait is what they asked for.
 */
async function dueAtMs(db: DataSource, input: AppointmentMessageInput): Promise<number> {
  const due = Date.parse(input.dueAt);
  if (input.kind !== 'reminder') return due;
  const rows = (await db.query(
    `SELECT u.time_zone, p.quiet_start, p.quiet_end FROM users u LEFT JOIN notification_preferences p ON p.user_id = u.id WHERE u.id = $1`,
    [input.userId],
  )) as { time_zone: string; quiet_start: string | null; quiet_end: string | null }[];
  const row = rows[0];
  if (!row?.quiet_start || !row.quiet_end) return due;
  return quietHoursEnd(row.time_zone, { start: row.quiet_start, end: row.quiet_end }, new Date(due))?.getTime() ?? due;
}
