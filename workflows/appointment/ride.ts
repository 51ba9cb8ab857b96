import { CancellationScope, ChildWorkflowCancellationType, condition, isCancellation, startChild, uuid4 } from '@temporalio/workflow';
import { CareKind, CareRecipientId, CareState, EscalationLevel, FamilyId } from '../../temporal/search-attributes';
import { msUntil } from '../clock';
import { escalation } from '../escalation/escalation';
import { escalationWorkflowId, taskDoneSignal, type EscalationOutcome } from '../escalation/messages';
import { survivable } from '../failures';
import { audience, notify } from './visit-notify';
import { nowIso, type VisitRun } from './visit-run';

const HOUR_MS = 3_600_000;

/** The instant an unfilled ride pages the chain: the deadline before the start, as the instants stand now. */
const deadlineOf = (run: VisitRun) => new Date(Date.parse(run.state.startUtc) - run.settings.rideDeadlineHours * HOUR_MS).toISOString();
const begun = (run: VisitRun) => msUntil(run.state.startUtc) === 0;

/**
 * The ride, when the visit needs one: the family is asked as soon as the visit opens;
 * the first volunteer for each leg wins (visit-run.ts). Still unfilled at the deadline (or
 * at once, for a visit opened after it): the care recipient's escalation chain pages
 * people to find one, and stops the moment every leg is taken. If the chain reaches
 * nobody, the admins are told plainly that the visit has no ride. A companion who gives
 * the leg back reopens it: the family is asked again, and the chain pages again if the
 * deadline has passed. Nothing is asked once the visit has begun or is over.
 */
export async function arrangeRide(run: VisitRun): Promise<void> {
  if (run.state.rides.length === 0) return;
  await askFamily(run, 0);
  let asked = 0;
  for (let round = 1; !run.closed && !begun(run); ) {
    if (run.reopenings !== asked) {
      asked = run.reopenings;
      if (!run.ridesFilled()) await askFamily(run, asked);
      continue;
    }
    if (run.ridesFilled()) {
      // Filled: nothing to do unless someone gives their leg back before the visit begins.
      await condition(() => run.closed || run.reopenings !== asked, msUntil(run.state.startUtc), { summary: 'ride filled until the visit begins' });
      continue;
    }
    const deadline = deadlineOf(run);
    if (await run.sleepUntil(deadline, `ride deadline ${deadline}`, () => run.closed || run.ridesFilled())) continue;
    const outcome = await pageForRide(run, round++);
    if (outcome === 'unreached' && !run.ridesFilled() && !run.closed) {
      run.state.noRide = true;
      await notify(run, await audience(run, 'admins'), { kind: 'no_ride', step: `no_ride/${run.state.rideEscalationId}`, urgency: 'urgent', dueAt: nowIso() });
    }
    // Paged once per opening: the next page needs a leg given back (a new opening).
    await condition(() => run.closed || run.ridesFilled() || run.reopenings !== asked, msUntil(run.state.startUtc), { summary: 'waiting for a volunteer' });
  }
}

/** "Can someone take them?" to every caregiver and admin (opted out of reminders or not). */
async function askFamily(run: VisitRun, opening: number): Promise<void> {
  await notify(run, await audience(run, 'ride_request'), { kind: 'ride_request', step: `ride_request/${opening}`, urgency: 'routine', dueAt: nowIso(), dropAfter: run.state.startUtc });
}

/**
 * Pages the chain (the escalation workflow, as a child) until every leg is taken, the
 * visit begins or closes, or the chain ends. A volunteer tells the chain its task is done.
 */
async function pageForRide(run: VisitRun, round: number): Promise<EscalationOutcome['outcome'] | 'failed' | 'stopped'> {
  const { familyId, careRecipientId } = run.input;
  const escalationId = uuid4();
  run.state.rideEscalationId = escalationId;
  run.changed();
  const scope = new CancellationScope();
  const child = await scope.run(() =>
    startChild(escalation, {
      workflowId: escalationWorkflowId(escalationId),
      args: [{ escalationId, familyId, careRecipientId, kind: 'appointment', urgency: 'urgent' }],
      cancellationType: ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED,
      typedSearchAttributes: [
        { key: FamilyId, value: familyId },
        { key: CareRecipientId, value: careRecipientId },
        { key: CareKind, value: 'escalation' },
        { key: CareState, value: 'active' },
        { key: EscalationLevel, value: 0 },
      ],
      staticSummary: `Ride for appointment visit ${run.input.occurrenceKey}, page ${round}`,
    }),
  );
  const chain: { outcome: EscalationOutcome | null; failed: boolean } = { outcome: null, failed: false };
  const watching = scope.run(async () => {
    try {
      chain.outcome = await child.result();
    } catch (err) {
      if (!survivable(err, `ride escalation of visit ${run.input.occurrenceKey}`)) throw err;
      chain.failed = true;
    }
  });
  await condition(() => chain.outcome !== null || chain.failed || run.ridesFilled() || run.closed, msUntil(run.state.startUtc), {
    summary: `paging for a ride until ${run.state.startUtc}`,
  });
  if (chain.outcome === null && !chain.failed) {
    const volunteer = run.ridesFilled() ? run.companions()[0] ?? null : null;
    if (volunteer) await child.signal(taskDoneSignal, { userId: volunteer });
    else scope.cancel();
  }
  try {
    await watching;
  } catch (err) {
    if (!isCancellation(err)) throw err;
  }
  return chain.failed ? 'failed' : (chain.outcome?.outcome ?? 'stopped');
}
