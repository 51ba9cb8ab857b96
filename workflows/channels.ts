import type { Channel } from '../api/contracts/notifications';

/** Every channel a reminder may use; each person's plan keeps the ones they can receive, in their order. */
export const ALL_CHANNELS: readonly Channel[] = Object.freeze(['push', 'sms', 'email']);
