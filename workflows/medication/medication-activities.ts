import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
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

// Reads and writes in PostgreSQL: retried with backoff until the database is back.
const DB = { startToCloseTimeout: '30 seconds', retry: { initialInterval: '1 second', maximumInterval: '1 minute' } } as const;
// One send: a channel that keeps failing gives way to the person's next one.
const SEND = { startToCloseTimeout: '30 seconds', retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 10 } } as const;
// A live update is worth a few quick tries; a missed one is made good by the next page load.
const LIVE = { startToCloseTimeout: '10 seconds', retry: { initialInterval: '1 second', maximumInterval: '5 seconds', maximumAttempts: 5 } } as const;

/** Database activities, with a summary Temporal UI shows for the call. */
export const db = (summary: string) => proxyActivities<MedicationActivities>({ ...DB, summary });
export const send = (summary: string) => proxyActivities<MedicationActivities>({ ...SEND, summary });
export const live = (summary: string) => proxyActivities<MedicationActivities>({ ...LIVE, summary });
