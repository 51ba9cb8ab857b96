import { ActivityFailure, isCancellation, proxyActivities, proxyLocalActivities, TemporalFailure } from '@temporalio/workflow';
import { RetryState } from '@temporalio/common';
import type { Activities } from '../../activities';
import { DB_CALL, LIVE_CALL, LOCAL_CHECK_CALL, LOCAL_DB_CALL, LOCAL_SEND_CALL, SEND_CALL } from '../activity-options';
import type { ContactPlan, DeliveryResult, PlanContactsInput } from '../../activities/escalation/types';
import type {
  AnswerOnRecord,
  DoseAnnouncement,
  DoseOutcomeInput,
  DoseOutcomeResult,
  DoseReminderInput,
  DoseReminderResult,
  DosesAhead,
  MedicationMessageInput,
  NextDoseInput,
  ScheduledDose,
} from '../../activities/medication/types';

/** The activities this workflow calls, as registered in activities/index.ts. */
export interface MedicationActivities {
  nextDoseFor(input: NextDoseInput): Promise<ScheduledDose | null>;
  dosesAhead(input: NextDoseInput): Promise<DosesAhead>;
  remindDose(input: DoseReminderInput): Promise<DoseReminderResult>;
  recordDoseOutcome(input: DoseOutcomeInput): Promise<DoseOutcomeResult>;
  answerOnRecord(input: { scheduleId: string; doseKey: string }): Promise<AnswerOnRecord | null>;
  familyAdmins(input: { familyId: string }): Promise<string[]>;
  sendMedicationMessage(input: MedicationMessageInput): Promise<DeliveryResult>;
  planContacts(input: PlanContactsInput): Promise<ContactPlan[]>;
  announceDose(input: DoseAnnouncement): Promise<void>;
  markScheduleEnded(input: { scheduleId: string }): Promise<void>;
}
// Compile-time check that the worker registers every activity this workflow calls, with these shapes.
type Registered<T extends MedicationActivities> = T;
export type MedicationActivitiesRegistered = Registered<Activities>;

/** Activities by kind (see activity-options.ts for why each is retried as it is), with a summary Temporal UI shows for the call. */
export const db = (summary: string) => proxyActivities<MedicationActivities>({ ...DB_CALL, summary });
export const send = (summary: string) => proxyActivities<MedicationActivities>({ ...SEND_CALL, summary });
export const live = (summary: string) => proxyActivities<MedicationActivities>({ ...LIVE_CALL, summary });
/** A short database call run by the worker inside the workflow task that asks for it: no task of its own, no extra round trip. */
export const localDb = (summary: string) => failingAsTasksDo(proxyLocalActivities<MedicationActivities>({ ...LOCAL_DB_CALL, summary }));
/** A read run the same way that gives up after a few tries (LOCAL_CHECK_CALL): the step it guards goes on without it. */
export const localCheck = (summary: string) => failingAsTasksDo(proxyLocalActivities<MedicationActivities>({ ...LOCAL_CHECK_CALL, summary }));
/** A send run the same way (see LOCAL_SEND_CALL for what a dying worker does to it). */
export const localSend = (summary: string) => failingAsTasksDo(proxyLocalActivities<MedicationActivities>({ ...LOCAL_SEND_CALL, summary }));

/**
 * A local activity that fails for good comes back as its bare cause, where an activity
 * task's failure comes wrapped in an ActivityFailure: wrapped the same way here, so the
 * workflow (workflows/failures.ts) tells it from a bug of its own in both cases.
 */
function failingAsTasksDo<T extends object>(activities: T): T {
  return new Proxy(activities, {
    get(target, name) {
      const call = Reflect.get(target, name) as (...args: unknown[]) => Promise<unknown>;
      return (...args: unknown[]) =>
        call(...args).catch((err: unknown) => {
          if (err instanceof ActivityFailure || isCancellation(err) || !(err instanceof TemporalFailure)) throw err;
          throw new ActivityFailure(err.message, String(name), undefined, RetryState.NON_RETRYABLE_FAILURE, undefined, err);
        });
    },
  });
}
