import { WorkflowNotFoundError } from '@temporalio/client';
import { medicationHandle } from '../../temporal/medications';
import { deleteScheduleSignal, pauseSignal, resumeSignal } from '../../workflows/medication/messages';
import { MedicationScheduleResponse, ScheduleParams } from '../contracts/medication-views';
import { publishFamilyEvent } from '../events/publisher';
import { conflict } from '../http/errors';
import { CAREGIVERS, defineRoute } from '../http/route';
import { loadSchedule, present, publishChanged, scheduleOf, setStatus } from './schedule-rows';
import { toAppError } from './workflow-errors';

function pauseRoute(action: 'pause' | 'resume') {
  return defineRoute({
    operationId: action === 'pause' ? 'pauseMedication' : 'resumeMedication',
    method: 'post',
    path: `/api/families/:familyId/medications/:scheduleId/${action}`,
    summary: action === 'pause' ? 'Hold reminders (a hospital stay) until resumed' : 'Start reminding again from the next dose',
    tag: 'medications',
    access: CAREGIVERS,
    audit: { action: 'update', resource: 'medication', idParams: ['scheduleId'] },
    params: ScheduleParams,
    response: { status: 200, schema: MedicationScheduleResponse, description: 'The schedule.' },
    async handler({ params }, deps) {
      const row = await loadSchedule(deps, params.familyId, params.scheduleId);
      if (row.status === 'ended') throw conflict('This medication schedule has ended.');
      if (row.status === 'stopped') throw conflict('This medication schedule stopped after a fault: an admin can restart it.');
      // An as-needed medication's workflow has no doses to wait for and has already finished:
      // its pause only holds hand-logged doses, which the row alone decides.
      if (!scheduleOf(row).asNeeded) {
        try {
          await medicationHandle(deps.temporal.client, params.scheduleId).signal(action === 'pause' ? pauseSignal : resumeSignal);
        } catch (err) {
          throw toAppError(err);
        }
      }
      const updated = await deps.dataSource.transaction(async (m) => {
        const saved = await setStatus(m, params.scheduleId, action === 'pause' ? 'paused' : 'active');
        await publishChanged(m, saved);
        return saved;
      });
      return { body: { medication: present(updated) } };
    },
  });
}

export const lifecycleRoutes = [
  pauseRoute('pause'),
  pauseRoute('resume'),
  defineRoute({
    operationId: 'deleteMedication',
    method: 'delete',
    path: '/api/families/:familyId/medications/:scheduleId',
    summary: 'Delete a schedule: pending reminders and a running escalation stop at once',
    tag: 'medications',
    access: CAREGIVERS,
    audit: { action: 'delete', resource: 'medication', idParams: ['scheduleId'] },
    params: ScheduleParams,
    response: { status: 204, description: 'Deleted.' },
    async handler({ params }, deps) {
      await loadSchedule(deps, params.familyId, params.scheduleId);
      // The row first: a workflow that looks for its next dose meanwhile finds it gone.
      await deps.dataSource.transaction(async (m) => {
        await setStatus(m, params.scheduleId, 'deleted');
        await publishFamilyEvent(m, params.familyId, { type: 'medication.deleted', scheduleId: params.scheduleId });
      });
      try {
        await medicationHandle(deps.temporal.client, params.scheduleId).signal(deleteScheduleSignal);
      } catch (err) {
        // Already finished (ended): nothing left to stop.
        if (!(err instanceof WorkflowNotFoundError)) throw err;
      }
      return { status: 204 };
    },
  }),
];
