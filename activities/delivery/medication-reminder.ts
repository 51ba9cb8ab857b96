import type { DataSource } from 'typeorm';
import type { Channel } from '../../api/contracts/notifications';
import { loggableError } from '../../api/log';
import { publishDoseChanged } from '../../api/medications/today-dose';
import { contactActivities } from '../escalation/contacts';
import type { DoseReminderInput, DoseReminderResult } from '../medication/types';
import type { DeliveryDeps } from './deliver';
import { isPermanent, isProviderTransient, PROVIDER_TRIES } from './failures';
import { medicationDeliveryActivities } from './medication-delivery';

const ALL_CHANNELS: Channel[] = ['push', 'sms', 'email'];

/**
 * A dose's reminder in one activity task, where it used to take three (the person's
 * channels, the send, the live event) and a workflow task after each: at 08:00, when
 * every family's doses fall due together, those tasks were the queue.
 *
 * The channels are tried in the person's order as the workflow tried them, one send per
 * `${idempotencyKeyPrefix}/${channel}` through sendOnce, so a retry never sends twice: a
 * channel that fails for good gives way to the next at once; a provider or database that
 * may come back fails the attempt, Temporal retries it, and the channels given up before
 * are skipped (their attempt rows say so, read on every try). The live status rides on the attempt: it is
 * published after the delivery is recorded, and a failure to publish never fails a
 * reminder that went out (the next page load reads the dose from the database).
 */
export function medicationReminderActivities({ dataSource, config }: DeliveryDeps) {
  const { planContacts } = contactActivities({ dataSource });
  const { sendMedicationMessage } = medicationDeliveryActivities({ dataSource, config });

  async function remind(input: DoseReminderInput): Promise<DoseReminderResult> {
    const [plan] = await planContacts({ userIds: [input.userId], channels: ALL_CHANNELS, urgency: input.routine ? 'routine' : 'urgent' });
    if (!plan || plan.channels.length === 0) return { status: 'unreachable' };
    if (!input.afterQuiet && plan.quietUntil && Date.parse(plan.quietUntil) > Date.now()) return { status: 'quiet', quietUntil: plan.quietUntil };
    for (const channel of plan.channels) {
      const idempotencyKey = `${input.idempotencyKeyPrefix}/${channel}`;
      // Asked on every try, not only when Temporal counts a retry: a local first try run
      // again after its worker died, and the activity task after a failed local try, both start at attempt 1.
      if (await givenUp(dataSource, idempotencyKey)) continue;
      const { scheduleId, familyId, userId, kind, doseKey } = input;
      // Sent at once (no quiet hours waited out): it was due at the dose's instant.
      const dueAt = input.live && !input.afterQuiet ? input.live.dueAt : undefined;
      try {
        const sent = await sendMedicationMessage({ scheduleId, familyId, userId, channel, kind, doseKey, idempotencyKey, dueAt });
        return { status: sent.status, channel };
      } catch (err) {
        // No address, a refusal, or a provider given up after PROVIDER_TRIES: the next channel.
        if (!isPermanent(err)) throw err;
      }
    }
    return { status: 'unreachable' };
  }

  return {
    async remindDose(input: DoseReminderInput): Promise<DoseReminderResult> {
      let result: DoseReminderResult;
      try {
        result = await remind(input);
      } catch (err) {
        // A provider that is down delays the reminder, not the page; our own database down would refuse the event too.
        if (input.live && isProviderTransient(err)) await publishLive(dataSource, input);
        throw err;
      }
      if (input.live) await publishLive(dataSource, input);
      return result;
    },
  };
}

/** An earlier attempt of this reminder gave the channel up (it failed for good, or its provider failed PROVIDER_TRIES times). */
async function givenUp(db: DataSource, idempotencyKey: string): Promise<boolean> {
  const rows = (await db.query('SELECT status, tries FROM delivery_attempts WHERE idempotency_key = $1', [idempotencyKey])) as { status: string; tries: number }[];
  const row = rows[0];
  return row !== undefined && (row.status === 'failed_permanent' || (row.status === 'failed_transient' && Number(row.tries) >= PROVIDER_TRIES));
}

async function publishLive(db: DataSource, input: DoseReminderInput): Promise<void> {
  const { dueAt, ...open } = input.live!;
  try {
    await publishDoseChanged(db, input.scheduleId, { doseKey: input.doseKey, dueAt }, open);
  } catch (err) {
    console.warn('live event for a due dose not published; open pages show it on their next load', { scheduleId: input.scheduleId, ...loggableError(err) });
  }
}
