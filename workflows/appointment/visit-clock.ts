import { patched } from '@temporalio/workflow';
import { id8 } from '../escalation/notify-person';
import { audience, notify } from './visit-notify';
import type { VisitRun } from './visit-run';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
/** The companion leaves this much earlier than the travel time alone says. */
export const LEAVE_BY_BUFFER_MINUTES = 15;
/** No "done" by the end plus this: the companion is nudged. */
export const NUDGE_AFTER_END_MS = 2 * HOUR_MS;
/** How long after the end a summary can still be written; then the visit's workflow ends. */
export const SUMMARY_WINDOW_MS = 3 * 24 * HOUR_MS;
/** Patch: a nudge nobody would get (no ride, no check-in) goes to the reminder audience. */
export const NUDGE_FALLS_BACK_TO_FAMILY = 'visit-nudge-falls-back-to-family';

interface Step {
  /** Unique per step and per instants, so a moved visit reminds again at its new time and never twice at one. */
  id: string;
  at: string;
  summary: string;
  act(): Promise<void>;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * What the visit waits for, as its instants stand now: each reminder (start − lead), each
 * companion's "leave by" (start − travel − buffer; the return leg from the end), the nudge
 * after the end, and the end of the summary window. Steps whose time had already passed
 * when the instants became known (a visit opened late, or moved) are skipped.
 */
function steps(run: VisitRun): Step[] {
  const start = Date.parse(run.state.startUtc);
  const end = Date.parse(run.state.endUtc);
  const known = Date.parse(run.timingKnownAt);
  const out: Step[] = [];
  for (const lead of run.settings.reminderLeads) {
    const at = start - lead * MINUTE_MS;
    if (at < known) continue;
    out.push({
      id: `reminder/${lead}/${run.state.startUtc}`,
      at: iso(at),
      summary: `reminder ${lead} min before ${run.state.startUtc}`,
      act: async () => {
        run.state.remindersSent.push(lead);
        await notify(run, await audience(run, 'reminder'), { kind: 'reminder', step: `reminder/${lead}/${run.state.startUtc}`, urgency: 'routine', dueAt: iso(at), dropAfter: run.state.startUtc });
      },
    });
  }
  for (const seat of run.state.rides) {
    if (!seat.userId || !seat.acceptedAt) continue;
    const userId = seat.userId;
    const from = seat.leg === 'outbound' ? start : end;
    const at = from - ((seat.travelMinutes ?? run.settings.travelMinutes) + LEAVE_BY_BUFFER_MINUTES) * MINUTE_MS;
    if (at < Math.max(known, Date.parse(seat.acceptedAt))) continue;
    const step = `leave_by/${seat.leg}/${iso(from)}`;
    out.push({
      id: `${step}/${userId}`,
      at: iso(at),
      summary: `member ${id8(userId)} leaves by ${iso(at)} (${seat.leg})`,
      // Time-critical for the one person driving: it breaks through quiet hours.
      act: () => notify(run, [userId], { kind: 'leave_by', step, urgency: 'urgent', dueAt: iso(at) }),
    });
  }
  if (!run.checkedIn('done') && !run.checkedIn('no_show')) {
    const at = end + NUDGE_AFTER_END_MS;
    out.push({
      id: `nudge/${run.state.endUtc}`,
      at: iso(at),
      summary: `nudge if not done by ${iso(at)}`,
      act: async () => {
        let who = run.companions().length ? run.companions() : [...new Set(run.state.checkIns.map((c) => c.userId))];
        // No ride and no check-in: without this the visit would end unnoticed as 'scheduled'.
        if (who.length === 0 && patched(NUDGE_FALLS_BACK_TO_FAMILY)) who = await audience(run, 'reminder');
        await notify(run, who, { kind: 'nudge', step: `nudge/${run.state.endUtc}`, urgency: 'routine', dueAt: iso(at) });
      },
    });
  }
  out.push({
    id: `wrap/${run.state.endUtc}`,
    at: iso(end + SUMMARY_WINDOW_MS),
    summary: `summary window closes at ${iso(end + SUMMARY_WINDOW_MS)}`,
    act: async () => void (run.finished = true),
  });
  return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/**
 * Sleeps from one step to the next until the visit is over, recomputing after every
 * change (a move, a ride taken or given back, a check-in). Sends run beside the clock, so
 * a reminder waiting out someone's quiet hours never holds back the next step.
 */
export async function followTheClock(run: VisitRun): Promise<void> {
  const done = new Set<string>();
  const sending: Promise<void>[] = [];
  for (;;) {
    // Over by itself: the summary is in, or nobody came.
    if (run.state.summarySubmitted || run.checkedIn('no_show')) run.finished = true;
    if (run.closed) break;
    const next = steps(run).find((s) => !done.has(s.id))!;
    run.refreshPhase(next.at);
    if (await run.sleepUntil(next.at, next.summary, () => run.closed)) continue;
    done.add(next.id);
    sending.push(next.act());
  }
  await Promise.all(sending);
}
