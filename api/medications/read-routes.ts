import { MAX_PREVIEW_DAYS, previewDoses } from '../../activities/medication/dose-calculator';
import { DosePreviewList, MedicationScheduleDetail, MedicationScheduleList, ScheduleParams } from '../contracts/medication-views';
import { FamilyParams } from '../families/params';
import { ANY_MEMBER, defineRoute } from '../http/route';
import { daysParam, daysQuery } from './days-query';
import { liveState } from './live-state';
import { loadSchedule, present, scheduleOf, type ScheduleRow } from './schedule-rows';

export const medicationReadRoutes = [
  defineRoute({
    operationId: 'listMedications',
    method: 'get',
    path: '/api/families/:familyId/medications',
    summary: "The family's medication schedules (deleted ones left out)",
    tag: 'medications',
    access: ANY_MEMBER,
    audit: { action: 'read', resource: 'medication' },
    params: FamilyParams,
    response: { status: 200, schema: MedicationScheduleList, description: 'Oldest first.' },
    async handler({ params }, deps) {
      const rows = (await deps.dataSource.query(
        `SELECT * FROM medication_schedules WHERE family_id = $1 AND status <> 'deleted' ORDER BY created_at, id`,
        [params.familyId],
      )) as ScheduleRow[];
      return { body: { medications: rows.map(present) } };
    },
  }),
  defineRoute({
    operationId: 'getMedication',
    method: 'get',
    path: '/api/families/:familyId/medications/:scheduleId',
    summary: 'One medication schedule, with where its workflow stands when it runs',
    tag: 'medications',
    access: ANY_MEMBER,
    audit: { action: 'read', resource: 'medication', idParams: ['scheduleId'] },
    params: ScheduleParams,
    response: { status: 200, schema: MedicationScheduleDetail, description: 'The schedule; `live` is left out when the workflow does not answer.' },
    async handler({ params }, deps) {
      const row = await loadSchedule(deps, params.familyId, params.scheduleId);
      const live = row.status === 'ended' || row.status === 'stopped' ? undefined : await liveState(deps, params.scheduleId);
      return { body: { medication: present(row), ...(live ? { live } : {}) } };
    },
  }),
  defineRoute({
    operationId: 'previewMedication',
    method: 'get',
    path: '/api/families/:familyId/medications/:scheduleId/preview',
    summary: `The doses due in the next ?days= days (7 unless given, at most ${MAX_PREVIEW_DAYS}), with reminder instants`,
    tag: 'medications',
    access: ANY_MEMBER,
    audit: { action: 'read', resource: 'medication', idParams: ['scheduleId'] },
    params: ScheduleParams,
    query: daysParam(7, MAX_PREVIEW_DAYS),
    response: { status: 200, schema: DosePreviewList, description: 'In order of due instant.' },
    async handler({ params, ctx }, deps) {
      const days = daysQuery(ctx.query.days, 7, MAX_PREVIEW_DAYS);
      const row = await loadSchedule(deps, params.familyId, params.scheduleId);
      return { body: { doses: previewDoses(scheduleOf(row), new Date(), days) } };
    },
  }),
];
