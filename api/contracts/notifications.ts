import { z } from 'zod';
import { PushEndpoint } from './push-endpoint';

export const Channel = z.enum(['push', 'sms', 'email']);
export type Channel = z.infer<typeof Channel>;

/** How an answer reached us; shown on the timeline ("Ben acknowledged by SMS"). */
export const AnswerVia = z.enum(['app', 'push', 'sms', 'email']);
export type AnswerVia = z.infer<typeof AnswerVia>;

const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a time such as 22:00' });

export const NotificationPreferences = z
  .strictObject({
    /** In the order to try; a permanent failure on one falls back to the next. */
    channels: z
      .array(Channel)
      .min(1, { message: 'choose at least one channel' })
      .refine((c) => new Set(c).size === c.length, { message: 'each channel once' }),
    /** Local times in the member's own zone; routine reminders wait them out, escalations do not. */
    quietHours: z.strictObject({ start: LocalTime, end: LocalTime }).nullable(),
  });
export type NotificationPreferences = z.infer<typeof NotificationPreferences>;
export const NotificationPreferencesResponse = z.object({ preferences: NotificationPreferences });

export const PushSubscriptionInput = z.strictObject({
  endpoint: PushEndpoint,
  keys: z.strictObject({ p256dh: z.string().min(20).max(200), auth: z.string().min(8).max(100) }),
});
export type PushSubscriptionInput = z.infer<typeof PushSubscriptionInput>;
export const PushUnsubscribeInput = z.strictObject({ endpoint: z.url().max(1000) });
export const VapidPublicKeyResponse = z.object({ publicKey: z.string() });
export const PushSubscriptionList = z.object({ subscriptions: z.array(z.object({ endpoint: z.string(), createdAt: z.iso.datetime() })) });
