/**
 * Records the appointment workflows' replay fixtures into workflows/appointment/histories/
 * (RECORD_OUT overrides it, to try the script safely):
 *
 *   node --import tsx temporal/record-appointment-histories.ts
 *
 * A history holds what the activities returned, not how, so the in-memory fakes of
 * workflows/appointment/testing stand in for PostgreSQL and the providers, and weeks pass
 * in seconds on the time-skipping server. When the workflows change on purpose, add new
 * fixtures beside the old ones rather than replacing them: the old ones stand for running visits.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { escalationWorkflowId } from '../workflows/escalation/messages';
import {
  appointmentSeriesWorkflowId,
  appointmentVisitWorkflowId,
  checkInUpdate,
  deleteSeriesSignal,
  seriesChangedSignal,
  submitSummaryUpdate,
  volunteerRideUpdate,
  withdrawRideUpdate,
} from '../workflows/appointment/messages';
import { createAppointmentHarness } from '../workflows/appointment/testing/harness';
import { useFixtureKey } from './codec/fixture-keys';
import { historyToJson } from './history-json';

const out = process.env.RECORD_OUT ?? path.resolve(import.meta.dirname, '..', 'workflows', 'appointment', 'histories');
fs.mkdirSync(out, { recursive: true });
const fixtureKey = useFixtureKey();

async function save(name: string, client: Client, workflowId: string, runId?: string): Promise<void> {
  const file = path.join(out, `${name}.json`);
  fs.writeFileSync(file, historyToJson(await client.workflow.getHandle(workflowId, runId).fetchHistory()));
  fixtureKey.remember(out);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** New York in 2027 from the DST rule: −5 h before 14 March, −4 h from it (until November). */
const ny = (wall: string) => Date.parse(`${wall}:00Z`) + (wall < '2027-03-14T02:00' ? 5 : 4) * HOUR;

const h = createAppointmentHarness();
await h.start();
try {
  const { admin, caregiver, helper, until, skipTo, messagesOf, startSeries, visit, untilVisit, resultOf } = h;
  {
    // A ride taken at once; the companion leaves on time, checks in on the way, arrived, done, and writes the summary.
    const start = '2027-03-02T10:00';
    const { seriesId, handle } = await startSeries({ start, rideLegs: ['outbound'] });
    await skipTo(ny(start) - 8 * DAY);
    await untilVisit(seriesId, start, (v) => v.phase === 'ride_open', 'the ride asked for');
    await visit(seriesId, start).executeUpdate(volunteerRideUpdate, { args: [{ userId: caregiver, leg: 'outbound', travelMinutes: 25 }] });
    await skipTo(ny(start) - 40 * MINUTE);
    await until(() => messagesOf(seriesId, 'leave_by').length === 1, 'the leave-by reminder');
    for (const kind of ['on_the_way', 'arrived', 'done'] as const) {
      await visit(seriesId, start).executeUpdate(checkInUpdate, { args: [{ userId: caregiver, kind }] });
      await skipTo((await h.now()) + 30 * MINUTE);
    }
    await visit(seriesId, start).executeUpdate(submitSummaryUpdate, { args: [{ userId: caregiver, notes: 'All well.', followUps: ['Blood test'], nextAppointmentSuggestion: 'June' }] });
    await resultOf(visit(seriesId, start));
    await save('visit-ride-check-ins-summary', h.client(), appointmentVisitWorkflowId(seriesId, start));
    await skipTo(ny(start) + HOUR + 3 * DAY + 2 * HOUR);
    await resultOf(handle);
    await save('series-single-visit', h.client(), appointmentSeriesWorkflowId(seriesId));
  }
  {
    // Nobody by the deadline: paged; a volunteer stops the chain, withdraws; paged again, nobody: the admins told. Nudged after the end.
    const start = '2027-03-23T10:00';
    const { seriesId } = await startSeries({ start, rideLegs: ['outbound'] });
    await skipTo(ny(start) - 48 * HOUR);
    const first = (await untilVisit(seriesId, start, (v) => v.rideEscalationId !== null, 'the first page')).rideEscalationId!;
    await h.untilChainWaits(first);
    await visit(seriesId, start).executeUpdate(volunteerRideUpdate, { args: [{ userId: helper, leg: 'outbound' }] });
    await resultOf(h.client().workflow.getHandle(escalationWorkflowId(first)));
    await visit(seriesId, start).executeUpdate(withdrawRideUpdate, { args: [{ userId: helper, leg: 'outbound' }] });
    const second = (await untilVisit(seriesId, start, (v) => v.rideEscalationId !== first, 'the second page')).rideEscalationId!;
    await h.untilChainWaits(second);
    await skipTo((await h.now()) + 16 * MINUTE);
    await until(() => messagesOf(seriesId, 'no_ride').length === 1, 'the admins told');
    await skipTo(ny(start) + 3 * DAY + 2 * HOUR);
    await resultOf(visit(seriesId, start));
    await save('visit-no-ride', h.client(), appointmentVisitWorkflowId(seriesId, start));
    await save('visit-no-ride.first-chain', h.client(), escalationWorkflowId(first));
  }
  {
    // Weekly, three visits: the second moved a day later, the third cancelled; the series ends after the second.
    const keys = ['2027-04-06T10:00', '2027-04-13T10:00', '2027-04-20T10:00'];
    const { seriesId, handle } = await startSeries({ start: keys[0]!, recurrence: { freq: 'WEEKLY', interval: 1, byDay: ['TU'], count: 3, exDates: [] } });
    await skipTo(ny(keys[2]!) - 8 * DAY + HOUR);
    const s = h.series.get(seriesId)!;
    s.overrides.push({ key: keys[1]!, status: 'moved', start: '2027-04-14T15:00' }, { key: keys[2]!, status: 'cancelled' });
    s.row.version = 2;
    await handle.signal(seriesChangedSignal, { version: 2, by: admin });
    await resultOf(visit(seriesId, keys[2]!));
    await skipTo(ny('2027-04-14T15:00') + HOUR + 3 * DAY + 2 * HOUR);
    await resultOf(handle);
    await save('series-moved-and-cancelled', h.client(), appointmentSeriesWorkflowId(seriesId));
    await save('visit-moved', h.client(), appointmentVisitWorkflowId(seriesId, keys[1]!));
    await save('visit-cancelled', h.client(), appointmentVisitWorkflowId(seriesId, keys[2]!));
  }
  {
    // Deleted while its first visit had a companion: the visit is cancelled and the companion told.
    const start = '2027-05-04T10:00';
    const { seriesId, handle } = await startSeries({ start, rideLegs: ['outbound'], recurrence: { freq: 'WEEKLY', interval: 1, byDay: ['TU'], exDates: [] } });
    await skipTo(ny(start) - 8 * DAY);
    await untilVisit(seriesId, start, (v) => v.phase === 'ride_open', 'the ride asked for');
    await visit(seriesId, start).executeUpdate(volunteerRideUpdate, { args: [{ userId: caregiver, leg: 'outbound' }] });
    h.series.get(seriesId)!.row.status = 'deleted';
    await handle.signal(deleteSeriesSignal, { by: admin });
    await skipTo((await h.now()) + 2 * MINUTE);
    await resultOf(handle);
    await resultOf(visit(seriesId, start));
    await save('series-deleted', h.client(), appointmentSeriesWorkflowId(seriesId));
    await save('visit-deleted-with-companion', h.client(), appointmentVisitWorkflowId(seriesId, start));
  }
  {
    // Last: an endless daily series continues as new every two visits (the first run is recorded once it has).
    const start = '2027-06-01T09:00';
    const { seriesId, handle } = await startSeries({ start, reminderLeads: [120], recurrence: { freq: 'DAILY', interval: 1, exDates: [] } }, { visitsPerRun: 2 });
    const firstRun = (await handle.describe()).runId;
    await skipTo(ny('2027-06-02T09:00') - 2 * HOUR + MINUTE);
    await until(() => messagesOf(seriesId, 'reminder').length === 6, 'two visits reminded');
    await h.untilSeries(seriesId, (s) => s.visitsStarted === 3, 'the second run opening the third visit');
    await save('series-continued-as-new', h.client(), appointmentSeriesWorkflowId(seriesId), firstRun);
  }
} finally {
  await h.stop();
}
