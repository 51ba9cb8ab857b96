import { startAppointmentSeries, tellSeriesChanged, tellSeriesDeleted } from '../../temporal/appointments';
import type { AppDeps } from '../deps';
import { loggableError } from '../log';
import { notTold } from './workflow-errors';
import type { SeriesRow } from './series-rows';

/** Starts a series' workflow once its row is committed; the workflow reads the row itself. */
export function startSeries(deps: AppDeps, row: SeriesRow) {
  return startAppointmentSeries(deps.temporal.client, deps.temporal.taskQueue, {
    seriesId: row.id,
    familyId: row.family_id,
    careRecipientId: row.care_recipient_id,
  });
}

/**
 * The rows changed (any scope): the series re-reads them and moves or cancels its running
 * visits. A series whose workflow has finished (its last visit came) is started again, so an
 * edit that gives it occurrences ahead (a later UNTIL, a new date) is reminded.
 */
export async function tellSeries(deps: AppDeps, row: SeriesRow, by: string): Promise<void> {
  try {
    const told = await tellSeriesChanged(deps.temporal.client, row.id, { version: row.version, by });
    if (!told && row.status !== 'deleted') await startSeries(deps, row);
  } catch (err) {
    deps.log.error('appointment series edit not signalled', { seriesId: row.id, ...loggableError(err) });
    throw notTold();
  }
}

/** Deleting stops everything: the series cancels its running visits (companions told) and ends. */
export async function tellDeleted(deps: AppDeps, seriesId: string, by: string): Promise<void> {
  try {
    await tellSeriesDeleted(deps.temporal.client, seriesId, by);
  } catch (err) {
    deps.log.error('appointment series deletion not signalled', { seriesId, ...loggableError(err) });
    throw notTold();
  }
}
