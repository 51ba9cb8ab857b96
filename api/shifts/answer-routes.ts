import { careShiftHandle, type CareShiftHandle } from '../../temporal/shifts';
import { acceptShiftUpdate, checkInUpdate, checkOutUpdate, declineShiftUpdate, requestSwapUpdate, takeSwapUpdate, type ShiftState } from '../../workflows/shift/messages';
import { ShiftCheckInInput, ShiftCheckOutInput, ShiftParams, ShiftResponse } from '../contracts/shifts';
import type { AppDeps } from '../deps';
import { publishShiftChanged } from '../events/shifts';
import { answerUpdateId } from '../http/idempotency';
import { CAREGIVERS, defineRoute } from '../http/route';
import { loadShiftView } from './shift-rows';
import { shiftRefusal } from './workflow-errors';

const BASE = '/api/families/:familyId/shifts/:shiftId';
const audit = { action: 'answer', resource: 'shift', idParams: ['shiftId'] } as const;
type Params = { familyId: string; shiftId: string };

/**
 * Checks the shift is this family's, asks its workflow (an Update: refused ones change
 * nothing), and shows everyone the outcome. With an Idempotency-Key the Update id is the
 * tap's own, so a retried check-in is the same check-in.
 */
async function askShift(deps: AppDeps, p: Params, ask: (shift: CareShiftHandle) => Promise<ShiftState>) {
  await loadShiftView(deps.dataSource, p.familyId, p.shiftId);
  try {
    await ask(careShiftHandle(deps.temporal.client, p.shiftId));
  } catch (err) {
    throw shiftRefusal(err);
  }
  await publishShiftChanged(deps.dataSource, p.familyId, p.shiftId);
  return { body: { shift: await loadShiftView(deps.dataSource, p.familyId, p.shiftId) } };
}


export const shiftAnswerRoutes = [
  defineRoute({
    operationId: 'checkInShift',
    method: 'post',
    path: `${BASE}/check-in`,
    summary: "I'm here: the shift is on. With the caregiver's consent the browser's location is kept; far from the recipient's home it is flagged, never refused",
    tag: 'shifts',
    access: CAREGIVERS,
    audit,
    params: ShiftParams,
    body: ShiftCheckInInput,
    errors: [404, 409],
    idempotent: true,
    response: { status: 200, schema: ShiftResponse, description: 'The shift, checked in.' },
    handler: ({ params, body, user, idempotencyKey }, deps) => {
      const input = { userId: user!.id, via: 'app' as const, location: body.location };
      return askShift(deps, params, (h) => h.executeUpdate(checkInUpdate, { args: [input], updateId: answerUpdateId('shift-check-in', user!.id, idempotencyKey) }));
    },
  }),
  defineRoute({
    operationId: 'checkOutShift',
    method: 'post',
    path: `${BASE}/check-out`,
    summary: 'Done: the tasks done and a handoff note (required), shown at the next check-in, on its card and in its 2-hour reminder',
    tag: 'shifts',
    access: CAREGIVERS,
    audit,
    params: ShiftParams,
    body: ShiftCheckOutInput,
    errors: [404, 409],
    idempotent: true,
    response: { status: 200, schema: ShiftResponse, description: 'The shift, done.' },
    handler: ({ params, body, user, idempotencyKey }, deps) => {
      const input = { userId: user!.id, via: 'app' as const, handoffNote: body.handoffNote, tasksDone: body.tasksDone };
      return askShift(deps, params, (h) => h.executeUpdate(checkOutUpdate, { args: [input], updateId: answerUpdateId('shift-check-out', user!.id, idempotencyKey) }));
    },
  }),
  ...(
    [
      ['acceptShift', 'accept', acceptShiftUpdate, 'Take an open shift: the first to accept gets it; anyone later is told it was taken (409)'],
      ['declineShift', 'decline', declineShiftUpdate, 'I cannot do my shift: it is offered to the backups, then the family'],
      ['requestShiftSwap', 'swap', requestSwapUpdate, 'Ask for a swap: the shift stays mine until someone takes it; it closes at the start'],
      ['takeShiftSwap', 'swap/take', takeSwapUpdate, 'Take a shift someone asked to swap: the first to take it gets it; its person is told'],
    ] as const
  ).map(([operationId, path, def, summary]) =>
    defineRoute({
      operationId,
      method: 'post',
      path: `${BASE}/${path}`,
      summary,
      tag: 'shifts',
      access: CAREGIVERS,
      audit,
      params: ShiftParams,
      errors: [404, 409],
      idempotent: true,
      response: { status: 200, schema: ShiftResponse, description: 'The shift as it is now.' },
      handler: ({ params, user, idempotencyKey }, deps) =>
        askShift(deps, params, (h) => h.executeUpdate(def, { args: [{ userId: user!.id }], updateId: answerUpdateId(operationId, user!.id, idempotencyKey) })),
    }),
  ),
];
