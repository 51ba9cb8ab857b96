import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type {
  AppointmentMessageInput,
  AudienceInput,
  CheckInRecord,
  OpenVisitInput,
  OpenVisitResult,
  RideRecord,
  SeriesPlan,
  SeriesPlanInput,
  SummaryRecord,
  VisitKey,
  VisitRowStatus,
} from '../../activities/appointments/types';
import type { ContactPlan, DeliveryResult, PlanContactsInput } from '../../activities/escalation/types';
import { DB_CALL, SEND_CALL } from '../activity-options';

/** The activities the appointment workflows call, as registered in activities/index.ts. */
export interface AppointmentActivities {
  appointmentPlan(input: SeriesPlanInput): Promise<SeriesPlan>;
  markSeriesEnded(input: { seriesId: string }): Promise<void>;
  openVisit(input: OpenVisitInput): Promise<OpenVisitResult>;
  setVisitStatus(input: VisitKey & { familyId: string; status: VisitRowStatus; startUtc: string; endUtc: string }): Promise<void>;
  recordRide(input: RideRecord): Promise<void>;
  recordCheckIn(input: CheckInRecord): Promise<void>;
  recordSummary(input: SummaryRecord): Promise<void>;
  appointmentAudience(input: AudienceInput): Promise<string[]>;
  sendAppointmentMessage(input: AppointmentMessageInput): Promise<DeliveryResult>;
  planContacts(input: PlanContactsInput): Promise<ContactPlan[]>;
}
// Compile-time check that the worker registers every activity these workflows call, with these shapes.
type Registered<T extends AppointmentActivities> = T;
export type AppointmentActivitiesRegistered = Registered<Activities>;

/** Activities by kind (activity-options.ts says why each is retried as it is), with the summary Temporal UI shows. */
export const db = (summary: string) => proxyActivities<AppointmentActivities>({ ...DB_CALL, summary });
export const send = (summary: string) => proxyActivities<AppointmentActivities>({ ...SEND_CALL, summary });
