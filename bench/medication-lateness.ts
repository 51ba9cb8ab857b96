/**
 * Benchmark (not a test): how late is a dose reminder when many doses fall due at the
 * same minute (everyone's 08:00 pills), and how long does "taken" take to come back?
 *
 *   npm run bench:medication                 # 100 schedules
 *   BENCH_SCHEDULES=300 npm run bench:medication
 *
 * On a throwaway PostgreSQL + Temporal dev server with the real worker and activities
 * (deliveries to the dev outbox), it creates N schedules whose one dose is due at the
 * same wall-clock minute in Europe/Paris, waits for the reminders and then answers every
 * dose at once. Lateness = the reminder's delivery attempt recorded as sent minus the
 * dose's due instant. Prints figures only.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { seedFamily } from '../activities/escalation/open-escalation.test-seed';
import { wallClockAt, wallClockToInstant } from '../activities/time/zoned-time';
import { MedicationScheduleInput } from '../api/contracts/medications';
import { medicationHandle, startMedicationSchedule } from '../temporal/medications';
import { startThrowawayStack } from '../temporal/throwaway-stack';
import { printSummary } from './figures';
import { takenUpdate } from '../workflows/medication/messages';

const N = Number(process.env.BENCH_SCHEDULES ?? 100);
const ZONE = 'Europe/Paris';

const stack = await startThrowawayStack('bench-medication', path.join(os.tmpdir(), 'carecircle-bench-unused'));
const { client, dataSource, worker, taskQueue } = stack;

/** The first whole local minute at least `leadMs` ahead: set-up must finish before it. */
function doseMinuteAhead(leadMs: number) {
  const { localDate, localTime } = wallClockAt(ZONE, Date.now() + leadMs + 60_000);
  const dueMs = wallClockToInstant(ZONE, localDate, localTime);
  return { localDate, localTime, dueMs };
}

await worker.runUntil(async () => {
  const due = doseMinuteAhead(Math.max(45_000, N * 300));
  const runs: { scheduleId: string; anna: string; doseKey: string }[] = [];
  for (let i = 0; i < N; i++) {
    const family = await seedFamily(dataSource);
    await dataSource.query(`INSERT INTO notification_preferences (user_id, channels) VALUES ($1, '{email}')`, [family.anna]);
    const schedule = MedicationScheduleInput.parse({
      medicationName: 'Metformin',
      dose: '500 mg',
      careRecipientId: family.recipientId,
      assignedCaregiverId: family.anna,
      timeZone: ZONE,
      timesOfDay: [due.localTime],
      pattern: { kind: 'daily' },
      startDate: due.localDate,
      doseCount: 1,
    });
    const scheduleId = randomUUID();
    await dataSource.query(`INSERT INTO medication_schedules (id, family_id, care_recipient_id, schedule) VALUES ($1, $2, $3, $4)`, [
      scheduleId,
      family.familyId,
      family.recipientId,
      JSON.stringify(schedule),
    ]);
    const input = { scheduleId, familyId: family.familyId, careRecipientId: family.recipientId, assignedCaregiverId: family.anna };
    await startMedicationSchedule(client, taskQueue, { ...input, answerWindowMinutes: 30, snoozeMinutes: 10, maxSnoozes: 3 });
    runs.push({ scheduleId, anna: family.anna, doseKey: `${due.localDate}T${due.localTime}` });
  }
  console.log(`${N} schedules running; their dose is due at ${due.localTime} ${ZONE} (${Math.round((due.dueMs - Date.now()) / 1000)} s from now)`);

  const deadline = due.dueMs + 120_000;
  let sent: { key: string; at: Date }[] = [];
  while (Date.now() < deadline) {
    sent = (await dataSource.query(
      `SELECT idempotency_key AS key, updated_at AS at FROM delivery_attempts WHERE status = 'sent' AND idempotency_key LIKE 'med/%/due/%'`,
    )) as { key: string; at: Date }[];
    if (sent.length >= N) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  console.log(`due reminders sent: ${sent.length}/${N}`);
  printSummary('reminder lateness (sent − due)', sent.map((s) => new Date(s.at).getTime() - due.dueMs));

  const answerMs: number[] = [];
  const t0 = Date.now();
  await Promise.all(
    runs.map(async (r) => {
      const t = Date.now();
      await medicationHandle(client, r.scheduleId).executeUpdate(takenUpdate, { args: [{ doseKey: r.doseKey, userId: r.anna, via: 'app' }] });
      answerMs.push(Date.now() - t);
    }),
  );
  console.log(`${N} "taken" answers at once, all recorded in ${Date.now() - t0} ms`);
  printSummary('taken round trip (Update sent → outcome recorded, returned)', answerMs);
  const recorded = Number((await dataSource.query(`SELECT count(*) AS n FROM dose_records WHERE outcome = 'taken'`))[0].n);
  console.log(`dose records written: ${recorded}/${N}`);
});
await stack.stop();
