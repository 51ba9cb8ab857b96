import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import {
  invitationAnswered,
  invitationExpiry,
  invitationExpiryWorkflowId,
  type InvitationAnswer,
  type InvitationExpiryInput,
} from '../workflows/invitation/invitation-expiry';
import { CareKind, CareState, FamilyId, NextDueAt } from './search-attributes';

export type InvitationExpiryHandle = WorkflowHandle<typeof invitationExpiry>;

/**
 * Starts the expiry timer of a just-created invitation (call it after the insert commits).
 * Starting it again is harmless: a running one is reused, a finished one is not restarted,
 * and either way the caller gets its handle.
 */
export async function startInvitationExpiry(
  client: Client,
  taskQueue: string,
  input: InvitationExpiryInput,
): Promise<InvitationExpiryHandle> {
  const workflowId = invitationExpiryWorkflowId(input.invitationId);
  try {
    return await client.workflow.start(invitationExpiry, {
      taskQueue,
      workflowId,
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
      // An invitation's timer runs once; an answered or expired invitation never needs a new one.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        { key: FamilyId, value: input.familyId },
        { key: CareKind, value: 'invitation' },
        { key: CareState, value: 'pending' },
        { key: NextDueAt, value: new Date(input.expiresAt) },
      ],
      // Shown in Temporal UI: ids and times only, never the invitee's email or name.
      staticSummary: `Invitation expires at ${input.expiresAt} unless answered`,
      staticDetails: `Invitation ${input.invitationId} of family ${input.familyId}.`,
    });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return client.workflow.getHandle(workflowId);
    throw err;
  }
}

/**
 * Tells the timer the invitation was answered. The API calls this after committing the
 * answer; if the workflow is already gone (it expired, or never started) there is nothing
 * left to stop, so that is not an error.
 */
export async function signalInvitationAnswered(client: Client, invitationId: string, status: InvitationAnswer): Promise<void> {
  try {
    await client.workflow.getHandle(invitationExpiryWorkflowId(invitationId)).signal(invitationAnswered, { status });
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return;
    throw err;
  }
}
