/**
 * Benchmark (not a test): CPU-seconds per due dose when N doses fall due on one minute,
 * summed over the worker, the Temporal dev server and PostgreSQL (each process tree's
 * utime + stime from /proc, before the minute and once every reminder is sent). CPU
 * time is far less sensitive than lateness to other work on a shared machine.
 *
 *   BENCH_BURST=2000 node --import tsx bench/burst-cpu.ts
 *
 * BENCH_EAGER=0 turns off the dev server's `system.enableActivityEagerExecution` (on, as
 * in every dev server), and BENCH_DYNAMIC_CONFIG (JSON) sets any other dev-server setting.
 * It also prints the reminders' lateness (sent − due), which unlike CPU depends on what
 * else runs; where that lateness goes for 60 of them (due → timer fired → workflow task
 * started → completed, and how long the task that started the timer took); and the events per
 * schedule's history.
 */
import os from 'node:os';
import { line, summarize } from './suite/figures';
import { exitWithVerdictCode, flaw, verdict } from './suite/flaws';
import { cpuSnapshot, devStackProcesses } from './suite/process-cpu';
import { remindedTwice, DueReminders } from './suite/reminders';
import { minuteAhead, seedSchedules, waitScheduled } from './suite/seed';
import { startDevBenchStack } from './suite/stack';
import { medicationHandle } from '../temporal/medications';
import { useFixtureKey } from '../temporal/codec/fixture-keys';

// Payloads encrypted as in production, with a key made for this run.
useFixtureKey();

const N = Number(process.env.BENCH_BURST ?? 300);
const eager = process.env.BENCH_EAGER !== '0';

// BENCH_DYNAMIC_CONFIG='{"key":value}' adds server settings, to measure one before adopting it.
const extraConfig = JSON.parse(process.env.BENCH_DYNAMIC_CONFIG ?? '{}') as Record<string, string | number | boolean>;
const stack = await startDevBenchStack(1, { 'system.enableActivityEagerExecution': eager, ...extraConfig });
const roles = devStackProcesses(stack);
const snap = () => cpuSnapshot(roles);

const due = minuteAhead(20_000 + N * 60);
const doses = await seedSchedules(stack, Array<number>(N).fill(due), { label: `${N} doses due on one minute` });
await waitScheduled(stack, doses.map((d) => d.dueMs), 'cpu', Math.max(30_000, due - Date.now()));
// Idle rate over the quiet seconds before the minute (pollers, timers), subtracted below.
const quietStart = Date.now();
const idle0 = snap();
await new Promise((r) => setTimeout(r, Math.max(1000, due - 2000 - Date.now())));
const idleMs = Date.now() - quietStart;
const before = snap();
const t0 = Date.now();
const reminders = new DueReminders(stack, doses);
await reminders.waitSent(due + 10 * 60_000);
await new Promise((r) => setTimeout(r, 3000)); // the workflow task after each send
const after = snap();
const windowMs = Date.now() - t0;
const twice = await remindedTwice(stack, doses);
const lateness = line('lateness', summarize(reminders.lateness()));
// Where the lateness goes, per sampled dose: due → timer fired → workflow task started → completed.
// `armed`: how long the workflow task that started the timer took. The workflow's clock stands
// at that task's start, while the server counts the timer's duration from the task's completion,
// so a timer fires late by about that long.
const phases = { fired: [] as number[], armed: [] as number[], started: [] as number[], completed: [] as number[] };
let sampledEvents = 0;
// Spread over the seeding order: the first seeded started their timers on a quieter server.
const sampled = Array.from({ length: Math.min(60, doses.length) }, (_, i) => doses[Math.floor((i * doses.length) / Math.min(60, doses.length))]!);
for (const d of sampled) {
  const events = (await medicationHandle(stack.client, d.scheduleId).fetchHistory()).events ?? [];
  const ms = (e: { eventTime?: { seconds?: unknown; nanos?: number | null } | null }) => Number(e.eventTime!.seconds) * 1000 + Math.round((e.eventTime!.nanos ?? 0) / 1e6);
  const fired = events.findIndex((e) => e.timerFiredEventAttributes);
  const started = events.findIndex((e, i) => i > fired && e.workflowTaskStartedEventAttributes);
  const completed = events.findIndex((e, i) => i > started && e.workflowTaskCompletedEventAttributes);
  sampledEvents += events.length;
  if (fired < 0 || started < 0 || completed < 0) continue;
  const byId = (id: unknown) => events.find((e) => Number(e.eventId) === Number(id));
  const timerStarted = byId(events[fired]!.timerFiredEventAttributes!.startedEventId);
  const armedBy = byId(timerStarted?.timerStartedEventAttributes?.workflowTaskCompletedEventId);
  const armedFrom = byId(armedBy?.workflowTaskCompletedEventAttributes?.startedEventId);
  if (armedBy && armedFrom) phases.armed.push(ms(armedBy) - ms(armedFrom));
  phases.fired.push(ms(events[fired]!) - d.dueMs);
  phases.started.push(ms(events[started]!) - ms(events[fired]!));
  phases.completed.push(ms(events[completed]!) - ms(events[started]!));
}
const phaseLine = Object.entries(phases).map(([k, v]) => `${k}=${line('', summarize(v)).replace(/^: /, '')}`).join(' | ');
const parts = Object.keys(roles).map((k) => {
  const role = k as keyof typeof roles;
  const idleRate = (before[role] - idle0[role]) / idleMs;
  return { role, raw: after[role] - before[role], net: after[role] - before[role] - idleRate * windowMs };
});
const sum = (f: (p: (typeof parts)[number]) => number) => parts.reduce((a, p) => a + f(p), 0);
console.log(
  `RESULT eager=${eager ? 1 : 0} N=${N} sent=${reminders.sentAt.size} twice=${twice.attempts + twice.outbox} ` +
    `msPerDose=${(sum((p) => p.net) / N).toFixed(1)} rawMsPerDose=${(sum((p) => p.raw) / N).toFixed(1)} ` +
    parts.map((p) => `${p.role}=${(p.net / 1000).toFixed(1)}s`).join(' ') +
    ` ${lateness} [${phaseLine}] eventsPerSchedule=${(sampledEvents / sampled.length).toFixed(1)} window=${(windowMs / 1000).toFixed(1)}s idleWindow=${(idleMs / 1000).toFixed(1)}s load=${os.loadavg().map((l) => l.toFixed(1)).join('/')}`,
);
if (reminders.sentAt.size < N) flaw('cpu', `${N - reminders.sentAt.size} of ${N} doses not reminded 10 minutes after the minute`, 'delivery');
if (twice.attempts + twice.outbox > 0) flaw('cpu', `${twice.attempts + twice.outbox} reminders sent twice`, 'delivery');
verdict({ quick: false });
await stack.stop();
exitWithVerdictCode();
