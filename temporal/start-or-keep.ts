import { WorkflowExecutionAlreadyStartedError, type Client, type Workflow, type WorkflowHandle } from '@temporalio/client';

/** A running workflow of that id is kept; one that has finished may start again. */
export const KEEP_RUNNING = { workflowIdConflictPolicy: 'USE_EXISTING', workflowIdReusePolicy: 'ALLOW_DUPLICATE' } as const;

/** Starts a care workflow, or hands back the one already there: starting twice is harmless. */
export async function startOrKeep<W extends Workflow>(client: Client, workflowId: string, start: () => Promise<WorkflowHandle<W>>): Promise<WorkflowHandle<W>> {
  try {
    return await start();
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return client.workflow.getHandle<W>(workflowId);
    throw err;
  }
}
