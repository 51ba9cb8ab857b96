import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { MAX_PREVIEW_DAYS, previewDoses } from '../../activities/medication/dose-calculator';
import { medicationHandle, startMedicationSchedule } from '../../temporal/medications';
import {
  DOSE_ALREADY_ANSWERED,
  REASON_REQUIRED,
  SNOOZE_LIMIT,
  WRONG_DOSE,
  medicationStateQuery,
  pauseSignal,
  resumeSignal,
  skippedUpdate,
  snoozeUpdate,
  takenUpdate,
  deleteScheduleSignal,
  type MedicationState,
} from '../../workflows/medication/messages';
import { MedicationScheduleInput, type MedicationSchedule } from '../contracts/medications';
import type { AppDeps } from '../deps';
import { FamilyParams } from '../families/params';
import { AppError, badRequest, conflict, notFound } from '../http/errors';
import { ANY_MEMBER, CAREGIVERS, defineRoute } from '../http/route';
import {
  DoseAnswerResponse,
  DoseParams,
  DosePreviewList,
  MedicationScheduleDetail,
  MedicationScheduleList,
  MedicationScheduleResponse,
  ScheduleParams,
  SkipInput,
} from '../contracts/medication-views';

interface ScheduleRow {
  id: string;
  family_id: string;
  care_recipient_id: string;
  schedule: unknown;
  status: 'active' | 'paused' | 'ended' | 'deleted';
  version: number;
  supply_count: number | null;
  created_at: Date;
  updated_at: Date;
}

/** Stored validated; parsing again fills defaults added since. */
function scheduleOf(row: ScheduleRow): MedicationSchedule {
  return MedicationScheduleInput.parse(row.schedule);
}

function present(row: ScheduleRow) {
  return {
    id: row.id,
    familyId: row.family_id,
    careRecipientId: row.care_recipient_id,
    schedule: scheduleOf(row),
    status: row.status,
    version: row.version,
    supplyCount: row.supply_count,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** The family's schedule, not deleted; 404 otherwise (also for another family's id). */
async function loadSchedule(deps: AppDeps, familyId: string, scheduleId: string): Promise<ScheduleRow> {
  const rows = (await deps.dataSource.query(
    `SELECT * FROM medication_schedules WHERE id = $1 AND family_id = $2 AND status <> 'deleted'`,
    [scheduleId, familyId],
  )) as ScheduleRow[];
  if (!rows[0]) throw notFound('This medication schedule');
  return rows[0];
}

async function setStatus(deps: AppDeps, scheduleId: string, status: ScheduleRow['status']): Promise<ScheduleRow> {
  const rows = (await deps.dataSource.query(
    `UPDATE medication_schedules SET status = $2, updated_at = now() WHERE id = $1 RETURNING *`,
    [scheduleId, status],
  )) as [ScheduleRow[], number];
  return rows[0][0]!;
}

/** The workflow's own view, or undefined when it does not answer in time (the row is still shown). */
async function liveState(deps: AppDeps, scheduleId: string): Promise<MedicationState | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      medicationHandle(deps.temporal.client, scheduleId).query(medicationStateQuery),
      new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), 3000);
      }),
    ]);
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

function toAppError(err: unknown): unknown {
  if (err instanceof WorkflowNotFoundError) return conflict('This medication schedule is not running.');
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const type = err.cause.type;
    if (type === REASON_REQUIRED) return badRequest(err.cause.message, [{ path: 'reason', message: err.cause.message }]);
    if (type === WRONG_DOSE || type === DOSE_ALREADY_ANSWERED || type === SNOOZE_LIMIT) return conflict(err.cause.message);
    return conflict(err.cause.message);
  }
  return err;
}

type DoseAction = 'taken' | 'skipped' | 'snooze';
const doseSummaries: Record<DoseAction, string> = {
  taken: 'Mark a dose as given',
  skipped: 'Mark a dose as not given, with the reason',
  snooze: 'Remind again in a few minutes (the answer window starts again)',
};
const doseOperationIds: Record<DoseAction, string> = { taken: 'markDoseTaken', skipped: 'markDoseSkipped', snooze: 'snoozeDose' };

function doseRoute(action: DoseAction) {
  return defineRoute({
    operationId: doseOperationIds[action],
    method: 'post',
    path: `/api/families/:familyId/medications/:scheduleId/doses/:doseKey/${action}`,
    summary: doseSummaries[action],
    tag: 'medications',
    access: CAREGIVERS,
    params: DoseParams,
    body: action === 'skipped' ? SkipInput : undefined,
    response: { status: 200, schema: DoseAnswerResponse, description: "The schedule's state after the answer." },
    async handler({ params, body, user }, deps) {
      await loadSchedule(deps, params.familyId, params.scheduleId);
      const handle = medicationHandle(deps.temporal.client, params.scheduleId);
      const answer = { doseKey: params.doseKey, userId: user!.id, via: 'app' as const };
      try {
        let state: MedicationState;
        if (action === 'taken') state = await handle.executeUpdate(takenUpdate, { args: [answer] });
        else if (action === 'snooze') state = await handle.executeUpdate(snoozeUpdate, { args: [answer] });
        else state = await handle.executeUpdate(skippedUpdate, { args: [{ ...answer, reason: (body as { reason: string }).reason }] });
        return { body: { state } };
      } catch (err) {
        throw toAppError(err);
      }
    },
  });
}

function pauseRoute(action: 'pause' | 'resume') {
  return defineRoute({
    operationId: action === 'pause' ? 'pauseMedication' : 'resumeMedication',
    method: 'post',
    path: `/api/families/:familyId/medications/:scheduleId/${action}`,
    summary: action === 'pause' ? 'Hold reminders (a hospital stay) until resumed' : 'Start reminding again from the next dose',
    tag: 'medications',
    access: CAREGIVERS,
    params: ScheduleParams,
    response: { status: 200, schema: MedicationScheduleResponse, description: 'The schedule.' },
    async handler({ params }, deps) {
      const row = await loadSchedule(deps, params.familyId, params.scheduleId);
      if (row.status === 'ended') throw conflict('This medication schedule has ended.');
      try {
        await medicationHandle(deps.temporal.client, params.scheduleId).signal(action === 'pause' ? pauseSignal : resumeSignal);
      } catch (err) {
        throw toAppError(err);
      }
      return { body: { medication: present(await setStatus(deps, params.scheduleId, action === 'pause' ? 'paused' : 'active')) } };
    },
  });
}

export const medicationRoutes = [
  defineRoute({
    operationId: 'createMedication',
    method: 'post',
    path: '/api/families/:familyId/medications',
    summary: 'Add a medication schedule: its doses are reminded, answered, escalated and recorded',
    tag: 'medications',
    access: CAREGIVERS,
    params: FamilyParams,
    body: MedicationScheduleInput,
    response: { status: 201, schema: MedicationScheduleResponse, description: 'The new schedule, already running.' },
    async handler({ params, body }, deps) {
      const db = deps.dataSource;
      const recipient = (await db.query('SELECT 1 FROM care_recipients WHERE id = $1 AND family_id = $2', [
        body.careRecipientId,
        params.familyId,
      ])) as unknown[];
      if (recipient.length === 0) {
        throw badRequest('Some fields are missing or invalid.', [{ path: 'careRecipientId', message: 'is not a care recipient of this family' }]);
      }
      const member = (await db.query('SELECT role FROM memberships WHERE family_id = $1 AND user_id = $2', [
        params.familyId,
        body.assignedCaregiverId,
      ])) as { role: string }[];
      if (member.length === 0) {
        throw badRequest('Some fields are missing or invalid.', [{ path: 'assignedCaregiverId', message: 'is not a member of this family' }]);
      }
      if (member[0]!.role === 'viewer') {
        throw badRequest('Some fields are missing or invalid.', [
          { path: 'assignedCaregiverId', message: 'is a viewer in this family and could not answer reminders' },
        ]);
      }
      const scheduleId = randomUUID();
      await db.transaction(async (m) => {
        await m.query(
          `INSERT INTO medication_schedules (id, family_id, care_recipient_id, schedule, supply_count, refill_threshold)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [scheduleId, params.familyId, body.careRecipientId, JSON.stringify(body), body.supply?.count ?? null, body.supply?.refillThreshold ?? null],
        );
      });
      // After the commit: the workflow's first activity reads this row.
      try {
        await startMedicationSchedule(deps.temporal.client, deps.temporal.taskQueue, {
          scheduleId,
          familyId: params.familyId,
          careRecipientId: body.careRecipientId,
          assignedCaregiverId: body.assignedCaregiverId,
          answerWindowMinutes: body.answerWindowMinutes,
          snoozeMinutes: body.snoozeMinutes,
          maxSnoozes: body.maxSnoozes,
        });
      } catch (err) {
        // A schedule that reminds nobody must not look active.
        await db.query(`UPDATE medication_schedules SET status = 'deleted', updated_at = now() WHERE id = $1`, [scheduleId]);
        deps.log.error('medication schedule could not start', { scheduleId, err: String(err) });
        throw new AppError(503, 'unavailable', 'The reminders could not be set up right now. Please try again in a moment.');
      }
      return { status: 201, body: { medication: present(await loadSchedule(deps, params.familyId, scheduleId)) } };
    },
  }),
  defineRoute({
    operationId: 'listMedications',
    method: 'get',
    path: '/api/families/:familyId/medications',
    summary: "The family's medication schedules (deleted ones left out)",
    tag: 'medications',
    access: ANY_MEMBER,
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
    params: ScheduleParams,
    response: { status: 200, schema: MedicationScheduleDetail, description: 'The schedule; `live` is left out when the workflow does not answer.' },
    async handler({ params }, deps) {
      const row = await loadSchedule(deps, params.familyId, params.scheduleId);
      const live = row.status === 'ended' ? undefined : await liveState(deps, params.scheduleId);
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
    params: ScheduleParams,
    response: { status: 200, schema: DosePreviewList, description: 'In order of due instant.' },
    async handler({ params, ctx }, deps) {
      const raw = ctx.query.days;
      const parsed = z.coerce.number().int().min(1).max(MAX_PREVIEW_DAYS).safeParse(raw === undefined ? 7 : raw);
      if (!parsed.success) {
        throw badRequest('The query names something invalid.', [{ path: 'days', message: `must be a whole number from 1 to ${MAX_PREVIEW_DAYS}` }]);
      }
      const row = await loadSchedule(deps, params.familyId, params.scheduleId);
      return { body: { doses: previewDoses(scheduleOf(row), new Date(), parsed.data) } };
    },
  }),
  doseRoute('taken'),
  doseRoute('skipped'),
  doseRoute('snooze'),
  pauseRoute('pause'),
  pauseRoute('resume'),
  defineRoute({
    operationId: 'deleteMedication',
    method: 'delete',
    path: '/api/families/:familyId/medications/:scheduleId',
    summary: 'Delete a schedule: pending reminders and a running escalation stop at once',
    tag: 'medications',
    access: CAREGIVERS,
    params: ScheduleParams,
    response: { status: 204, description: 'Deleted.' },
    async handler({ params }, deps) {
      await loadSchedule(deps, params.familyId, params.scheduleId);
      // The row first: a workflow that looks for its next dose meanwhile finds it gone.
      await setStatus(deps, params.scheduleId, 'deleted');
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
