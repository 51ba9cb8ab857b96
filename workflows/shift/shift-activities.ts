import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { ContactPlan, DeliveryResult, PlanContactsInput } from '../../activities/escalation/types';
import type {
  AudienceInput,
  CheckInRecord,
  CheckOutRecord,
  LoadShiftResult,
  RotationPlan,
  RotationPlanInput,
  ShiftKey,
  ShiftMessageInput,
  SwapRecord,
} from '../../activities/shifts/types';
import { DB_CALL, SEND_CALL } from '../activity-options';
import type { ShiftPhase } from './messages';

/** The activities the shift workflows call, as registered in activities/index.ts. */
export interface ShiftActivities {
  rotationPlan(input: RotationPlanInput): Promise<RotationPlan>;
  markRotationEnded(input: { rotationId: string }): Promise<void>;
  loadShift(input: { shiftId: string }): Promise<LoadShiftResult>;
  setShiftState(input: ShiftKey & { state: ShiftPhase }): Promise<void>;
  assignShift(input: ShiftKey & { assigneeId: string | null; state: ShiftPhase }): Promise<void>;
  recordShiftCheckIn(input: CheckInRecord): Promise<{ farFromHome: boolean }>;
  recordShiftCheckOut(input: CheckOutRecord): Promise<void>;
  recordSwap(input: SwapRecord): Promise<void>;
  shiftAudience(input: AudienceInput): Promise<string[]>;
  pagedPeople(input: { escalationId: string }): Promise<string[]>;
  sendShiftMessage(input: ShiftMessageInput): Promise<DeliveryResult>;
  planContacts(input: PlanContactsInput): Promise<ContactPlan[]>;
}
// Compile-time check that the worker registers every activity these workflows call, with these shapes.
type Registered<T extends ShiftActivities> = T;
export type ShiftActivitiesRegistered = Registered<Activities>;

/** Activities by kind (activity-options.ts says why each is retried as it is), with the summary Temporal UI shows. */
export const db = (summary: string) => proxyActivities<ShiftActivities>({ ...DB_CALL, summary });
export const send = (summary: string) => proxyActivities<ShiftActivities>({ ...SEND_CALL, summary });
