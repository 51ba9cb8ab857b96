import { randomUUID } from 'node:crypto';
import { wallClockAt } from '../../activities/time/zoned-time';
import { MedicationScheduleInput } from '../../api/contracts/medications';
import { startMedicationSchedule } from '../../temporal/medications';
import { report, seconds } from './figures';
import { flaw } from './flaws';
import type { BenchStack } from './stack';

export const ZONE = 'Europe/Paris';
/** The shortest answer window the product allows: an unanswered dose pages its chain this long after it fell due. */
export const ANSWER_WINDOW_MIN = 5;
const SCHEDULES_PER_FAMILY = 4;
const START_CONCURRENCY = 32;
const START_CHUNK = 500;

export interface SeededDose {
  scheduleId: string;
  familyId: string;
  recipientId: string;
  /** The assigned caregiver (paged first by the chain); `ben` is paged second. */
  anna: string;
  ben: string;
  doseKey: string;
  dueMs: number;
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function pool<T>(items: T[], limit: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(lanes);
}

/** The first whole minute at least `leadMs` from now: doses fall due on whole minutes (schedules are "HH:MM"). */
export function minuteAhead(leadMs: number): number {
  return Math.ceil((Date.now() + leadMs) / 60_000) * 60_000;
}

const ids = (n: number) => Array.from({ length: n }, () => randomUUID());

/**
 * Inserts the families, caregivers, chains and one daily schedule per due instant in a
 * handful of bulk statements and (unless `startWorkflows` is false, for the baseline)
 * starts each schedule's workflow with a bounded pool after its row, as the API's create
 * route does.
 * Every schedule stays open after its dose: its next one is tomorrow.
 */
export async function seedSchedules(stack: BenchStack, dues: number[], opts: { startWorkflows?: boolean; label: string }): Promise<SeededDose[]> {
  const t0 = Date.now();
  const db = stack.dataSource;
  const families = Math.ceil(dues.length / SCHEDULES_PER_FAMILY);
  const familyIds = ids(families);
  const recipientIds = ids(families);
  const annas = ids(families);
  const bens = ids(families);
  await db.transaction(async (m) => {
    await m.query(`INSERT INTO families (id, name) SELECT unnest($1::uuid[]), 'Bench family'`, [familyIds]);
    await m.query(
      `INSERT INTO users (id, email, password_hash, display_name, time_zone, email_verified_at)
       SELECT u, 'bench-' || u || '@example.test', 'x', 'Someone', $2, now() FROM unnest($1::uuid[]) u`,
      [[...annas, ...bens], ZONE],
    );
    await m.query(`INSERT INTO memberships (family_id, user_id, role) SELECT f, u, 'caregiver' FROM unnest($1::uuid[], $2::uuid[]) AS t(f, u)`, [
      [...familyIds, ...familyIds],
      [...annas, ...bens],
    ]);
    await m.query(`INSERT INTO notification_preferences (user_id, channels) SELECT u, '{email}' FROM unnest($1::uuid[]) u`, [[...annas, ...bens]]);
    await m.query(`INSERT INTO care_recipients (id, family_id, display_name, time_zone) SELECT r, f, 'Grandma', $3 FROM unnest($1::uuid[], $2::uuid[]) AS t(r, f)`, [
      recipientIds,
      familyIds,
      ZONE,
    ]);
    // Anna first, then Ben a minute later: the chain an unanswered dose (and T6's escalations) pages.
    const chains = annas.map((anna, i) =>
      JSON.stringify([
        { targets: { kind: 'members', userIds: [anna] }, channels: ['email'], waitMinutes: 1 },
        { targets: { kind: 'members', userIds: [bens[i]] }, channels: ['email'], waitMinutes: 1 },
      ]),
    );
    await m.query(`INSERT INTO escalation_policies (care_recipient_id, family_id, steps, repeat) SELECT r, f, s::jsonb, 1 FROM unnest($1::uuid[], $2::uuid[], $3::text[]) AS t(r, f, s)`, [
      recipientIds,
      familyIds,
      chains,
    ]);
  });

  const doses: SeededDose[] = dues.map((dueMs, i) => {
    const f = Math.floor(i / SCHEDULES_PER_FAMILY);
    const { localDate, localTime } = wallClockAt(ZONE, dueMs);
    return { scheduleId: randomUUID(), familyId: familyIds[f]!, recipientId: recipientIds[f]!, anna: annas[f]!, ben: bens[f]!, doseKey: `${localDate}T${localTime}`, dueMs };
  });
  const bodyOf = (d: SeededDose) => {
    const [localDate, localTime] = d.doseKey.split('T') as [string, string];
    return JSON.stringify(
      MedicationScheduleInput.parse({
        medicationName: 'Metformin',
        dose: '500 mg',
        careRecipientId: d.recipientId,
        assignedCaregiverId: d.anna,
        timeZone: ZONE,
        timesOfDay: [localTime],
        pattern: { kind: 'daily' },
        startDate: localDate,
        answerWindowMinutes: ANSWER_WINDOW_MIN,
      }),
    );
  };
  const insertRows = (chunk: SeededDose[], status: 'active' | 'ended') =>
    db.query(
      `INSERT INTO medication_schedules (id, family_id, care_recipient_id, schedule, status)
       SELECT i, f, r, s::jsonb, $5 FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[]) AS t(i, f, r, s)`,
      [chunk.map((d) => d.scheduleId), chunk.map((d) => d.familyId), chunk.map((d) => d.recipientId), chunk.map(bodyOf), status],
    );
  if (opts.startWorkflows === false) {
    // No workflow ever runs for these (the baseline's scan job sends them): 'ended' keeps the watchdog from reporting them lost.
    await insertRows(doses, 'ended');
    report('setup', `${opts.label}: ${dues.length} schedule rows in ${Date.now() - t0} ms (no workflows: baseline)`);
    return doses;
  }
  let rowsMs = 0;
  let startMs = 0;
  // Rows and their workflows a chunk at a time: a row never waits long enough without one for the watchdog to call it lost.
  for (let i = 0; i < doses.length; i += START_CHUNK) {
    const chunk = doses.slice(i, i + START_CHUNK);
    const t1 = Date.now();
    await insertRows(chunk, 'active');
    const t2 = Date.now();
    await pool(chunk, START_CONCURRENCY, (d) =>
      startMedicationSchedule(stack.client, stack.taskQueue, {
        scheduleId: d.scheduleId,
        familyId: d.familyId,
        careRecipientId: d.recipientId,
        assignedCaregiverId: d.anna,
        answerWindowMinutes: ANSWER_WINDOW_MIN,
        snoozeMinutes: 10,
        maxSnoozes: 3,
      }),
    );
    rowsMs += t2 - t1;
    startMs += Date.now() - t2;
  }
  report('setup', `${opts.label}: ${dues.length} schedules: rows ${rowsMs} ms, workflows started ${startMs} ms (${Math.round((dues.length * 1000) / Math.max(1, startMs))}/s), total ${seconds(t0)}`);
  return doses;
}

/**
 * Waits until Temporal's visibility shows each new workflow holding its next dose (its
 * first activity done and its timer set), so a section's clock starts on a settled stack.
 * Not settled in time is a flaw: the figures include set-up, or a dose was skipped.
 */
export async function waitScheduled(stack: BenchStack, dues: number[], label: string, timeoutMs: number): Promise<void> {
  const t0 = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  // A second either side: the dev server compares datetimes as text, and "…:00Z" sorts after "…:00.000Z".
  const query = `TaskQueue = '${stack.taskQueue}' AND NextDoseAt >= '${iso(dues.reduce((a, b) => Math.min(a, b)) - 1000)}' AND NextDoseAt <= '${iso(dues.reduce((a, b) => Math.max(a, b)) + 1000)}'`;
  let seen = 0;
  while (Date.now() - t0 < timeoutMs) {
    seen = (await stack.client.workflow.count(query)).count;
    if (seen >= dues.length) {
      report('setup', `${label}: all ${dues.length} workflows waiting for their dose after ${seconds(t0)}`);
      return;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  flaw(label, `only ${seen}/${dues.length} workflows had scheduled their dose after ${seconds(t0)}`, 'set-up');
}
