import { medicationHandle } from '../../temporal/medications';
import { skippedUpdate, snoozeUpdate, takenUpdate, type MedicationState } from '../../workflows/medication/messages';
import { DoseAnswerResponse, DoseParams, SkipInput } from '../contracts/medication-views';
import { CAREGIVERS, defineRoute } from '../http/route';
import { loadSchedule } from './schedule-rows';
import { answerUpdateId } from '../http/idempotency';
import { toAppError } from './workflow-errors';
import { conflict } from '../http/errors';
import { isWorkflowRefusal } from '../http/workflow-refusal';
import { DOSE_RECORDED_MISSED, refusalOnRecord } from './missed-dose-refusal';

type DoseAction = 'taken' | 'skipped' | 'snooze';
const doseSummaries: Record<DoseAction, string> = {
  taken: 'Mark a dose as given',
  skipped: 'Mark a dose as not given, with the reason',
  snooze: 'Remind again in a few minutes (the answer window starts again)',
};
const doseOperationIds: Record<DoseAction, string> = { taken: 'markDoseTaken', skipped: 'markDoseSkipped', snooze: 'snoozeDose' };

/**
 * An answer is a workflow Update: its validator refuses a wrong dose before anything is
 * written. A refusal for a dose on record as missed is said so (see refusalOnRecord).
 */
function doseRoute(action: DoseAction) {
  return defineRoute({
    operationId: doseOperationIds[action],
    method: 'post',
    path: `/api/families/:familyId/medications/:scheduleId/doses/:doseKey/${action}`,
    summary: doseSummaries[action],
    tag: 'medications',
    access: CAREGIVERS,
    audit: { action: 'answer', resource: 'dose', idParams: ['scheduleId', 'doseKey'] },
    params: DoseParams,
    body: action === 'skipped' ? SkipInput : undefined,
    idempotent: true,
    errors: [404, 409, 503],
    response: { status: 200, schema: DoseAnswerResponse, description: "The schedule's state after the answer." },
    async handler({ params, body, user, idempotencyKey }, deps) {
      await loadSchedule(deps, params.familyId, params.scheduleId);
      const handle = medicationHandle(deps.temporal.client, params.scheduleId);
      const answer = { doseKey: params.doseKey, userId: user!.id, via: 'app' as const };
      const updateId = answerUpdateId(action, user!.id, idempotencyKey);
      try {
        let state: MedicationState;
        if (action === 'taken') state = await handle.executeUpdate(takenUpdate, { args: [answer], updateId });
        else if (action === 'snooze') state = await handle.executeUpdate(snoozeUpdate, { args: [answer], updateId });
        else state = await handle.executeUpdate(skippedUpdate, { args: [{ ...answer, reason: (body as { reason: string }).reason }], updateId });
        return { body: { state } };
      } catch (err) {
        if (!isWorkflowRefusal(err)) throw toAppError(err);
        const said = { type: err.cause.type ?? '', message: err.cause.message };
        const { type, message } = await refusalOnRecord(deps.dataSource, params.scheduleId, params.doseKey, said);
        throw type === DOSE_RECORDED_MISSED ? conflict(message, { reason: type }) : toAppError(err);
      }
    },
  });
}

export const doseRoutes = [doseRoute('taken'), doseRoute('skipped'), doseRoute('snooze')];
