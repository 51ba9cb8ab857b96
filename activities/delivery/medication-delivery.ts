import type { DataSource } from 'typeorm';
import type { Config } from '../../api/config';
import type { DeliveryResult } from '../escalation/types';
import type { MedicationMessageInput } from '../medication/types';
import { medicationDueAtMs } from '../metrics/dose-due';
import { observeSend } from '../metrics/reminders';
import { providerFor, sendOnce } from './attempts';
import { ADDRESS_COLUMNS, addressesFrom, pushSubscriptionsOf, sendEmail, sendPush, sendSms, type AddressColumns, type Addresses } from './channels';
import type { DeliveryDeps } from './deliver';
import { permanentFailure } from './failures';
import { medicationEmailText, recipientTime, medicationSmsText, writeMedicationMessage, type MedicationContext } from './medication-messages';

/**
 * A heads-up, a due reminder or a refill alert to one person on one channel, through the
 * same providers, attempt records and delivery.changed events as an escalation's alert,
 * once per idempotency key. Doses are answered in the app, so these carry no answer link,
 * reply code or push action.
 */
/** The `kind` label of the reminder metrics: distinct from escalation pages' kinds. */
const METRIC_KIND: Record<MedicationMessageInput['kind'], string> = {
  heads_up: 'dose_heads_up',
  due: 'dose_due',
  refill: 'refill',
  stopped: 'schedule_stopped',
};

export function medicationDeliveryActivities({ dataSource, config }: DeliveryDeps) {
  return {
    async sendMedicationMessage(input: MedicationMessageInput): Promise<DeliveryResult> {
      const { idempotencyKey, familyId, userId, channel, scheduleId, doseKey } = input;
      const attempt = { idempotencyKey, familyId, userId, channel, escalationId: null, scheduleId, doseKey };
      const gone = `schedule ${scheduleId}: family, schedule or user no longer exists`;
      const meta = {
        kind: METRIC_KIND[input.kind],
        channel,
        provider: providerFor(config, channel),
        dueAtMs: () => medicationDueAtMs(dataSource, input),
      };
      return observeSend(meta, (firstClaim) => sendOnce(dataSource, config, attempt, gone, () => send(dataSource, config, input), firstClaim));
    },
  };
}

/**
 * The person's addresses and the medication's names in one read, where there were two: at
 * 08:00 this runs for every due dose. A person deleted meanwhile has no address; a schedule
 * deleted meanwhile (or marked so) fails for good: nobody should be reminded of it any more.
 */
async function loadMessageContext(db: DataSource, userId: string, scheduleId: string): Promise<{ user: Addresses; medication: MedicationContext }> {
  const rows = (await db.query(
    `SELECT u.id IS NOT NULL AS user_found, s.id IS NOT NULL AS schedule_found, ${ADDRESS_COLUMNS},
            s.schedule->>'medicationName' AS medication_name, s.schedule->>'dose' AS dose, r.display_name AS recipient_name
       FROM (SELECT 1) AS one
       LEFT JOIN users u ON u.id = $1
       LEFT JOIN (medication_schedules s JOIN care_recipients r ON r.id = s.care_recipient_id) ON s.id = $2 AND s.status <> 'deleted'`,
    [userId, scheduleId],
  )) as (AddressColumns & { user_found: boolean; schedule_found: boolean; medication_name: string; dose: string; recipient_name: string })[];
  const row = rows[0]!;
  const user = addressesFrom(row.user_found ? row : undefined, userId);
  if (!row.schedule_found) throw permanentFailure(`schedule ${scheduleId} no longer exists or was deleted`);
  return { user, medication: { medicationName: row.medication_name, dose: row.dose, recipientName: row.recipient_name } };
}

async function send(db: DataSource, config: Config, input: MedicationMessageInput): Promise<{ providerMessageId: string | null }> {
  const { user, medication: c } = await loadMessageContext(db, input.userId, input.scheduleId);
  const time = recipientTime(input.doseKey, c.recipientName, user.language);
  const todayPath = `/families/${input.familyId}/today`;
  const todayUrl = `${config.appBaseUrl}${todayPath}`;

  switch (input.channel) {
    case 'email':
      return sendEmail(db, config, input, user.email, { ...medicationEmailText(input.kind, c, time, todayUrl, user.language), link: todayUrl });
    case 'sms':
      return sendSms(db, config, input, user.phone, medicationSmsText(input.kind, c, time, user.language));
    case 'push': {
      const subs = await pushSubscriptionsOf(db, config, input.userId);
      const m = writeMedicationMessage(input.kind, c, time, user.language);
      const payload = { title: m.title, body: m.body, familyId: input.familyId, scheduleId: input.scheduleId, doseKey: input.doseKey, url: todayPath, actions: [] };
      // Every medication message is routine: a reminder may wait out battery saving, and goes stale after six hours.
      return sendPush(db, config, input, subs, { payload, urgency: 'routine', outboxCopy: { subject: m.title, body: m.body, link: todayUrl } });
    }
  }
}
