import { WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { CheckInKind, RideLeg, VisitSummaryInput } from '../api/contracts/appointments';
import {
  appointmentSeriesWorkflowId,
  appointmentVisitWorkflowId,
  checkInUpdate,
  deleteSeriesSignal,
  seriesChangedSignal,
  submitSummaryUpdate,
  visitStateQuery,
  volunteerRideUpdate,
  withdrawRideUpdate,
  type AppointmentSeriesInput,
  type AppointmentVisitInput,
  type SeriesResult,
  type VisitResult,
  type VisitState,
  type VolunteerInput,
} from '../workflows/appointment/messages';
import { KEEP_RUNNING, startOrKeep } from './start-or-keep';
import { startingCareAttributes } from './search-attributes';

/*
 * How the API (and tests) drive appointments. The series workflow is the one source of
 * truth for which visits exist: every edit — one occurrence, this and following, or the
 * whole series — is written to the rows first and then told to the series with
 * `seriesChanged`; the series re-reads the rows and tells each running visit its new
 * instants or cancels it. Rides, check-ins and summaries go straight to the visit.
 */

// Types only: the workflow functions themselves stay out of the API's import graph.
export type AppointmentSeriesWorkflow = (input: AppointmentSeriesInput) => Promise<SeriesResult>;
export type AppointmentVisitWorkflow = (input: AppointmentVisitInput) => Promise<VisitResult>;
export type AppointmentSeriesHandle = WorkflowHandle<AppointmentSeriesWorkflow>;
export type AppointmentVisitHandle = WorkflowHandle<AppointmentVisitWorkflow>;

/**
 * Starts `appointment/<seriesId>` after the row was committed. Starting it again is
 * harmless: a running one is kept. A series split off ("this and following") is a new row
 * with its own id and its own workflow.
 */
export async function startAppointmentSeries(client: Client, taskQueue: string, input: AppointmentSeriesInput): Promise<AppointmentSeriesHandle> {
  const workflowId = appointmentSeriesWorkflowId(input.seriesId);
  return startOrKeep(client, workflowId, () =>
    client.workflow.start<AppointmentSeriesWorkflow>('appointmentSeries', {
        taskQueue,
        workflowId,
        args: [input],
        ...KEEP_RUNNING,
        typedSearchAttributes: startingCareAttributes('appointment', input),
        // Shown in Temporal UI: ids only, never the appointment's title, place or notes.
        staticSummary: 'Appointment series: opens one visit workflow per occurrence ahead of its reminders',
        staticDetails: `Series ${input.seriesId} of family ${input.familyId}, care recipient ${input.careRecipientId}.`,
      }),
  );
}

export function appointmentSeriesHandle(client: Client, seriesId: string): AppointmentSeriesHandle {
  return client.workflow.getHandle(appointmentSeriesWorkflowId(seriesId));
}

export function appointmentVisitHandle(client: Client, seriesId: string, occurrenceKey: string): AppointmentVisitHandle {
  return client.workflow.getHandle(appointmentVisitWorkflowId(seriesId, occurrenceKey));
}

/**
 * The rows changed (any edit scope, including one occurrence moved or cancelled): the
 * series applies them. False when the series workflow has finished (nothing left to tell).
 */
export async function tellSeriesChanged(client: Client, seriesId: string, change: { version: number; by?: string | null }): Promise<boolean> {
  return signalIfRunning(appointmentSeriesHandle(client, seriesId), (h) => h.signal(seriesChangedSignal, change));
}

/** The series was deleted: its running visits are cancelled (companions told) and it ends. */
export async function tellSeriesDeleted(client: Client, seriesId: string, by: string | null): Promise<boolean> {
  return signalIfRunning(appointmentSeriesHandle(client, seriesId), (h) => h.signal(deleteSeriesSignal, { by }));
}

/**
 * Volunteers for a leg. Rejected with WorkflowUpdateFailedError whose cause is an
 * ApplicationFailure of type RideTaken (someone was first), NoSuchRideLeg or VisitClosed.
 * WorkflowNotFoundError: the visit has not opened yet (it opens a day before its first reminder).
 */
export function volunteerForRide(client: Client, seriesId: string, occurrenceKey: string, input: VolunteerInput): Promise<VisitState> {
  return appointmentVisitHandle(client, seriesId, occurrenceKey).executeUpdate(volunteerRideUpdate, { args: [input] });
}

/** Gives a leg back (NotYourRide when the caller does not hold it); the family is asked again. */
export function withdrawFromRide(client: Client, seriesId: string, occurrenceKey: string, input: { userId: string; leg: RideLeg }): Promise<VisitState> {
  return appointmentVisitHandle(client, seriesId, occurrenceKey).executeUpdate(withdrawRideUpdate, { args: [input] });
}

export function checkInVisit(client: Client, seriesId: string, occurrenceKey: string, input: { userId: string; kind: CheckInKind }): Promise<VisitState> {
  return appointmentVisitHandle(client, seriesId, occurrenceKey).executeUpdate(checkInUpdate, { args: [input] });
}

/** VisitNotDone before "done"; SummaryAlreadySubmitted for a second one. */
export function submitVisitSummary(client: Client, seriesId: string, occurrenceKey: string, input: VisitSummaryInput & { userId: string }): Promise<VisitState> {
  return appointmentVisitHandle(client, seriesId, occurrenceKey).executeUpdate(submitSummaryUpdate, { args: [input] });
}

/** The visit's live state, or null when its workflow has not opened yet (or is gone). */
export async function visitState(client: Client, seriesId: string, occurrenceKey: string): Promise<VisitState | null> {
  try {
    return await appointmentVisitHandle(client, seriesId, occurrenceKey).query(visitStateQuery);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return null;
    throw err;
  }
}

async function signalIfRunning<H>(handle: H, signal: (h: H) => Promise<void>): Promise<boolean> {
  try {
    await signal(handle);
    return true;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}
