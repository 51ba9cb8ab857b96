import { request } from './client';
import {
  NotificationPreferencesResponse,
  PushSubscriptionList,
  VapidPublicKeyResponse,
  type NotificationPreferences,
  type PushSubscriptionInput,
} from './contracts';

export const getPreferences = () =>
  request('GET', '/api/me/notification-preferences', { schema: NotificationPreferencesResponse });
export const savePreferences = (preferences: NotificationPreferences) =>
  request('PUT', '/api/me/notification-preferences', { body: preferences, schema: NotificationPreferencesResponse });

export const getVapidPublicKey = () => request('GET', '/api/push/vapid-public-key', { schema: VapidPublicKeyResponse });
export const listPushSubscriptions = () => request('GET', '/api/me/push-subscriptions', { schema: PushSubscriptionList });
export const addPushSubscription = (input: PushSubscriptionInput) =>
  request('POST', '/api/me/push-subscriptions', { body: input, schema: PushSubscriptionList });
export const removePushSubscription = (endpoint: string) =>
  request('DELETE', '/api/me/push-subscriptions', { body: { endpoint } });
