import { line, report, summarize, type Summary } from './figures';
import { flaw } from './flaws';
import type { BenchOptions } from './options';
import { Answerer, DueReminders, remindedTwice } from './reminders';
import { minuteAhead, seedSchedules, waitScheduled } from './seed';
import type { BenchStack } from './stack';

const MIN = 60_000;
const SEED_MS_PER_SCHEDULE = Number(process.env.BENCH_SEED_MS_PER_SCHEDULE ?? 60);

export interface MinuteResult {
  lateness: Summary;
  sent: number;
  twice: number;
}

/**
 * `n` schedules whose one dose falls due on the same minute; waits for every reminder
 * (up to `patienceMs` after the minute), checks none was sent twice, then answers them
 * (all at once when `answerAfter`, else as they arrive).
 */
export async function oneMinute(stack: BenchStack, n: number, tag: string, opts: { patienceMs: number; answerAfter: boolean }): Promise<MinuteResult> {
  const due = minuteAhead(15_000 + n * SEED_MS_PER_SCHEDULE);
  const doses = await seedSchedules(stack, Array<number>(n).fill(due), { label: `${tag} ${n} doses due on one minute` });
  await waitScheduled(stack, doses.map((d) => d.dueMs), tag, Math.max(30_000, due - Date.now()));
  const answerer = new Answerer(stack, 64);
  const reminders = new DueReminders(stack, doses, (d) => opts.answerAfter || answerer.push(d));
  await reminders.waitSent(due + opts.patienceMs);
  const lateness = summarize(reminders.lateness());
  const twice = await remindedTwice(stack, doses);
  if (twice.attempts + twice.outbox > 0) flaw(tag, `${twice.attempts + twice.outbox} reminders sent twice`, 'delivery');
  const t0 = Date.now();
  if (opts.answerAfter) for (const d of doses) answerer.push(d);
  await answerer.idle();
  if (opts.answerAfter) report(tag, `${doses.length} "taken" answers at once: ${answerer.answered} recorded in ${Date.now() - t0} ms; ${await answerer.failureSummary()}`);
  return { lateness, sent: reminders.sentAt.size, twice: twice.attempts + twice.outbox };
}

/** T3: 2,000 doses on one minute, everyone's 08:00: all delivered, none twice. */
export async function burst(stack: BenchStack, o: BenchOptions, tag = 'T3'): Promise<Summary> {
  const r = await oneMinute(stack, o.burst, tag, { patienceMs: 10 * MIN, answerAfter: true });
  report(tag, line('reminder lateness (sent − due)', r.lateness));
  report(tag, `delivered ${r.sent}/${o.burst}; reminded twice: ${r.twice}${r.sent === o.burst && r.twice === 0 ? ' (all delivered, none twice)' : ''}`);
  if (r.sent < o.burst) flaw(tag, `${o.burst - r.sent} of ${o.burst} doses not reminded 10 minutes after the minute`, 'delivery');
  return r.lateness;
}

/** T2: rising steady rates (rate × 60 on a minute), until the first whose p99 exceeds 1 s or that leaves a reminder unsent. */
export async function ramp(stack: BenchStack, o: BenchOptions): Promise<void> {
  let best: number | null = null;
  for (const rate of o.rampPerSec) {
    const n = Math.max(1, Math.round(rate * 60));
    const r = await oneMinute(stack, n, 'T2', { patienceMs: 3 * MIN, answerAfter: false });
    const ok = r.sent === n && r.lateness.p99 <= 1000;
    report('T2', `${line(`${rate}/s (${n} on one minute)`, r.lateness)} → ${ok ? 'p99 ≤ 1 s' : 'over 1 s'}`);
    if (!ok) break;
    best = rate;
  }
  report('T2', best === null ? `highest steady rate with p99 ≤ 1 s: below ${o.rampPerSec[0]}/s` : `highest steady rate with p99 ≤ 1 s: ${best}/s`);
}
