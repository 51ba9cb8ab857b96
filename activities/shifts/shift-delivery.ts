import type { DataSource } from 'typeorm';
import type { Config } from '../../api/config';
import { formatWhen } from '../appointments/appointment-messages';
import { providerFor, sendOnce } from '../delivery/attempts';
import type { MessageLanguage } from '../delivery/language';
import { addressesOf, pushSubscriptionsOf, sendEmail, sendPush, sendSms } from '../delivery/channels';
import type { DeliveryDeps } from '../delivery/deliver';
import { permanentFailure } from '../delivery/failures';
import type { DeliveryResult } from '../escalation/types';
import { observeSend } from '../metrics/reminders';
import { wallClockAt } from '../time/zoned-time';
import { shiftEmailText, shiftSmsText, writeShiftMessage, type ShiftContext } from './shift-messages';
import type { ShiftMessageInput } from './types';

/** Reminders that carry the previous shift's handoff note: the one closest to the start. */
export const HANDOFF_REMINDER_LEAD = 120;
const URGENT: ShiftMessageInput['kind'][] = ['late_nudge', 'late_admins', 'all_clear', 'uncovered_admins', 'cancelled', 'assigned'];

/**
 * A shift message to one person on one channel, through the same providers, attempt
 * records (exactly once per idempotency key) and delivery.changed events as every other
 * message. Answers happen in the app or by SMS `IN` / `OUT`.
 */
export function shiftDeliveryActivities({ dataSource, config }: DeliveryDeps) {
  return {
    async sendShiftMessage(input: ShiftMessageInput): Promise<DeliveryResult> {
      const { idempotencyKey, familyId, userId, channel } = input;
      const attempt = { idempotencyKey, familyId, userId, channel, escalationId: null, scheduleId: null, doseKey: null, shiftId: input.shiftId };
      const gone = `shift ${input.shiftId}: family, shift or user no longer exists`;
      const meta = { kind: `shift_${input.kind}`, channel, provider: providerFor(config, channel), dueAtMs: () => Promise.resolve(Date.parse(input.dueAt)) };
      return observeSend(meta, (firstClaim) => sendOnce(dataSource, config, attempt, gone, () => send(dataSource, config, input), firstClaim));
    },
  };
}

async function loadContext(db: DataSource, input: ShiftMessageInput, lang: MessageLanguage): Promise<ShiftContext> {
  const rows = (await db.query(
    `SELECT s.time_zone, s.state, s.care_recipient_id, r.display_name AS recipient_name, u.display_name AS assignee_name
       FROM shifts s JOIN care_recipients r ON r.id = s.care_recipient_id LEFT JOIN users u ON u.id = s.assignee_id WHERE s.id = $1`,
    [input.shiftId],
  )) as { time_zone: string; state: string; care_recipient_id: string; recipient_name: string; assignee_name: string | null }[];
  const row = rows[0];
  // Cancelled while a send was retrying: only the assignee's cancellation notice still matters.
  if (!row || (row.state === 'cancelled' && input.kind !== 'cancelled')) throw permanentFailure(`shift ${input.shiftId} no longer exists or was cancelled`);
  const local = wallClockAt(row.time_zone, Date.parse(input.startUtc));
  const handoffNote = input.kind === 'reminder' && input.leadMinutes === HANDOFF_REMINDER_LEAD ? await previousHandoff(db, row.care_recipient_id, input.startUtc) : null;
  return { recipientName: row.recipient_name, assigneeName: row.assignee_name, when: formatWhen(`${local.localDate}T${local.localTime}`, lang), time: local.localTime, handoffNote };
}

/** The handoff note of the recipient's latest shift checked out before this one starts. */
export async function previousHandoff(db: DataSource, careRecipientId: string, beforeUtc: string): Promise<string | null> {
  const rows = (await db.query(
    `SELECT handoff_note FROM shifts WHERE care_recipient_id = $1 AND start_at < $2 AND handoff_note IS NOT NULL
      ORDER BY checked_out_at DESC NULLS LAST, end_at DESC LIMIT 1`,
    [careRecipientId, beforeUtc],
  )) as { handoff_note: string }[];
  return rows[0]?.handoff_note ?? null;
}

async function send(db: DataSource, config: Config, input: ShiftMessageInput): Promise<{ providerMessageId: string | null }> {
  const user = await addressesOf(db, input.userId);
  const c = await loadContext(db, input, user.language);
  const path = `/families/${input.familyId}/shifts?shift=${input.shiftId}`;
  const link = `${config.appBaseUrl}${path}`;
  switch (input.channel) {
    case 'email':
      return sendEmail(db, config, input, user.email, { ...shiftEmailText(input.kind, c, link, user.language), link });
    case 'sms':
      return sendSms(db, config, input, user.phone, shiftSmsText(input.kind, c, user.language));
    case 'push': {
      const subs = await pushSubscriptionsOf(db, config, input.userId);
      const m = writeShiftMessage(input.kind, c, user.language);
      const payload = { title: m.title, body: m.body, familyId: input.familyId, shiftId: input.shiftId, url: path, actions: [] };
      return sendPush(db, config, input, subs, { payload, urgency: URGENT.includes(input.kind) ? 'urgent' : 'routine', outboxCopy: { subject: m.title, body: m.body, link } });
    }
  }
}
