import { randomUUID } from 'node:crypto';
import { expandRotation } from '../../activities/shifts/rotation';
import { startShiftRotation, tellRotationChanged, tellRotationDeleted } from '../../temporal/shifts';
import { notTold } from '../appointments/workflow-errors';
import { RotationInput, RotationListResponse, RotationParams, RotationPreviewResponse, RotationResponse } from '../contracts/shifts';
import type { AppDeps } from '../deps';
import { publishShiftChanged } from '../events/shifts';
import { FamilyParams } from '../families/params';
import { AppError } from '../http/errors';
import { ADMINS, ANY_MEMBER, defineRoute } from '../http/route';
import { loggableError } from '../log';
import { hoursPerWeek } from './hours';
import { listRotations, loadRotation, presentRotation, resolveRotation, rotationColumns, timingOf, type RotationRow } from './rotation-rows';

const DAY_MS = 86_400_000;
/** The editor's preview: two weeks, or the whole cycle when it is longer. */
const previewDays = (cycleWeeks: number) => Math.max(14, cycleWeeks * 7);

const audit = { resource: 'rotation', idParams: ['rotationId'] } as const;

const startRotation = (deps: AppDeps, row: RotationRow) =>
  startShiftRotation(deps.temporal.client, deps.temporal.taskQueue, { rotationId: row.id, familyId: row.family_id, careRecipientId: row.care_recipient_id });

export const rotationRoutes = [
  defineRoute({
    operationId: 'listRotations',
    method: 'get',
    path: '/api/families/:familyId/rotations',
    summary: "The family's shift rotations (weekly patterns or N-week cycles) as saved",
    tag: 'shifts',
    access: ANY_MEMBER,
    audit: { action: 'read', resource: 'rotation' },
    params: FamilyParams,
    response: { status: 200, schema: RotationListResponse, description: 'Rotations not deleted, oldest first.' },
    async handler({ params }, deps) {
      return { body: { rotations: (await listRotations(deps.dataSource, params.familyId)).map(presentRotation) } };
    },
  }),
  defineRoute({
    operationId: 'createRotation',
    method: 'post',
    path: '/api/families/:familyId/rotations',
    summary: 'Add a rotation: it makes shifts over a rolling horizon, each reminded, checked in and covered',
    tag: 'shifts',
    access: ADMINS,
    audit: { action: 'create', resource: 'rotation', idFromBody: (b) => b.rotation.id },
    params: FamilyParams,
    body: RotationInput,
    response: { status: 201, schema: RotationResponse, description: 'The new rotation, already running.' },
    async handler({ params, body, user }, deps) {
      const db = deps.dataSource;
      const input = await resolveRotation(db, params.familyId, body);
      const id = randomUUID();
      await db.query(
        `INSERT INTO shift_rotations (id, family_id, care_recipient_id, time_zone, cycle_weeks, slots, starts_on, ends_on, horizon_days, reminder_leads, tasks, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [id, params.familyId, ...rotationColumns(input), user!.id],
      );
      const row = await loadRotation(db, params.familyId, id);
      // After the commit: the workflow's first activity reads this row and makes the shifts.
      try {
        await startRotation(deps, row);
      } catch (err) {
        // A rotation whose shifts nobody would be reminded of must not look planned.
        await db.query(`UPDATE shift_rotations SET status = 'deleted', updated_at = now() WHERE id = $1`, [id]);
        deps.log.error('shift rotation could not start', { rotationId: id, ...loggableError(err) });
        throw new AppError(503, 'unavailable', 'The shifts could not be set up right now. Please try again in a moment.');
      }
      await publishShiftChanged(db, params.familyId, null);
      return { status: 201, body: { rotation: presentRotation(row) } };
    },
  }),
  defineRoute({
    operationId: 'previewRotation',
    method: 'post',
    path: '/api/families/:familyId/rotations/preview',
    summary: 'The shifts a rotation being edited would make over the next two weeks (or its whole cycle), with hours per person; nothing is saved',
    tag: 'shifts',
    access: ADMINS,
    params: FamilyParams,
    body: RotationInput,
    response: { status: 200, schema: RotationPreviewResponse, description: 'Shifts from now (or from its first day), by start.' },
    async handler({ params, body }, deps) {
      const input = await resolveRotation(deps.dataSource, params.familyId, body);
      const from = Math.max(Date.now(), Date.parse(`${input.startsOn}T00:00:00Z`) - DAY_MS);
      const shifts = expandRotation(timingOf(input), { fromUtc: new Date(from).toISOString(), untilUtc: new Date(from + previewDays(input.cycleWeeks) * DAY_MS).toISOString() });
      const hours = hoursPerWeek(
        shifts.map((s) => ({ timeZone: input.timeZone, startMs: Date.parse(s.startUtc), endMs: Date.parse(s.endUtc), assigneeId: s.assigneeId, worked: null })),
        Date.now(),
      ).map((h) => ({ weekStart: h.weekStart, userId: h.userId, hours: h.scheduledHours }));
      return {
        body: {
          timeZone: input.timeZone,
          shifts: shifts.map((s) => ({ startAt: s.startUtc, endAt: s.endUtc, startLocal: s.startLocal, minutes: s.minutes, assigneeId: s.assigneeId })),
          hours,
        },
      };
    },
  }),
  defineRoute({
    operationId: 'getRotation',
    method: 'get',
    path: '/api/families/:familyId/rotations/:rotationId',
    summary: 'One rotation as saved',
    tag: 'shifts',
    access: ANY_MEMBER,
    audit: { action: 'read', ...audit },
    params: RotationParams,
    errors: [404],
    response: { status: 200, schema: RotationResponse, description: 'The rotation.' },
    async handler({ params }, deps) {
      return { body: { rotation: presentRotation(await loadRotation(deps.dataSource, params.familyId, params.rotationId)) } };
    },
  }),
  defineRoute({
    operationId: 'updateRotation',
    method: 'put',
    path: '/api/families/:familyId/rotations/:rotationId',
    summary: 'Change a rotation: shifts not yet started follow it; started, past and overridden shifts stay as they are',
    tag: 'shifts',
    access: ADMINS,
    audit: { action: 'update', ...audit },
    params: RotationParams,
    body: RotationInput,
    errors: [404, 503],
    response: { status: 200, schema: RotationResponse, description: 'The rotation, its version bumped.' },
    async handler({ params, body, user }, deps) {
      const db = deps.dataSource;
      const before = await loadRotation(db, params.familyId, params.rotationId);
      const input = await resolveRotation(db, params.familyId, { ...body, careRecipientId: before.care_recipient_id });
      await db.query(
        `UPDATE shift_rotations SET time_zone = $4, cycle_weeks = $5, slots = $6, starts_on = $7, ends_on = $8, horizon_days = $9,
                reminder_leads = $10, tasks = $11, version = version + 1, updated_at = now()
          WHERE id = $1 AND family_id = $2 AND care_recipient_id = $3`,
        [params.rotationId, params.familyId, ...rotationColumns(input)],
      );
      const row = await loadRotation(db, params.familyId, params.rotationId);
      try {
        const told = await tellRotationChanged(deps.temporal.client, row.id, { version: row.version, by: user!.id });
        // A rotation whose workflow ended (its last day passed) runs again if the edit gives it days ahead.
        if (!told) await startRotation(deps, row);
      } catch (err) {
        deps.log.error('shift rotation edit not signalled', { rotationId: row.id, ...loggableError(err) });
        throw notTold();
      }
      await publishShiftChanged(db, params.familyId, null);
      return { body: { rotation: presentRotation(row) } };
    },
  }),
  defineRoute({
    operationId: 'deleteRotation',
    method: 'delete',
    path: '/api/families/:familyId/rotations/:rotationId',
    summary: 'Delete a rotation: its shifts not yet started are cancelled and their people told; past shifts stay in the record',
    tag: 'shifts',
    access: ADMINS,
    audit: { action: 'delete', ...audit },
    params: RotationParams,
    errors: [404, 503],
    response: { status: 204, description: 'Deleted.' },
    async handler({ params, user }, deps) {
      const db = deps.dataSource;
      await loadRotation(db, params.familyId, params.rotationId);
      await db.query(`UPDATE shift_rotations SET status = 'deleted', version = version + 1, updated_at = now() WHERE id = $1`, [params.rotationId]);
      try {
        await tellRotationDeleted(deps.temporal.client, params.rotationId, user!.id);
      } catch (err) {
        deps.log.error('shift rotation deletion not signalled', { rotationId: params.rotationId, ...loggableError(err) });
        throw notTold();
      }
      await publishShiftChanged(db, params.familyId, null);
      return {};
    },
  }),
];
