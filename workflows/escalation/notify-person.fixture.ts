import type { ContactPlan, DeliveryRequest } from '../../activities/escalation/types';
import { notifyPerson, type ChannelResult } from './notify-person';

/**
 * A test-only workflow around `notifyPerson`, bundled by notify-person.test.ts alone (the
 * worker's bundle is workflows/index.ts and never contains it). Routine reminders belong
 * to the medication and appointment workflows, which will call notifyPerson directly.
 */
export async function notifyPersonForTest(plan: ContactPlan, urgency: DeliveryRequest['urgency']): Promise<ChannelResult[]> {
  return notifyPerson(plan, {
    request: { familyId: 'f', escalationId: 'e', template: 'escalation', urgency },
    keyPrefix: `test/${urgency}`,
    label: 'test',
    everyChannel: false,
  });
}
