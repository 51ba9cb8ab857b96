import { ref } from 'vue';
import { addPushSubscription, getVapidPublicKey, removePushSubscription } from '../api/notifications';
import { t } from '../i18n';

export type PushState = 'checking' | 'unsupported' | 'denied' | 'off' | 'on';

/** The Push API wants the VAPID key as raw bytes; the API hands it out base64url-encoded. */
function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = (base64url + '='.repeat((4 - (base64url.length % 4)) % 4)).replace(/-/g, '+').replace(/_/g, '/');
  const raw = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

const supported = () =>
  typeof navigator !== 'undefined' && 'serviceWorker' in navigator && 'PushManager' in window && 'Notification' in window;

/**
 * Web push on THIS device: the service worker at /sw.js, the browser's permission, the
 * push service subscription, and our API's copy of it (one per device, by endpoint).
 */
export function usePushDevice() {
  const state = ref<PushState>('checking');

  async function currentSubscription(): Promise<PushSubscription | null> {
    const registration = await navigator.serviceWorker.getRegistration('/');
    return (await registration?.pushManager.getSubscription()) ?? null;
  }

  async function check() {
    if (!supported()) return void (state.value = 'unsupported');
    if (Notification.permission === 'denied') return void (state.value = 'denied');
    state.value = (await currentSubscription()) ? 'on' : 'off';
  }

  async function turnOn() {
    if (!supported()) throw new Error(t.value.profile.push.unsupported);
    await navigator.serviceWorker.register('/sw.js', { scope: '/' });
    const registration = await navigator.serviceWorker.ready;
    const permission = await Notification.requestPermission();
    if (permission !== 'granted') {
      state.value = permission === 'denied' ? 'denied' : 'off';
      throw new Error(t.value.profile.push.notAllowed);
    }
    const { publicKey } = await getVapidPublicKey();
    let subscription = await registration.pushManager.getSubscription();
    try {
      subscription ??= await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(publicKey) });
    } catch (e) {
      // Typically the browser's own push service is unreachable (offline, or blocked by a network).
      throw new Error(t.value.profile.push.subscribeFailed(e instanceof Error ? e.message : String(e)));
    }
    const json = subscription.toJSON();
    if (!json.endpoint || !json.keys?.p256dh || !json.keys.auth) throw new Error(t.value.profile.push.incomplete);
    await addPushSubscription({ endpoint: json.endpoint, keys: { p256dh: json.keys.p256dh, auth: json.keys.auth } });
    state.value = 'on';
  }

  /** Forgets the device on our side first: a subscription we still hold would keep being tried. */
  async function turnOff() {
    const subscription = await currentSubscription();
    if (subscription) {
      await removePushSubscription(subscription.endpoint);
      await subscription.unsubscribe();
    }
    state.value = 'off';
  }

  return { state, check, turnOn, turnOff };
}
