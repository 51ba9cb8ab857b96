import webpush from 'web-push';
import type { Config } from '../config';
import type { Queryable } from '../events/publisher';
import { getOrCreateSecret } from '../secrets';

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

/**
 * VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY if set, otherwise a pair generated once and kept
 * in app_secrets. Browsers subscribe with the public key; changing it later orphans every
 * existing subscription (their push services refuse our signature), so it must not rotate casually.
 */
export async function vapidKeys(db: Queryable, config: Config): Promise<VapidKeys> {
  if (config.delivery.push.vapidKeys) return config.delivery.push.vapidKeys;
  return getOrCreateSecret(db, 'vapid', () => {
    const { publicKey, privateKey } = webpush.generateVAPIDKeys();
    return { publicKey, privateKey };
  });
}
