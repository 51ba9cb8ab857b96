import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { DB_CALL, LIVE_CALL, SEND_CALL } from '../activity-options';
import type { ContactPlan, DeliveryResult, PlanContactsInput } from '../../activities/escalation/types';
import type {
  DoseAnnouncement,
  DoseOutcomeInput,
  DoseOutcomeResult,
  MedicationMessageInput,
  NextDoseInput,
  ScheduledDose,
} from '../../activities/medication/types';

/** The activities this workflow calls, as registered in activities/index.ts. */
export interface MedicationActivities {
  nextDoseFor(input: NextDoseInput): Promise<ScheduledDose | null>;
  recordDoseOutcome(input: DoseOutcomeInput): Promise<DoseOutcomeResult>;
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
