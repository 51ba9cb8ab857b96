import { z } from 'zod';
import { randomUUID } from 'node:crypto';
import { wallClockToInstant } from '../../activities/time/zoned-time';
import { startCareShift, tellShiftCancelled, tellShiftChanged } from '../../temporal/shifts';
import { notTold } from '../appointments/workflow-errors';
import { Uuid } from '../contracts/common';
import { OneOffShiftInput, ShiftListResponse, ShiftOverrideInput, ShiftParams, ShiftResponse, ShiftTimeIssue } from '../contracts/shifts';
import type { AppDeps } from '../deps';
import { publishShiftChanged } from '../events/shifts';
import { FamilyParams } from '../families/params';
import { AppError, badRequest, conflict } from '../http/errors';
import { ADMINS, ANY_MEMBER, defineRoute } from '../http/route';
import { loggableError } from '../log';
import { recipientZone, requireWorkers } from './family-checks';
import { listShifts, loadShiftView } from './shift-rows';

const DAY_MS = 86_400_000;
/** Six weeks: the week view asks for one; the bound keeps one request small. */
const MAX_WINDOW_DAYS = 42;
const Instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date and time such as 2026-12-01T00:00:00Z' }).optional();
const instantOf = (zone: string, local: string) => wallClockToInstant(zone, local.slice(0, 10), local.slice(11, 16));
const audit = { resource: 'shift', idParams: ['shiftId'] } as const;

/** Something the SPA or an admin wants changed on a shift that has begun: it is history now. */
const readOnly = () => conflict('This shift has started or is over: past shifts are read-only.');

/** Tells a running shift's workflow; one not open yet reads its row when it opens. */
async function tell(deps: AppDeps, what: string, shiftId: string, send: () => Promise<boolean>) {
  try {
    await send();
  } catch (err) {
    deps.log.error(`shift ${what} not signalled`, { shiftId, ...loggableError(err) });
    throw notTold();
  }
}

export const shiftRoutes = [
  defineRoute({
    operationId: 'listShifts',
    method: 'get',
    path: '/api/families/:familyId/shifts',
    summary: 'The week view: every shift overlapping a window, with who is on it, check-ins, handoff notes and open swaps',
    tag: 'shifts',
    access: ANY_MEMBER,
    audit: { action: 'read', resource: 'shift' },
    params: FamilyParams,
    query: {
      from: { description: 'Start of the window (ISO 8601; now when left out).', schema: Instant },
      to: { description: `End of the window, exclusive (7 days after \`from\` when left out; at most ${MAX_WINDOW_DAYS} days after it).`, schema: Instant },
      careRecipientId: { description: 'Only this care recipient (all when left out).', schema: Uuid.optional() },
      cancelled: { description: '`include` to list cancelled shifts too.', schema: z.enum(['include']).optional() },
    },
    response: { status: 200, schema: ShiftListResponse, description: 'Shifts by start.' },
    async handler({ params, query }, deps) {
      const from = query.from ? Date.parse(query.from) : Date.now();
      const to = query.to ? Date.parse(query.to) : from + 7 * DAY_MS;
      if (to <= from) throw badRequest('The query names something invalid.', [{ path: 'to', message: 'must be after from' }]);
      if (to - from > MAX_WINDOW_DAYS * DAY_MS) throw badRequest('The query names something invalid.', [{ path: 'to', message: `must be at most ${MAX_WINDOW_DAYS} days after from` }]);
      const window = { fromUtc: new Date(from).toISOString(), untilUtc: new Date(to).toISOString() };
      const which = { ...window, careRecipientId: query.careRecipientId, withCancelled: query.cancelled === 'include' };
      const shifts = await listShifts(deps.dataSource, params.familyId, which);
      return { body: { from: window.fromUtc, to: window.untilUtc, shifts } };
    },
  }),
  defineRoute({
    operationId: 'createShift',
    method: 'post',
    path: '/api/families/:familyId/shifts',
    summary: 'Add a one-off shift (no rotation): reminded, checked in and covered like any other; with nobody on it, it is offered to the family',
    tag: 'shifts',
    access: ADMINS,
    audit: { action: 'create', resource: 'shift', idFromBody: (b) => b.shift.id },
    params: FamilyParams,
    body: OneOffShiftInput,
    errors: [503],
    response: { status: 201, schema: ShiftResponse, description: 'The new shift, already running.' },
    async handler({ params, body }, deps) {
      const db = deps.dataSource;
      const zone = body.timeZone ?? (await recipientZone(db, params.familyId, body.careRecipientId));
      if (body.timeZone) await recipientZone(db, params.familyId, body.careRecipientId);
      await requireWorkers(db, params.familyId, [
        { path: 'assigneeId', ids: [body.assigneeId] },
        { path: 'backupIds', ids: body.backupIds },
      ]);
      const startMs = instantOf(zone, body.start);
      const endMs = instantOf(zone, body.end);
      if (startMs <= Date.now()) throw badRequest('A shift can only be added ahead: past shifts are read-only.', [{ path: 'start', message: ShiftTimeIssue.inPast }]);
      if (endMs <= startMs) throw badRequest('The shift ends before it starts.', [{ path: 'end', message: ShiftTimeIssue.endBeforeStart }]);
      if (endMs - startMs > DAY_MS) throw badRequest('A shift lasts at most 24 hours.', [{ path: 'end', message: ShiftTimeIssue.tooLong }]);
      const id = randomUUID();
      await db.query(
        `INSERT INTO shifts (id, family_id, care_recipient_id, start_at, end_at, time_zone, start_local, assignee_id, backup_ids, tasks, notes, state)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
        [id, params.familyId, body.careRecipientId, new Date(startMs), new Date(endMs), zone, body.start, body.assigneeId, body.backupIds,
          JSON.stringify(body.tasks), body.notes, body.assigneeId ? 'scheduled' : 'uncovered'],
      );
      try {
        await startCareShift(deps.temporal.client, deps.temporal.taskQueue, { shiftId: id, familyId: params.familyId, careRecipientId: body.careRecipientId });
      } catch (err) {
        await db.query(`UPDATE shifts SET state = 'cancelled', updated_at = now() WHERE id = $1`, [id]);
        deps.log.error('care shift could not start', { shiftId: id, ...loggableError(err) });
        throw new AppError(503, 'unavailable', 'The shift could not be set up right now. Please try again in a moment.');
      }
      await publishShiftChanged(db, params.familyId, id);
      return { status: 201, body: { shift: await loadShiftView(db, params.familyId, id) } };
    },
  }),
  defineRoute({
    operationId: 'getShift',
    method: 'get',
    path: '/api/families/:familyId/shifts/:shiftId',
    summary: 'One shift: who, when, its tasks, check-in and check-out, and the handoff note of the shift before',
    tag: 'shifts',
    access: ANY_MEMBER,
    audit: { action: 'read', ...audit },
    params: ShiftParams,
    errors: [404],
    response: { status: 200, schema: ShiftResponse, description: 'The shift.' },
    async handler({ params }, deps) {
      return { body: { shift: await loadShiftView(deps.dataSource, params.familyId, params.shiftId) } };
    },
  }),
  defineRoute({
    operationId: 'overrideShift',
    method: 'put',
    path: '/api/families/:familyId/shifts/:shiftId',
    summary: 'Override one shift (give it to someone else, move it, change its tasks): it then wins over its rotation. Started or past shifts → 409',
    tag: 'shifts',
    access: ADMINS,
    audit: { action: 'update', ...audit },
    params: ShiftParams,
    body: ShiftOverrideInput,
    errors: [404, 409, 503],
    response: { status: 200, schema: ShiftResponse, description: 'The shift as it is now.' },
    async handler({ params, body, user }, deps) {
      const db = deps.dataSource;
      const shift = await loadShiftView(db, params.familyId, params.shiftId);
      if (shift.past) throw readOnly();
      await requireWorkers(db, params.familyId, [
        { path: 'assigneeId', ids: [body.assigneeId] },
        { path: 'backupIds', ids: body.backupIds ?? [] },
      ]);
      const startMs = body.start ? instantOf(shift.timeZone, body.start) : null;
      const endMs = body.end ? instantOf(shift.timeZone, body.end) : null;
      if (startMs !== null && startMs <= Date.now()) throw badRequest('A shift can only move ahead.', [{ path: 'start', message: ShiftTimeIssue.inPast }]);
      if (startMs !== null && endMs! - startMs > DAY_MS) throw badRequest('A shift lasts at most 24 hours.', [{ path: 'end', message: ShiftTimeIssue.tooLong }]);
      // The check and the write are one statement: a shift that began meanwhile is not changed.
      const changed = (await db.query(
        `UPDATE shifts SET override = true, updated_at = now(),
                assignee_id = CASE WHEN $3 THEN $4::uuid ELSE assignee_id END,
                backup_ids = coalesce($5::uuid[], backup_ids),
                start_at = coalesce($6, start_at), end_at = coalesce($7, end_at), start_local = coalesce($8, start_local),
                tasks = coalesce($9::jsonb, tasks), notes = coalesce($10, notes)
          WHERE id = $1 AND family_id = $2 AND start_at > now() AND state NOT IN ('done', 'cancelled', 'on_shift') RETURNING id`,
        [params.shiftId, params.familyId, body.assigneeId !== undefined, body.assigneeId ?? null, body.backupIds ?? null,
          startMs === null ? null : new Date(startMs), endMs === null ? null : new Date(endMs), body.start ?? null,
          body.tasks ? JSON.stringify(body.tasks) : null, body.notes ?? null],
      )) as unknown[];
      if (changed.length === 0) throw readOnly();
      await tell(deps, 'override', params.shiftId, () => tellShiftChanged(deps.temporal.client, params.shiftId, user!.id));
      await publishShiftChanged(db, params.familyId, params.shiftId);
      return { body: { shift: await loadShiftView(db, params.familyId, params.shiftId) } };
    },
  }),
  defineRoute({
    operationId: 'cancelShift',
    method: 'delete',
    path: '/api/families/:familyId/shifts/:shiftId',
    summary: 'Cancel one shift not yet started (its rotation will not bring it back); its person is told. Started or past shifts → 409',
    tag: 'shifts',
    access: ADMINS,
    audit: { action: 'delete', ...audit },
    params: ShiftParams,
    errors: [404, 409, 503],
    response: { status: 204, description: 'Cancelled.' },
    async handler({ params, user }, deps) {
      const db = deps.dataSource;
      if ((await loadShiftView(db, params.familyId, params.shiftId)).past) throw readOnly();
      const changed = (await db.query(
        `UPDATE shifts SET state = 'cancelled', override = true, updated_at = now()
          WHERE id = $1 AND family_id = $2 AND start_at > now() AND state NOT IN ('done', 'cancelled', 'on_shift') RETURNING id`,
        [params.shiftId, params.familyId],
      )) as unknown[];
      if (changed.length === 0) throw readOnly();
      await tell(deps, 'cancellation', params.shiftId, () => tellShiftCancelled(deps.temporal.client, params.shiftId, user!.id));
      await publishShiftChanged(db, params.familyId, params.shiftId);
      return {};
    },
  }),
];
