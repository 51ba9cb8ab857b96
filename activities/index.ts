import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { loadConfig, type Config } from '../api/config';
import { appointmentDeliveryActivities } from './appointments/appointment-delivery';
import { appointmentSeriesActivities } from './appointments/series-activities';
import { appointmentVisitActivities } from './appointments/visit-activities';
import { deliveryActivities } from './delivery/deliver';
import { medicationDeliveryActivities } from './delivery/medication-delivery';
import { medicationReminderActivities } from './delivery/medication-reminder';
import { contactActivities } from './escalation/contacts';
import { openEscalationActivities } from './escalation/open-escalation';
import { recordEventActivities } from './escalation/record-event';
import { invitationActivities } from './invitations';
import { medicationActivities } from './medication/activities';
import { shiftRotationActivities } from './shifts/rotation-activities';
import { shiftActivities } from './shifts/shift-activities';
import { shiftDeliveryActivities } from './shifts/shift-delivery';
import { watchdogActivities } from './system/watchdog';

export interface ActivityDeps {
  dataSource: DataSource;
  /** Provider settings for delivery; read from the environment when not given. */
  config?: Config;
  /** The worker's Temporal client, for the failed-workflow watchdog (visibility queries). */
  temporal?: Client;
}

/**
 * Every activity the worker registers, built from its dependencies so tests can pass
 * fakes or a test database. Workflows import only the `Activities` type.
 */
export function createActivities(deps: ActivityDeps) {
  const delivery = { dataSource: deps.dataSource, config: deps.config ?? loadConfig() };
  return {
    ...invitationActivities(deps),
    ...openEscalationActivities(deps),
    ...recordEventActivities(deps),
    ...contactActivities(deps),
    ...medicationActivities(deps),
    ...deliveryActivities(delivery),
    ...medicationDeliveryActivities(delivery),
    ...medicationReminderActivities(delivery),
    ...appointmentSeriesActivities(deps),
    ...appointmentVisitActivities(deps),
    ...appointmentDeliveryActivities(delivery),
    ...shiftRotationActivities(deps),
    ...shiftActivities(deps),
    ...shiftDeliveryActivities(delivery),
    ...watchdogActivities({ ...delivery, temporal: deps.temporal }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
