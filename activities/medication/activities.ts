import { setTimeout as delay } from 'node:timers/promises';
import { ApplicationFailure, asyncLocalStorage, log } from '@temporalio/activity';
import { loggableError } from '../../api/log';
import type { DataSource, EntityManager } from 'typeorm';
import { publishChanged, workflowSettings, type ScheduleRow as ScheduleRowView } from '../../api/medications/schedule-rows';
import { publishDoseChanged } from '../../api/medications/today-dose';
import { observeDoseAnswer } from '../metrics/escalations';
import { nextDose } from './dose-calculator';
import { doseEscalationId } from './dose-escalation-id';
import { MedicationScheduleInput, type MedicationSchedule } from './schedule';
import type { AnswerOnRecord, DoseAnnouncement, DoseOutcomeInput, DoseOutcomeResult, DosesAhead, NextDoseInput, ScheduledDose } from './types';

export { doseEscalationId };

const MINUTE_MS = 60_000;
/** How long a record may spend looking ahead: a small part of its 5 s, far more than its three reads take. */
const LOOK_AHEAD_BUDGET_MS = 1_000;

/** A warning in the worker's log (nothing when a test calls an activity directly). */
function warn(message: string, meta: Record<string, unknown>): void {
  if (asyncLocalStorage.getStore()) log.warn(message, meta);
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
  status: 'active' | 'paused' | 'ended' | 'deleted' | 'stopped';
  supply_count: number | null;
  refill_threshold: number | null;
  refill_alert_sent: boolean;
  refill_alert_dose_key: string | null;
}

/**
 * The medication schedule's side effects: read the schedule, write dose outcomes and
 * refills. Zone math happens here, never in the workflow: its results
 * are activity results, so they are in history and replay does not need tzdata.
 */
export function medicationActivities({ dataSource }: { dataSource: DataSource }) {
  /** The schedule as it reads now, in the recipient's zone; null when it has ended or was deleted. */
  async function scheduleFor(scheduleId: string): Promise<{ scheduleId: string; schedule: MedicationSchedule; version: number } | null> {
    const rows = (await dataSource.query(
      `SELECT s.schedule, s.version, s.status, r.time_zone
         FROM medication_schedules s LEFT JOIN care_recipients r ON r.id = s.care_recipient_id
        WHERE s.id = $1`,
      [scheduleId],
    )) as (ScheduleRow & { time_zone: string | null })[];
    const row = rows[0];
    if (!row || row.status === 'deleted' || row.status === 'ended') return null;
    // Stored validated; parsing again fills defaults added since and refuses a corrupted row loudly.
    const parsed = MedicationScheduleInput.safeParse(row.schedule);
    if (!parsed.success) throw ApplicationFailure.nonRetryable(`schedule ${scheduleId} is not valid: ${parsed.error.message}`, 'InvalidSchedule');
    // Doses follow where the recipient lives now: after a move, the next dose is computed in the new zone.
    const schedule = row.time_zone ? { ...parsed.data, timeZone: row.time_zone } : parsed.data;
    return { scheduleId, schedule, version: row.version };
  }

  /** The next dose after `input`; a move west repeats hours of the local day, and a dose already on the record is not asked for again. */
  async function nextUnrecorded(row: { scheduleId: string; schedule: MedicationSchedule; version: number }, input: NextDoseInput): Promise<ScheduledDose | null> {
    for (let after = input; ; ) {
      const dose = scheduledDose(row.scheduleId, row.schedule, row.version, after);
      if (!dose) return null;
      const recorded = (await dataSource.query('SELECT 1 FROM dose_records WHERE schedule_id = $1 AND dose_key = $2', [row.scheduleId, dose.doseKey])) as unknown[];
      if (recorded.length === 0) return dose;
      after = { scheduleId: row.scheduleId, afterUtc: dose.dueAt, afterDoseKey: dose.doseKey };
    }
  }

  /**
   * The next doses due at one instant and the dose after them, from one read of the
   * row: what the workflow needs until the dose after them, looked up once, before it
   * sleeps (an edit wakes it to look again), so a due dose costs no lookup when it falls due.
   */
  async function dosesAhead(input: NextDoseInput): Promise<DosesAhead> {
    const row = await scheduleFor(input.scheduleId);
    const first = row && (await nextUnrecorded(row, input));
    if (!row || !first) return { doses: [], upcoming: null };
    const doses = [first];
    const settings = { version: row.version, ...workflowSettings(row.schedule) };
    for (;;) {
      const last = doses.at(-1)!;
      const next = await nextUnrecorded(row, { scheduleId: input.scheduleId, afterUtc: last.dueAt, afterDoseKey: last.doseKey });
      if (next?.dueAt !== first.dueAt) return { doses, upcoming: next, settings };
      doses.push(next);
    }
  }

  /**
   * The record's look ahead is a saving, never a condition: when it fails or is slow (it
   * shares the record's 5-s limit) the record returns without it, and the workflow looks
   * up as it always did.
   */
  async function aheadOf(input: DoseOutcomeInput): Promise<DosesAhead | undefined> {
    if (!input.lookAhead) return undefined;
    const lookup = dosesAhead({ scheduleId: input.scheduleId, ...input.lookAhead }).then(
      (ahead) => ({ ahead }),
      (error: unknown) => ({ error }),
    );
    const outcome = await Promise.race([lookup, delay(LOOK_AHEAD_BUDGET_MS, { late: true } as const, { ref: false })]);
    if ('ahead' in outcome) return outcome.ahead;
    const why = 'late' in outcome ? { slowerThanMs: LOOK_AHEAD_BUDGET_MS } : loggableError(outcome.error);
    warn('doses ahead not brought back with the record: the workflow looks them up itself', { scheduleId: input.scheduleId, ...why });
    return undefined;
  }

  return {
    /** Null when the schedule has ended, was deleted, or is as-needed (no reminders). */
    async nextDoseFor(input: NextDoseInput): Promise<ScheduledDose | null> {
      const row = await scheduleFor(input.scheduleId);
      return row && nextUnrecorded(row, input);
    },

    dosesAhead,

    /**
     * Writes a dose's outcome once (a retry is a no-op) and, for a dose taken, counts
     * the supply down in the same transaction. The dose that brings the supply to the
     * refill threshold is remembered on the schedule, so a retry of that very record
     * answers `refillDue` again (the alert's own key makes its send once) and no other does.
     * Asked with `lookAhead`, it also brings the doses ahead, so the workflow task that took
     * the answer goes to sleep without an activity task and a workflow task more for them.
     */
    async recordDoseOutcome(input: DoseOutcomeInput): Promise<DoseOutcomeResult> {
      const result = await dataSource.transaction(async (m): Promise<DoseOutcomeResult> => {
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
      if (result.recorded && input.by !== null && input.outcome !== 'missed') observeDoseAnswer(input.dueAt, input.at, input.via);
      // Also on a retry: the first try may have committed and then failed to tell anyone.
      await publishDoseChanged(dataSource, input.scheduleId, { doseKey: input.doseKey, dueAt: input.dueAt });
      if (input.outcome === 'taken' || input.outcome === 'late') {
        // The supply went down: the medication list shows the count (and "refill needed") live.
        const rows = (await dataSource.query('SELECT * FROM medication_schedules WHERE id = $1', [input.scheduleId])) as ScheduleRowView[];
        if (rows[0] && rows[0].supply_count !== null && rows[0].status !== 'deleted') await publishChanged(dataSource, rows[0]);
      }
      const ahead = await aheadOf(input);
      return ahead ? { ...result, ahead } : result;
    },

    /**
     * The answer on the record for a dose, if any: the workflow asks before it pages the
     * backups, so an answer written down whose message never reached it pages nobody.
     */
    async answerOnRecord(input: { scheduleId: string; doseKey: string }): Promise<AnswerOnRecord | null> {
      const rows = (await dataSource.query(
        `SELECT outcome, answered_by, answered_via, answered_at, reason FROM dose_records
          WHERE schedule_id = $1 AND dose_key = $2 AND outcome <> 'missed'`,
        [input.scheduleId, input.doseKey],
      )) as { outcome: AnswerOnRecord['outcome']; answered_by: string | null; answered_via: AnswerOnRecord['via']; answered_at: Date; reason: string | null }[];
      const row = rows[0];
      return row ? { outcome: row.outcome, by: row.answered_by, via: row.answered_via, reason: row.reason, at: row.answered_at.toISOString() } : null;
    },

    /** Due, snoozed or escalating: the family's open pages show it at once. */
    async announceDose(input: DoseAnnouncement): Promise<void> {
      const { scheduleId, doseKey, dueAt, ...open } = input;
      await publishDoseChanged(dataSource, scheduleId, { doseKey, dueAt }, open);
    },

    /**
     * The last dose is behind it (end date or dose count): the row says so, and open pages
     * redraw it. An as-needed medication has no doses to wait for, yet it is still in use.
     */
    async markScheduleEnded(input: { scheduleId: string }): Promise<void> {
      const [rows] = (await dataSource.query(
        `UPDATE medication_schedules SET status = 'ended', updated_at = now()
          WHERE id = $1 AND status = 'active' AND NOT COALESCE((schedule->>'asNeeded')::boolean, false) RETURNING *`,
        [input.scheduleId],
      )) as [ScheduleRowView[], number];
      if (rows[0]) await publishChanged(dataSource, rows[0]);
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
