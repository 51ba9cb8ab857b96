import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import { escalation } from '../workflows/escalation/escalation';
import { escalationWorkflowId, externalAnswerSignal, type AnswerInput, type EscalationInput } from '../workflows/escalation/messages';
import { CareKind, CareRecipientId, CareState, EscalationLevel, FamilyId } from './search-attributes';

export type EscalationHandle = WorkflowHandle<typeof escalation>;

/**
 * Starts the escalation `escalation/<escalationId>`. Starting it again is harmless: a
 * running or finished one is not started twice (an escalation pages once), and the caller
 * gets its handle either way.
 */
export async function startEscalation(client: Client, taskQueue: string, input: EscalationInput): Promise<EscalationHandle> {
  const workflowId = escalationWorkflowId(input.escalationId);
  try {
    return await client.workflow.start(escalation, {
      taskQueue,
      workflowId,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        { key: FamilyId, value: input.familyId },
        ...(input.careRecipientId ? [{ key: CareRecipientId, value: input.careRecipientId }] : []),
        { key: CareKind, value: input.urgency === 'emergency' ? 'emergency' : 'escalation' },
        { key: CareState, value: 'active' },
        { key: EscalationLevel, value: 0 },
      ],
      // Shown in Temporal UI: ids and kinds only, never names, notes or phone numbers.
      staticSummary:
        input.urgency === 'emergency'
          ? 'Emergency: paging everyone on every channel until someone answers'
          : `Escalation (${input.kind}): paging the chain until someone answers`,
      staticDetails: `Escalation ${input.escalationId} of family ${input.familyId}${input.careRecipientId ? `, care recipient ${input.careRecipientId}` : ''}.`,
    });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return client.workflow.getHandle(workflowId);
    throw err;
  }
}

/**
 * Passes an answer that came by webhook (SMS reply, email link, push action) to the
 * escalation. One that has finished, or never started, has nobody left to stop: not an error.
 */
export async function signalExternalAnswer(
  client: Client,
  escalationId: string,
  answer: AnswerInput & { action: 'acknowledge' | 'claim'; minutes?: number },
): Promise<void> {
  try {
    await client.workflow.getHandle(escalationWorkflowId(escalationId)).signal(externalAnswerSignal, answer);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return;
    throw err;
  }
}
