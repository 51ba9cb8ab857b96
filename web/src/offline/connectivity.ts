import { reactive, ref } from 'vue';

/** Whether the browser has a network; pages say so and answers are queued while it has none. */
export const online = ref(typeof navigator === 'undefined' ? true : navigator.onLine);
/** When the network went away in this page: live updates kept the page current until then. */
export const offlineSince = ref<number | null>(online.value ? null : Date.now());
if (typeof window !== 'undefined') {
  window.addEventListener('online', () => {
    online.value = true;
    offlineSince.value = null;
  });
  window.addEventListener('offline', () => {
    online.value = false;
    offlineSince.value = Date.now();
  });
}

/**
 * API paths whose last answer came from the service worker's saved copy (offline), with the
 * instant it was saved, so a page can say how old what it shows is. A fresh answer clears it.
 */
const savedCopies = reactive(new Map<string, number>());
export function noteAnswerAge(path: string, savedAt: string | null) {
  const at = savedAt === null ? Number.NaN : Date.parse(savedAt);
  if (Number.isNaN(at)) savedCopies.delete(path);
  else savedCopies.set(path, at);
}
/** When the shown copy of `path` was saved, or null when it came fresh from the API. */
export const savedCopyAt = (path: string): number | null => savedCopies.get(path) ?? null;

/** The data copies the service worker keeps for offline reading; dropped when someone logs out. */
export async function forgetOfflineCopies(): Promise<void> {
  if (typeof caches !== 'undefined') await caches.delete('carecircle-data').catch(() => false);
}

/** The worker at /sw.js caches the app shell (and shows push notifications); only a built app has a shell to cache. */
export function registerServiceWorker() {
  if (!import.meta.env.PROD || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch((e: unknown) => console.warn('No offline support', e));
}
