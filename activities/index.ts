import type { DataSource } from 'typeorm';
import { openEscalationActivities } from './escalation/open-escalation';
import { recordEventActivities } from './escalation/record-event';
import { invitationActivities } from './invitations';

export interface ActivityDeps {
  dataSource: DataSource;
}

/**
 * Every activity the worker registers, built from its dependencies so tests can pass
 * fakes or a test database. Workflows import only the `Activities` type.
 */
export function createActivities(deps: ActivityDeps) {
  return {
    ...invitationActivities(deps),
    ...openEscalationActivities(deps),
    ...recordEventActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
