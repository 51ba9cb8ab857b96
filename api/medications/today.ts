import { doseEscalationId } from '../../activities/medication/dose-escalation-id';
import { doseInstantsBetween, type DoseInstant } from '../../activities/medication/dose-calculator';
import { wallClockAt } from '../../activities/time/zoned-time';
import type { MedicationState, PendingDose } from '../../workflows/medication/messages';
import { MedicationScheduleInput } from '../contracts/medications';
import type { TodayDose } from '../contracts/medication-views';
import type { AppDeps } from '../deps';
import type { Queryable } from '../events/publisher';
import { liveState } from './live-state';
import { todayDose, type DoseRecordRow, type OpenDose, type ScheduleRowForDose } from './today-dose';

const DAY_MS = 86_400_000;

interface Plan {
  row: ScheduleRowForDose;
  /** Doses whose key is today's date in the schedule's zone. */
  todays: DoseInstant[];
  /** The last dose before today: a 22:00 dose may still be escalating after midnight. */
  before: DoseInstant | undefined;
}

type Dose = Pick<DoseInstant, 'doseKey' | 'dueAt'>;
const recordKey = (scheduleId: string, doseKey: string) => `${scheduleId}/${doseKey}`;

/**
 * "Today" is the calendar day of the schedule's own zone (the recipient's, as the schedule
 * states it), so every dose listed has a key with today's date. 32 days back finds the
 * last dose before today for every pattern (every-N-days is at most 30); 2 days ahead
 * covers the rest of today in any zone.
 */
function planOf(row: ScheduleRowForDose, now: number): Plan | undefined {
  const schedule = MedicationScheduleInput.parse(row.schedule);
  if (schedule.asNeeded) return undefined;
  const today = wallClockAt(schedule.timeZone, now).localDate;
  const doses = doseInstantsBetween(schedule, new Date(now - 32 * DAY_MS), new Date(now + 2 * DAY_MS));
  return { row, todays: doses.filter((d) => d.localDate === today), before: doses.filter((d) => d.localDate < today).at(-1) };
}

/**
 * Only the latest doses already due can still be waiting for an answer (the workflow closes
 * a dose as missed when the next one falls due; doses due at one instant are open together):
 * the workflow is asked only when one of them has no record yet.
 */
function mayBeOpen(plan: Plan, records: Map<string, DoseRecordRow>, now: number): boolean {
  // A stopped schedule's failed workflow still answers queries with the dose it died on: nothing is open.
  if (plan.row.status === 'ended' || plan.row.status === 'stopped') return false;
  const due = [...(plan.before ? [plan.before] : []), ...plan.todays].filter((d) => Date.parse(d.dueAt) <= now);
  const latest = due.at(-1);
  return latest !== undefined && due.some((d) => d.dueAt === latest.dueAt && !records.has(recordKey(plan.row.id, d.doseKey)));
}

/** The open doses: `pendingDoses` from workflows that have it, else the one `pendingDose`. */
function pendingOf(state: MedicationState | undefined): PendingDose[] {
  return state?.pendingDoses ?? (state?.pendingDose ? [state.pendingDose] : []);
}

/** Escalating once its chain has started (each dose due together has its own). */
function openDose(pending: PendingDose): OpenDose {
  if (pending.escalationId !== null) return { status: 'escalating', escalationId: pending.escalationId, snoozes: pending.snoozes };
  return { status: pending.snoozes > 0 ? 'snoozed' : 'due', escalationId: null, snoozes: pending.snoozes };
}

const dueNow: OpenDose = { status: 'due', escalationId: null, snoozes: 0 };

/**
 * One schedule's doses for Today. A past dose with no record and not open in the workflow
 * was never asked for (it fell before the schedule began, or during a pause) and is left
 * out, unless the schedule is paused now (then it shows as paused).
 */
function dosesOf(plan: Plan, records: Map<string, DoseRecordRow>, escalated: Set<string>, now: number, asked: boolean, state?: MedicationState): TodayDose[] {
  const { row } = plan;
  const open = pendingOf(state);
  const doses: Dose[] = [...plan.todays];
  const recorded = (key: string) => records.get(recordKey(row.id, key));
  for (const pending of [...open].reverse()) {
    if (!recorded(pending.doseKey) && !doses.some((d) => d.doseKey === pending.doseKey)) doses.unshift({ doseKey: pending.doseKey, dueAt: pending.dueAt });
  }
  const out: TodayDose[] = [];
  for (const dose of doses) {
    const record = recorded(dose.doseKey);
    const pending = open.find((p) => p.doseKey === dose.doseKey);
    if (record) out.push(todayDose(row, dose, record, undefined, escalated.has(doseEscalationId(row.id, dose.doseKey))));
    else if (pending) out.push(todayDose(row, dose, undefined, openDose(pending)));
    else if (Date.parse(dose.dueAt) > now || row.status === 'paused' || row.status === 'stopped') out.push(todayDose(row, dose));
    // Silent workflow, or its timer fired and the dose is about to open.
    else if ((asked && !state) || state?.nextDose?.doseKey === dose.doseKey) out.push(todayDose(row, dose, undefined, dueNow));
  }
  return out;
}

/**
 * Doses of as-needed schedules logged by hand today, each on its own recipient's calendar
 * (the key's date): they are recorded as given, so there is nothing open to ask about.
 */
async function asNeededLogs(db: Queryable, rows: ScheduleRowForDose[], now: number): Promise<TodayDose[]> {
  const prn = rows.filter((r) => MedicationScheduleInput.parse(r.schedule).asNeeded);
  if (prn.length === 0) return [];
  const days = prn.map((r) => wallClockAt(MedicationScheduleInput.parse(r.schedule).timeZone, now).localDate);
  const records = (await db.query(
    `SELECT d.schedule_id, d.dose_key, d.due_at, d.outcome, d.answered_by, d.answered_via, d.answered_at, d.reason, d.corrected_by, d.corrected_from, d.corrected_at
       FROM dose_records d JOIN unnest($1::uuid[], $2::text[]) AS k(schedule_id, day)
         ON d.schedule_id = k.schedule_id AND left(d.dose_key, 10) = k.day`,
    [prn.map((r) => r.id), days],
  )) as (DoseRecordRow & { schedule_id: string })[];
  const byId = new Map(prn.map((r) => [r.id, r]));
  return records.map((r) => todayDose(byId.get(r.schedule_id)!, { doseKey: r.dose_key, dueAt: new Date(r.due_at).toISOString() }, r));
}

/** Every running schedule's doses of today, with outcomes and where open ones stand; by due instant. */
export async function familyToday(deps: AppDeps, familyId: string, now = Date.now()): Promise<TodayDose[]> {
  const db = deps.dataSource;
  const rows = (await db.query(
    `SELECT id, family_id, care_recipient_id, schedule, status FROM medication_schedules
      WHERE family_id = $1 AND status <> 'deleted' ORDER BY created_at, id`,
    [familyId],
  )) as ScheduleRowForDose[];
  const plans = rows.map((r) => planOf(r, now)).filter((p): p is Plan => p !== undefined);
  const keys = plans.flatMap((p) => [...(p.before ? [p.before] : []), ...p.todays].map((d) => [p.row.id, d.doseKey] as const));
  const recordRows = (await db.query(
    `SELECT d.schedule_id, d.dose_key, d.due_at, d.outcome, d.answered_by, d.answered_via, d.answered_at, d.reason, d.corrected_by, d.corrected_from, d.corrected_at
       FROM dose_records d JOIN unnest($1::uuid[], $2::text[]) AS k(schedule_id, dose_key) USING (schedule_id, dose_key)`,
    [keys.map((k) => k[0]), keys.map((k) => k[1])],
  )) as (DoseRecordRow & { schedule_id: string })[];
  const records = new Map(recordRows.map((r) => [recordKey(r.schedule_id, r.dose_key), r]));
  const escalationIds = recordRows.map((r) => doseEscalationId(r.schedule_id, r.dose_key));
  const escalated = new Set(
    ((await db.query('SELECT id FROM escalations WHERE id = ANY($1::uuid[])', [escalationIds])) as { id: string }[]).map((r) => r.id),
  );

  // One query per schedule that may have an open dose, all at once.
  const asked = plans.filter((p) => mayBeOpen(p, records, now));
  const states = new Map(await Promise.all(asked.map(async (p) => [p.row.id, await liveState(deps, p.row.id)] as const)));
  const scheduled = plans.flatMap((p) => dosesOf(p, records, escalated, now, states.has(p.row.id), states.get(p.row.id)));
  return [...scheduled, ...(await asNeededLogs(db, rows, now))].sort(
    (a, b) => a.dueAt.localeCompare(b.dueAt) || a.scheduleId.localeCompare(b.scheduleId) || a.doseKey.localeCompare(b.doseKey),
  );
}
