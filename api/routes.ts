import { answerRoutes } from './answers/routes';
import { appointmentRoutes } from './appointments/routes';
import { auditRoutes } from './audit/routes';
import { authRoutes } from './auth/routes';
import { calendarFeedRoutes } from './calendar/routes';
import { escalationRoutes } from './escalations/routes';
import { policyRoutes } from './escalations/policy-routes';
import { familyRoutes } from './families/routes';
import { invitationRoutes } from './invitations/routes';
import { myInvitationRoutes } from './invitations/my-invitations-routes';
import { medicationRoutes } from './medications/routes';
import { memberRoutes } from './members/routes';
import { notificationRoutes } from './notifications/routes';
import { outboxReplyRoute } from './outbox/reply-route';
import { outboxRoutes } from './outbox/routes';
import { profileRoutes } from './profile/routes';
import { recipientRoutes } from './recipients/routes';
import { shiftsRoutes } from './shifts/routes';
import { timelineRoutes } from './timeline/routes';

/** Every REST route; the same list is mounted on the router and written into the OpenAPI document. */
export const apiRoutes = [
  ...authRoutes,
  ...profileRoutes,
  ...notificationRoutes,
  ...familyRoutes,
  ...memberRoutes,
  ...invitationRoutes,
  ...myInvitationRoutes,
  ...recipientRoutes,
  ...outboxRoutes,
  outboxReplyRoute,
  ...policyRoutes,
  ...escalationRoutes,
  ...answerRoutes,
  ...medicationRoutes,
  ...timelineRoutes,
  ...auditRoutes,
  ...appointmentRoutes,
  ...calendarFeedRoutes,
  ...shiftsRoutes,
];
