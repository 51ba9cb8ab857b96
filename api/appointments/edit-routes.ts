import { z } from 'zod';
import { EditScope, LocalDateTime } from '../contracts/appointments';
import { AppointmentEditInput, AppointmentSeriesResponse, SeriesParams } from '../contracts/appointment-views';
import type { AppDeps } from '../deps';
import { AppError, badRequest } from '../http/errors';
import { CAREGIVERS, defineRoute } from '../http/route';
import { loggableError } from '../log';
import { deleteSeriesRow, editSeries, isFirst, overrideOccurrence, splitAt, undoSplit } from './edits';
import { loadOverrides, loadSeries, presentSeries, type SeriesRow } from './series-rows';
import { startSeries, tellDeleted, tellSeries } from './tell-series';

async function view(deps: AppDeps, row: SeriesRow) {
  return { appointment: presentSeries(row, await loadOverrides(deps.dataSource, [row.id])) };
}

/** "This and following" from a later occurrence: the old series is cut, the new one must run or the cut is undone. */
async function editFollowing(deps: AppDeps, familyId: string, seriesId: string, key: string, changes: z.output<typeof AppointmentEditInput>['changes'], by: string) {
  const { old, created, oldRecurrence } = await splitAt(deps, familyId, seriesId, key, changes, by);
  try {
    await startSeries(deps, created!);
  } catch (err) {
    deps.log.error('split appointment series could not start', { seriesId: created!.id, ...loggableError(err) });
    await undoSplit(deps, old, created!, oldRecurrence);
    throw new AppError(503, 'unavailable', 'The change could not be set up right now, so nothing changed. Please try again in a moment.');
  }
  await tellSeries(deps, old, by);
  return created!;
}

export const appointmentEditRoutes = [
  defineRoute({
    operationId: 'updateAppointment',
    method: 'put',
    path: '/api/families/:familyId/appointments/:seriesId',
    summary: 'Change one occurrence (move it), this and the following ones (the series is split), or the whole series',
    tag: 'appointments',
    access: CAREGIVERS,
    audit: { action: 'update', resource: 'appointment', idParams: ['seriesId'] },
    params: SeriesParams,
    body: AppointmentEditInput,
    response: {
      status: 200,
      schema: AppointmentSeriesResponse,
      description: 'The series after the edit; for "following", the new series (its `splitFrom` names the old one).',
    },
    async handler({ params, body, user }, deps) {
      const { familyId, seriesId } = params;
      const by = user!.id;
      let row: SeriesRow;
      if (body.scope === 'this') {
        row = await overrideOccurrence(deps, familyId, seriesId, body.occurrenceKey!, body.changes);
        await tellSeries(deps, row, by);
      } else if (body.scope === 'following' && !isFirst(await loadSeries(deps.dataSource, familyId, seriesId), body.occurrenceKey!)) {
        row = await editFollowing(deps, familyId, seriesId, body.occurrenceKey!, body.changes, by);
      } else {
        row = await editSeries(deps, familyId, seriesId, body.changes);
        await tellSeries(deps, row, by);
      }
      return { body: await view(deps, row) };
    },
  }),
  defineRoute({
    operationId: 'deleteAppointment',
    method: 'delete',
    path: '/api/families/:familyId/appointments/:seriesId',
    summary: 'Cancel one occurrence (?scope=this), this and the following ones, or delete the whole series; companions are told',
    tag: 'appointments',
    access: CAREGIVERS,
    audit: { action: 'delete', resource: 'appointment', idParams: ['seriesId'] },
    params: SeriesParams,
    query: {
      scope: { description: 'this, following or series (series when left out).', schema: EditScope.optional() },
      occurrenceKey: { description: 'The occurrence (its original local start) for this or following.', schema: LocalDateTime.optional() },
    },
    response: { status: 204, description: 'Cancelled or deleted; running visits are stopped and their companions told.' },
    async handler({ params, query, user }, deps) {
      const { familyId, seriesId } = params;
      const scope = query.scope ?? 'series';
      const key = query.occurrenceKey;
      if (scope !== 'series' && !key) throw badRequest('Name the occurrence to cancel.', [{ path: 'occurrenceKey', message: 'required for this or following' }]);
      if (scope === 'this') {
        await tellSeries(deps, await overrideOccurrence(deps, familyId, seriesId, key!, { cancel: true }), user!.id);
      } else if (scope === 'following' && !isFirst(await loadSeries(deps.dataSource, familyId, seriesId), key!)) {
        const { old } = await splitAt(deps, familyId, seriesId, key!, null, user!.id);
        await tellSeries(deps, old, user!.id);
      } else {
        await deleteSeriesRow(deps, familyId, seriesId);
        await tellDeleted(deps, seriesId, user!.id);
      }
      return {};
    },
  }),
];
