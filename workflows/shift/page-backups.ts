import { CancellationScope, ChildWorkflowCancellationType, isCancellation, startChild, uuid4, type ChildWorkflowHandle } from '@temporalio/workflow';
import { CareKind, CareRecipientId, CareState, EscalationLevel, FamilyId } from '../../temporal/search-attributes';
import { escalation } from '../escalation/escalation';
import { escalationWorkflowId, taskDoneSignal, type EscalationOutcome } from '../escalation/messages';
import { survivable } from '../failures';
import type { ShiftRun } from './shift-run';

/**
 * Nobody arrived by start + 15: the care recipient's escalation chain (the escalation
 * workflow, as a child) pages the backups, "Ana hasn't arrived for the 09:00 shift". The
 * chain stops when someone covers the shift (told who: taskDone) or when the shift is over.
 */
export class BackupPage {
  private scope = new CancellationScope();
  private child: ChildWorkflowHandle<typeof escalation> | null = null;
  private watching: Promise<void> = Promise.resolve();
  outcome: EscalationOutcome | null = null;
  failed = false;

  get running(): boolean {
    return this.child !== null && this.outcome === null && !this.failed;
  }

  async start(run: ShiftRun): Promise<void> {
    const { familyId, careRecipientId, shiftId } = run.input;
    const escalationId = uuid4();
    run.state.escalationId = escalationId;
    this.child = await this.scope.run(() =>
      startChild(escalation, {
        workflowId: escalationWorkflowId(escalationId),
        args: [{ escalationId, familyId, careRecipientId, kind: 'shift', urgency: 'urgent', shiftId }],
        cancellationType: ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED,
        typedSearchAttributes: [
          { key: FamilyId, value: familyId },
          { key: CareRecipientId, value: careRecipientId },
          { key: CareKind, value: 'escalation' },
          { key: CareState, value: 'active' },
          { key: EscalationLevel, value: 0 },
        ],
        staticSummary: `Backups for care shift ${shiftId}: nobody arrived`,
      }),
    );
    const child = this.child;
    this.watching = this.scope.run(async () => {
      try {
        this.outcome = await child.result();
      } catch (err) {
        if (isCancellation(err)) return;
        if (!survivable(err, `backup page of shift ${shiftId}`)) throw err;
        this.failed = true;
      }
    });
  }

  /** Someone covers the shift (the chain records who), or nobody is needed any more (cancelled). */
  async stop(coveredBy: string | null): Promise<void> {
    if (!this.running) return;
    if (coveredBy) await this.child!.signal(taskDoneSignal, { userId: coveredBy });
    else this.scope.cancel();
  }

  async finished(): Promise<void> {
    try {
      await this.watching;
    } catch (err) {
      if (!isCancellation(err)) throw err;
    }
  }
}
