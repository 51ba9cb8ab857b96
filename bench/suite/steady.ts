import { setTimeout as delay } from 'node:timers/promises';
import { chainFirstPageLateness, openEscalations, secondStepLateness } from './escalation-steps';
import { line, report, summarize, type Summary } from './figures';
import { flaw } from './flaws';
import type { BenchOptions } from './options';
import { Answerer, DueReminders, remindedTwice } from './reminders';
import { minuteAhead, seedSchedules, waitScheduled, type SeededDose } from './seed';
import type { BenchStack } from './stack';

const MIN = 60_000;
/** Set-up time to allow per schedule before its dose falls due: seeding, then each workflow's first tasks (about 50 ms each on a busy 2-core machine). */
const SEED_MS_PER_SCHEDULE = Number(process.env.BENCH_SEED_MS_PER_SCHEDULE ?? 60);

/** `perMinute` doses on each of `minutes` whole minutes from `first`: schedules are "HH:MM", so a steady rate arrives on the minute. */
export function steadyDues(first: number, perMinute: number, minutes: number): number[] {
  return Array.from({ length: minutes }, (_, m) => Array<number>(perMinute).fill(first + m * MIN)).flat();
}

export interface SteadyResult {
  lateness: Summary;
  openSchedules: number;
}

/**
 * T1 (steady state) and T6 (escalation steps under that load). `openSchedules` daily
 * schedules: `rate × 60` fall due on each of the window's minutes, the rest far ahead
 * (open, sleeping). Doses are answered "taken" as their reminders arrive, except every
 * n-th of those whose chain pages before the window ends; escalations opened at the
 * start page their second step a minute later, under the same load.
 */
export async function steadyState(stack: BenchStack, o: BenchOptions, tag = 'T1'): Promise<SteadyResult> {
  const perMinute = Math.round(o.steadyRatePerSec * 60);
  const first = minuteAhead(30_000 + o.openSchedules * SEED_MS_PER_SCHEDULE);
  const window = steadyDues(first, perMinute, o.steadyWindowMin);
  const idle = Math.max(0, o.openSchedules - window.length);
  // Sleeping schedules: their dose is 8 to 20 hours ahead, long after the bench.
  const far = Array.from({ length: idle }, (_, i) => first + 8 * 60 * MIN + Math.floor((i / Math.max(1, idle)) * 12 * 60) * MIN);
  const seeded = await seedSchedules(stack, [...window, ...far], { label: `${tag} ${window.length + far.length} open schedules` });
  await waitScheduled(stack, seeded.map((d) => d.dueMs), tag, Math.max(60_000, first + o.steadyWindowMin * MIN - Date.now()));
  const doses = seeded.slice(0, window.length);
  const settledAt = Date.now();
  const last = first + (o.steadyWindowMin - 1) * MIN;
  if (settledAt > first) report(tag, `set-up overran the first dose minute by ${Math.round((settledAt - first) / 1000)} s: only doses due after it are measured`);
  report(tag, `${doses.length} doses due over ${o.steadyWindowMin} min (${perMinute} on each minute = ${o.steadyRatePerSec}/s), ${idle} more schedules sleeping; first due in ${Math.round((first - Date.now()) / 1000)} s`);

  // Chains that page (5 min) and repeat (6 min) before the window's last minute.
  const chainBy = last - 6 * MIN;
  const unanswered = new Set(doses.filter((d, i) => d.dueMs <= chainBy && i % o.unansweredEvery === 0));
  const answerer = new Answerer(stack);
  const reminders = new DueReminders(stack, doses, (d) => unanswered.has(d) || answerer.push(d));

  let escalationIds: string[] = [];
  const opening = (async () => {
    // Opened as the first doses fall due, so step 2 is paged a minute into the load.
    await delay(Math.max(0, first - Date.now()));
    const families = [...new Map(seeded.map((d) => [d.familyId, d])).values()].slice(0, o.escalations);
    escalationIds = await openEscalations(stack, families);
  })();

  await reminders.waitSent(last + 3 * MIN);
  // Doses due before the stack settled measure set-up, not steady state; if that was all of them (a quick run on a busy machine), say so.
  const settledDoses = reminders.lateness((d: SeededDose) => d.dueMs >= settledAt);
  if (settledDoses.length === 0) report(tag, 'no dose fell due after set-up settled: the figures below include set-up');
  const lateness = summarize(settledDoses.length > 0 ? settledDoses : reminders.lateness());
  report(tag, line('reminder lateness (sent − due)', lateness));
  const twice = await remindedTwice(stack, doses);
  report(tag, `reminders sent ${reminders.sentAt.size}/${doses.length}; reminded twice: ${twice.attempts} (attempts), ${twice.outbox} (outbox)`);
  if (reminders.sentAt.size < doses.length) flaw(tag, `${doses.length - reminders.sentAt.size} of ${doses.length} doses not reminded 3 minutes after the window`, 'delivery');
  if (twice.attempts + twice.outbox > 0) flaw(tag, `${twice.attempts + twice.outbox} reminders sent twice`, 'delivery');
  // Printed before the answers still queued are given: on an overloaded machine they take minutes.
  await opening;
  await answerer.idle();
  report(tag, `${line('"taken" round trip under load', summarize(answerer.roundTrips))}; answered ${answerer.answered}; ${await answerer.failureSummary()}`);

  const t6 = tag.replace('T1', 'T6');
  const steps = await secondStepLateness(stack, escalationIds, Date.now() + 2 * MIN);
  report(t6, line(`escalation step-2 lateness (page sent − planned), ${steps.sent}/${escalationIds.length} paged`, summarize(steps.lateness)));
  if (unanswered.size > 0) {
    const chains = await chainFirstPageLateness(stack, [...unanswered], Date.now() + MIN);
    report(t6, line(`unanswered doses' chains, first page lateness (sent − due − window), ${chains.sent}/${unanswered.size} paged`, summarize(chains.lateness)));
  } else {
    report(t6, 'no dose left unanswered: the window is shorter than a chain (answer window + one step)');
  }
  return { lateness, openSchedules: seeded.length };
}
