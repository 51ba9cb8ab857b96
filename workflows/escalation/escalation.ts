import { allHandlersFinished, CancellationScope, condition, isCancellation, makeContinueAsNewFunc, sleep, workflowInfo } from '@temporalio/workflow';
import { EscalationRun, openEscalation, type EscalationCarry } from './escalation-run';
import type { EscalationInput, EscalationOutcome } from './messages';
import { notifyPerson, planContacts } from './notify-person';

/**
 * Nobody answered a reminder, or someone pressed the emergency button. We page the
 * people in the care recipient's chain, step by step, each on their own channels, and
 * give each step time to answer. The moment anyone acknowledges, everything stops and
 * we record who answered and how. "I'm on it" holds the chain for as long as they said;
 * if it is not resolved by then, the chain carries on. If the whole chain goes round
 * `repeat` times unanswered, the admins hear that nobody could be reached.
 * An emergency pages everyone on every channel, every 5 minutes, until someone answers.
 */
export async function escalation(input: EscalationInput, resumed?: EscalationCarry): Promise<EscalationOutcome> {
  const run = new EscalationRun(input, resumed);
  run.listen();
  const emergency = input.urgency === 'emergency';
  try {
    // The chain as it stands now: editing the policy later does not change this escalation.
    const policy = (run.policy ??= await openEscalation(input));

    // Nobody to page at all (every step empty): going round would only spin; say "unreached" at once.
    const anyone = policy.steps.some((s) => s.userIds.length > 0);
    for (let round = resumed?.nextRound ?? 1; run.open && anyone && (emergency || round <= policy.repeat); round++) {
      for (const [index, step] of policy.steps.entries()) {
        await run.waitOutClaim();
        if (!run.open) break;
        const where = { round, step: index + 1 };
        await run.startStep(where, step.userIds.length, step.waitMinutes);

        await run.unlessAnswered(async () => {
          const plans = await planContacts({ userIds: step.userIds, channels: step.channels, urgency: input.urgency });
          await Promise.all(plans.map((plan) => notifyPerson(plan, run.pageOptions(where, plan.userId))));
          // A step that pages nobody (no one holds that role today) does not hold up the next one.
          if (plans.length > 0) {
            await sleep(step.waitMinutes * 60_000, { summary: `wait ${step.waitMinutes} min for an answer (round ${round}, step ${where.step})` });
          }
        });
      }
      await run.waitOutClaim();
      // Only an emergency can run long enough to need a fresh history; it carries its state over.
      if (emergency && run.open && workflowInfo().continueAsNewSuggested) {
        await condition(allHandlersFinished);
        const next = makeContinueAsNewFunc<typeof escalation>({ typedSearchAttributes: workflowInfo().typedSearchAttributes });
        if (run.open) await next(input, run.carry(round + 1));
      }
    }

    if (run.open) {
      await run.giveUp();
      await run.notifyAdmins();
    }
    // An answer still being written down must finish before the workflow closes.
    await condition(allHandlersFinished);
  } catch (err) {
    if (!isCancellation(err)) throw err;
    // Cancelled from outside (the family was deleted, an operator stopped it): say so on the record.
    await CancellationScope.nonCancellable(async () => {
      await run.cancelled();
      await condition(allHandlersFinished);
    });
  }
  return run.outcome();
}
