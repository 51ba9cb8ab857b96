import { WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import {
  acceptShiftUpdate,
  cancelShiftSignal,
  careShiftWorkflowId,
  checkInUpdate,
  checkOutUpdate,
  declineShiftUpdate,
  deleteRotationSignal,
  requestSwapUpdate,
  rotationChangedSignal,
  shiftChangedSignal,
  shiftRotationWorkflowId,
  shiftStateQuery,
  takeSwapUpdate,
  type CareShiftInput,
  type CheckInInput,
  type CheckOutInput,
  type RotationResult,
  type ShiftResult,
  type ShiftRotationInput,
  type ShiftState,
} from '../workflows/shift/messages';
import { KEEP_RUNNING, startOrKeep } from './start-or-keep';
import { startingCareAttributes } from './search-attributes';

/*
 * How the API, the SMS webhook and tests drive shifts. The rows come first: a rotation
 * edit or a shift override is committed, then told to its workflow (`rotationChanged`,
 * `shiftChanged`), which re-reads the rows. Answers (check-in, check-out, accept,
 * decline, swaps) go straight to the shift's workflow as Updates, so a refused one
 * (ShiftTaken, NotYourShift, …) reaches the caller as WorkflowUpdateFailedError whose
 * cause is an ApplicationFailure of that type, and nothing is written.
 */

// Types only: the workflow functions themselves stay out of the API's import graph.
export type ShiftRotationWorkflow = (input: ShiftRotationInput) => Promise<RotationResult>;
export type CareShiftWorkflow = (input: CareShiftInput) => Promise<ShiftResult>;
export type ShiftRotationHandle = WorkflowHandle<ShiftRotationWorkflow>;
export type CareShiftHandle = WorkflowHandle<CareShiftWorkflow>;

/** Starts `rotation/<rotationId>` after the row was committed; a running one is kept. */
export async function startShiftRotation(client: Client, taskQueue: string, input: ShiftRotationInput): Promise<ShiftRotationHandle> {
  const workflowId = shiftRotationWorkflowId(input.rotationId);
  return startOrKeep(client, workflowId, () =>
    client.workflow.start<ShiftRotationWorkflow>('shiftRotation', {
        taskQueue,
        workflowId,
        args: [input],
        ...KEEP_RUNNING,
        typedSearchAttributes: startingCareAttributes('rotation', input),
        // Shown in Temporal UI: ids only.
        staticSummary: 'Shift rotation: keeps shifts over a rolling horizon, opens one shift workflow a day before its first reminder',
        staticDetails: `Rotation ${input.rotationId} of family ${input.familyId}, care recipient ${input.careRecipientId}.`,
      }),
  );
}

/**
 * Starts `shift/<shiftId>` for a one-off shift (a rotation starts its own shifts as
 * children). It sleeps until its first reminder; starting it twice is harmless.
 */
export async function startCareShift(client: Client, taskQueue: string, input: CareShiftInput): Promise<CareShiftHandle> {
  const workflowId = careShiftWorkflowId(input.shiftId);
  return startOrKeep(client, workflowId, () =>
    client.workflow.start<CareShiftWorkflow>('careShift', {
        taskQueue,
        workflowId,
        args: [input],
        ...KEEP_RUNNING,
        typedSearchAttributes: startingCareAttributes('shift', input),
        staticSummary: `Care shift ${input.shiftId}: reminders, check-in, late ladder, check-out`,
      }),
  );
}

export function shiftRotationHandle(client: Client, rotationId: string): ShiftRotationHandle {
  return client.workflow.getHandle(shiftRotationWorkflowId(rotationId));
}

export function careShiftHandle(client: Client, shiftId: string): CareShiftHandle {
  return client.workflow.getHandle(careShiftWorkflowId(shiftId));
}

/** The rotation row was edited (version bumped): shifts not yet started follow. False when its workflow has ended. */
export function tellRotationChanged(client: Client, rotationId: string, change: { version: number; by?: string | null }): Promise<boolean> {
  return signalIfRunning(() => shiftRotationHandle(client, rotationId).signal(rotationChangedSignal, change));
}

/** The rotation was deleted (row status 'deleted' committed first): its future shifts are cancelled. */
export function tellRotationDeleted(client: Client, rotationId: string, by: string | null): Promise<boolean> {
  return signalIfRunning(() => shiftRotationHandle(client, rotationId).signal(deleteRotationSignal, { by }));
}

/**
 * The shift's row changed (override: reassigned, moved, tasks or notes). False when its
 * workflow has not opened yet (it reads the row when it does) or has ended.
 */
export function tellShiftChanged(client: Client, shiftId: string, by: string | null): Promise<boolean> {
  return signalIfRunning(() => careShiftHandle(client, shiftId).signal(shiftChangedSignal, { by }));
}

export function tellShiftCancelled(client: Client, shiftId: string, by: string | null): Promise<boolean> {
  return signalIfRunning(() => careShiftHandle(client, shiftId).signal(cancelShiftSignal, { by }));
}

/** NotYourShift, AlreadyCheckedIn or ShiftClosed when refused. WorkflowNotFoundError: the shift has not opened yet. */
export function checkInShift(client: Client, shiftId: string, input: CheckInInput): Promise<ShiftState> {
  return careShiftHandle(client, shiftId).executeUpdate(checkInUpdate, { args: [input] });
}

/** HandoffNoteRequired without a note; NotCheckedIn before a check-in. */
export function checkOutShift(client: Client, shiftId: string, input: CheckOutInput): Promise<ShiftState> {
  return careShiftHandle(client, shiftId).executeUpdate(checkOutUpdate, { args: [input] });
}

/** ShiftTaken when someone else was first (or it is covered); ShiftClosed once over. */
export function acceptShift(client: Client, shiftId: string, userId: string): Promise<ShiftState> {
  return careShiftHandle(client, shiftId).executeUpdate(acceptShiftUpdate, { args: [{ userId }] });
}

export function declineShift(client: Client, shiftId: string, userId: string): Promise<ShiftState> {
  return careShiftHandle(client, shiftId).executeUpdate(declineShiftUpdate, { args: [{ userId }] });
}

/** NotYourShift unless the assignee; ShiftStarted once begun. */
export function requestSwap(client: Client, shiftId: string, userId: string): Promise<ShiftState> {
  return careShiftHandle(client, shiftId).executeUpdate(requestSwapUpdate, { args: [{ userId }] });
}

/** SwapNotOpen when no swap is open; ShiftTaken when someone took it first. */
export function takeSwap(client: Client, shiftId: string, userId: string): Promise<ShiftState> {
  return careShiftHandle(client, shiftId).executeUpdate(takeSwapUpdate, { args: [{ userId }] });
}

/** The shift's live state, or null when its workflow has not opened yet (or is gone). */
export async function shiftState(client: Client, shiftId: string): Promise<ShiftState | null> {
  try {
    return await careShiftHandle(client, shiftId).query(shiftStateQuery);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return null;
    throw err;
  }
}

async function signalIfRunning(signal: () => Promise<void>): Promise<boolean> {
  try {
    await signal();
    return true;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}
