import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import type { DataSource, EntityManager } from 'typeorm';
import { storeInOutbox } from '../../api/outbox/dev-outbox';
import { nextDose } from './dose-calculator';
import { MedicationScheduleInput, type MedicationSchedule } from './schedule';
import {
  NO_MEDICATION_ADDRESS,
  type DoseOutcomeInput,
  type DoseOutcomeResult,
  type MedicationMessageInput,
  type NextDoseInput,
  type ScheduledDose,
} from './types';

const MINUTE_MS = 60_000;

/**
 * A UUID (version-5 layout, SHA-1) named by schedule and dose: the escalation of one dose
 * has one id however often the workflow asks, so it is opened and paged once.
 */
export function doseEscalationId(scheduleId: string, doseKey: string): string {
  const h = createHash('sha1').update(`carecircle/medication/${scheduleId}/${doseKey}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** The next dose of a schedule as UTC instants, from the pure calculator; null once it has ended. */
export function scheduledDose(scheduleId: string, schedule: MedicationSchedule, version: number, input: NextDoseInput): ScheduledDose | null {
  const dose = nextDose(schedule, new Date(input.afterUtc), input.afterDoseKey);
  if (!dose) return null;
  const due = Date.parse(dose.dueAt);
  return {
    doseKey: dose.doseKey,
    dueAt: dose.dueAt,
    headsUpAt: schedule.headsUpMinutes ? new Date(due - schedule.headsUpMinutes * MINUTE_MS).toISOString() : null,
    escalateAt: new Date(due + schedule.answerWindowMinutes * MINUTE_MS).toISOString(),
    label: `${dose.localTime} ${schedule.timeZone}`,
    version,
    escalationId: doseEscalationId(scheduleId, dose.doseKey),
  };
}

interface ScheduleRow {
  schedule: unknown;
  version: number;
  status: 'active' | 'paused' | 'ended' | 'deleted';
  supply_count: number | null;
  refill_threshold: number | null;
  refill_alert_sent: boolean;
  refill_alert_dose_key: string | null;
}

/**
 * The medication schedule's side effects: read the schedule, write dose outcomes and
 * refills, send reminders. Zone math happens here, never in the workflow: its results
 * are activity results, so they are in history and replay does not need tzdata.
 */
export function medicationActivities({ dataSource }: { dataSource: DataSource }) {
  return {
    /** Null when the schedule has ended, was deleted, or is as-needed (no reminders). */
    async nextDoseFor(input: NextDoseInput): Promise<ScheduledDose | null> {
      const rows = (await dataSource.query('SELECT schedule, version, status FROM medication_schedules WHERE id = $1', [input.scheduleId])) as ScheduleRow[];
      const row = rows[0];
      if (!row || row.status === 'deleted' || row.status === 'ended') return null;
      // Stored validated; parsing again fills defaults added since and refuses a corrupted row loudly.
      const parsed = MedicationScheduleInput.safeParse(row.schedule);
      if (!parsed.success) throw ApplicationFailure.nonRetryable(`schedule ${input.scheduleId} is not valid: ${parsed.error.message}`, 'InvalidSchedule');
      return scheduledDose(input.scheduleId, parsed.data, row.version, input);
    },

    /**
     * Writes a dose's outcome once (a retry is a no-op) and, for a dose taken, counts
     * the supply down in the same transaction. The dose that brings the supply to the
     * refill threshold is remembered on the schedule, so a retry of that very record
     * answers `refillDue` again (the alert's own key makes its send once) and no other does.
     */
    async recordDoseOutcome(input: DoseOutcomeInput): Promise<DoseOutcomeResult> {
      return dataSource.transaction(async (m) => {
        const inserted = (await m.query(
          `INSERT INTO dose_records (schedule_id, dose_key, due_at, outcome, answered_by, answered_via, answered_at, reason)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (schedule_id, dose_key) DO NOTHING RETURNING id`,
          [input.scheduleId, input.doseKey, input.dueAt, input.outcome, input.by, input.via, input.at, input.reason],
        )) as unknown[];
        const schedule = await lockSchedule(m, input.scheduleId);
        if (!schedule) return { recorded: inserted.length > 0, refillDue: false };
        if (inserted.length === 0) return { recorded: false, refillDue: schedule.refill_alert_dose_key === input.doseKey };
        const took = input.outcome === 'taken' || input.outcome === 'late';
        if (!took || schedule.supply_count === null) return { recorded: true, refillDue: false };

        const left = Math.max(0, schedule.supply_count - 1);
        const refillDue = schedule.refill_threshold !== null && left <= schedule.refill_threshold && !schedule.refill_alert_sent;
        await m.query(
          `UPDATE medication_schedules SET supply_count = $2, refill_alert_sent = refill_alert_sent OR $3,
                  refill_alert_dose_key = CASE WHEN $3 THEN $4 ELSE refill_alert_dose_key END, updated_at = now()
            WHERE id = $1`,
          [input.scheduleId, left, refillDue, input.doseKey],
        );
        return { recorded: true, refillDue };
      });
    },

    /** A refill adds to the supply and re-arms the alert for the next time it runs low. */
    async recordRefill(input: { scheduleId: string; added: number }): Promise<{ supplyCount: number | null }> {
      if (!Number.isInteger(input.added) || input.added < 1) throw ApplicationFailure.nonRetryable('A refill adds at least one dose.', 'InvalidRefill');
      const [rows] = (await dataSource.query(
        `UPDATE medication_schedules SET supply_count = COALESCE(supply_count, 0) + $2, refill_alert_sent = false,
                refill_alert_dose_key = NULL, updated_at = now()
          WHERE id = $1 RETURNING supply_count`,
        [input.scheduleId, input.added],
      )) as [{ supply_count: number }[], number];
      return { supplyCount: rows[0]?.supply_count ?? null };
    },

    /** The family's admins, who hear that a medication runs low. */
    async familyAdmins(input: { familyId: string }): Promise<string[]> {
      const rows = (await dataSource.query(`SELECT user_id FROM memberships WHERE family_id = $1 AND role = 'admin' ORDER BY created_at`, [
        input.familyId,
      ])) as { user_id: string }[];
      return rows.map((r) => r.user_id);
    },

    /**
     * A heads-up, a due reminder or a refill alert to one person on one channel.
     * A stopgap adapter: `deliver` is bound to escalation rows (its text and its
     * delivery_attempts row hang off an escalation id), so medication messages go to the
     * dev outbox only, under their business key (a retry stores once). Real providers to follow.
     * SMS leaves the medication's name out: it crosses carriers in clear.
     */
    async sendMedicationMessage(input: MedicationMessageInput): Promise<{ stored: boolean }> {
      const rows = (await dataSource.query(
        `SELECT u.email, u.phone, s.schedule, r.display_name AS recipient_name
           FROM users u, medication_schedules s JOIN care_recipients r ON r.id = s.care_recipient_id
          WHERE u.id = $1 AND s.id = $2`,
        [input.userId, input.scheduleId],
      )) as { email: string; phone: string | null; schedule: MedicationSchedule; recipient_name: string }[];
      const row = rows[0];
      if (!row) throw ApplicationFailure.nonRetryable(`schedule ${input.scheduleId} or user ${input.userId} no longer exists`, NO_MEDICATION_ADDRESS);
      if (input.channel === 'sms' && !row.phone) throw ApplicationFailure.nonRetryable(`user ${input.userId} has no phone number`, NO_MEDICATION_ADDRESS);
      const time = input.doseKey.slice(11);
      const what = input.channel === 'sms' ? 'a medication' : `${row.schedule.medicationName} (${row.schedule.dose})`;
      const body =
        input.kind === 'refill'
          ? `${what} for ${row.recipient_name} is running low: time to refill.`
          : input.kind === 'heads_up'
            ? `Coming up at ${time}: ${what} for ${row.recipient_name}.`
            : `Due now (${time}): ${what} for ${row.recipient_name}. Please mark it taken or skipped.`;
      const toAddress = input.channel === 'email' ? row.email : input.channel === 'sms' ? row.phone! : 'push';
      const stored = await storeInOutbox(dataSource, {
        idempotencyKey: input.idempotencyKey,
        channel: input.channel,
        toAddress,
        userId: input.userId,
        familyId: input.familyId,
        subject: input.channel === 'sms' ? null : `CareCircle: ${input.kind === 'refill' ? 'refill needed' : 'medication reminder'}`,
        body: input.channel === 'sms' ? `CareCircle: ${body}` : body,
      });
      return { stored };
    },
  };
}

async function lockSchedule(m: EntityManager, scheduleId: string): Promise<ScheduleRow | undefined> {
  const rows = (await m.query(
    `SELECT schedule, version, status, supply_count, refill_threshold, refill_alert_sent, refill_alert_dose_key
       FROM medication_schedules WHERE id = $1 FOR UPDATE`,
    [scheduleId],
  )) as ScheduleRow[];
  return rows[0];
}
