import { Foundation1732300000000 } from './1732300000000-foundation';
import { EscalationDelivery1732400000000 } from './1732400000000-escalation-delivery';
import { Medication1732500000000 } from './1732500000000-medication';
import { MedicationDelivery1732600000000 } from './1732600000000-medication-delivery';
import { VerifiedContacts1732700000000 } from './1732700000000-verified-contacts';
import { StoppedSchedules1732800000000 } from './1732800000000-stopped-schedules';
import { ScheduleZoneFollowsRecipient1733000000000 } from './1733000000000-schedule-zone-follows-recipient';
import { AuditTimeline1733200000000 } from './1733200000000-audit-timeline';
import { FailedEscalationsStoppedFrom1733300000000 } from './1733300000000-failed-escalations-stopped-from';
import { AlertSubjectAndCorrections1733313130000 } from './1733313130000-alert-subject-and-corrections';
import { Appointments1733400000000 } from './1733400000000-appointments';
import { CalendarFeeds1733500000000 } from './1733500000000-calendar-feeds';
import { Shifts1733600000000 } from './1733600000000-shifts';
import { MemberLanguage1733700000000 } from './1733700000000-member-language';

/** Listed explicitly (not globbed) so tsx, the bundled worker and tests all load the same set in order. */
export const migrations = [
  Foundation1732300000000,
  EscalationDelivery1732400000000,
  Medication1732500000000,
  MedicationDelivery1732600000000,
  VerifiedContacts1732700000000,
  StoppedSchedules1732800000000,
  ScheduleZoneFollowsRecipient1733000000000,
  AuditTimeline1733200000000,
  FailedEscalationsStoppedFrom1733300000000,
  AlertSubjectAndCorrections1733313130000,
  Appointments1733400000000,
  CalendarFeeds1733500000000,
  Shifts1733600000000,
  MemberLanguage1733700000000,
];
