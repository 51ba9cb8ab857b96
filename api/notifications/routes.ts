import {
  NotificationPreferences,
  NotificationPreferencesResponse,
  PushSubscriptionInput,
  PushSubscriptionList,
  PushUnsubscribeInput,
  VapidPublicKeyResponse,
} from '../contracts/notifications';
import type { Queryable } from '../events/publisher';
import { USER, defineRoute } from '../http/route';
import { DEFAULT_CHANNEL_ORDER } from '../../activities/escalation/contacts';
import { vapidKeys } from './vapid';

const DEFAULT_PREFERENCES: NotificationPreferences = { channels: [...DEFAULT_CHANNEL_ORDER], quietHours: null };

async function preferencesOf(db: Queryable, userId: string): Promise<NotificationPreferences> {
  const rows = (await db.query('SELECT channels, quiet_start, quiet_end FROM notification_preferences WHERE user_id = $1', [userId])) as {
    channels: NotificationPreferences['channels'];
    quiet_start: string | null;
    quiet_end: string | null;
  }[];
  const r = rows[0];
  if (!r) return DEFAULT_PREFERENCES;
  return { channels: r.channels, quietHours: r.quiet_start && r.quiet_end ? { start: r.quiet_start, end: r.quiet_end } : null };
}

async function subscriptionsOf(db: Queryable, userId: string) {
  const rows = (await db.query('SELECT endpoint, created_at FROM push_subscriptions WHERE user_id = $1 ORDER BY created_at', [userId])) as {
    endpoint: string;
    created_at: Date;
  }[];
  return { subscriptions: rows.map((r) => ({ endpoint: r.endpoint, createdAt: r.created_at.toISOString() })) };
}

export const notificationRoutes = [
  defineRoute({
    operationId: 'getNotificationPreferences',
    method: 'get',
    path: '/api/me/notification-preferences',
    summary: 'How I want to be reached: channel order and quiet hours',
    tag: 'notifications',
    access: USER,
    response: { status: 200, schema: NotificationPreferencesResponse, description: 'Mine, or the defaults (push, SMS, email; no quiet hours).' },
    async handler({ user }, deps) {
      return { body: { preferences: await preferencesOf(deps.dataSource, user!.id) } };
    },
  }),
  defineRoute({
    operationId: 'saveNotificationPreferences',
    method: 'put',
    path: '/api/me/notification-preferences',
    summary: 'Replace my channel order and quiet hours',
    tag: 'notifications',
    access: USER,
    body: NotificationPreferences,
    response: { status: 200, schema: NotificationPreferencesResponse, description: 'As stored.' },
    async handler({ user, body }, deps) {
      await deps.dataSource.query(
        `INSERT INTO notification_preferences (user_id, channels, quiet_start, quiet_end) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id) DO UPDATE SET channels = EXCLUDED.channels, quiet_start = EXCLUDED.quiet_start,
           quiet_end = EXCLUDED.quiet_end, updated_at = now()`,
        [user!.id, body.channels, body.quietHours?.start ?? null, body.quietHours?.end ?? null],
      );
      return { body: { preferences: await preferencesOf(deps.dataSource, user!.id) } };
    },
  }),
  defineRoute({
    operationId: 'getVapidPublicKey',
    method: 'get',
    path: '/api/push/vapid-public-key',
    summary: "The application server key a browser subscribes to push with",
    tag: 'notifications',
    access: USER,
    response: { status: 200, schema: VapidPublicKeyResponse, description: 'URL-safe base64, as PushManager.subscribe expects.' },
    async handler(_input, deps) {
      return { body: { publicKey: (await vapidKeys(deps.dataSource, deps.config)).publicKey } };
    },
  }),
  defineRoute({
    operationId: 'listPushSubscriptions',
    method: 'get',
    path: '/api/me/push-subscriptions',
    summary: 'The browsers and devices that receive my push notifications',
    tag: 'notifications',
    access: USER,
    response: { status: 200, schema: PushSubscriptionList, description: 'Oldest first.' },
    async handler({ user }, deps) {
      return { body: await subscriptionsOf(deps.dataSource, user!.id) };
    },
  }),
  defineRoute({
    operationId: 'savePushSubscription',
    method: 'post',
    path: '/api/me/push-subscriptions',
    summary: 'Receive push notifications on this browser',
    tag: 'notifications',
    access: USER,
    body: PushSubscriptionInput,
    response: { status: 201, schema: PushSubscriptionList, description: 'All my subscriptions, this one included.' },
    async handler({ user, body }, deps) {
      // One endpoint is one browser profile: if someone else subscribed it before (a shared
      // computer), it now belongs to whoever subscribed last, and only they get its pushes.
      await deps.dataSource.query(
        `INSERT INTO push_subscriptions (user_id, endpoint, p256dh, auth) VALUES ($1, $2, $3, $4)
         ON CONFLICT (endpoint) DO UPDATE SET user_id = EXCLUDED.user_id, p256dh = EXCLUDED.p256dh, auth = EXCLUDED.auth`,
        [user!.id, body.endpoint, body.keys.p256dh, body.keys.auth],
      );
      return { body: await subscriptionsOf(deps.dataSource, user!.id) };
    },
  }),
  defineRoute({
    operationId: 'deletePushSubscription',
    method: 'delete',
    path: '/api/me/push-subscriptions',
    summary: 'Stop push notifications on this browser',
    tag: 'notifications',
    access: USER,
    body: PushUnsubscribeInput,
    response: { status: 204, description: 'Gone (also when it was not mine or did not exist).' },
    async handler({ user, body }, deps) {
      await deps.dataSource.query('DELETE FROM push_subscriptions WHERE user_id = $1 AND endpoint = $2', [user!.id, body.endpoint]);
      return { status: 204 };
    },
  }),
];
