/* CareCircle service worker: shows pushed alerts and answers "I'm on it" from the
 * notification itself, so a caregiver can acknowledge without opening the app; and keeps the
 * app usable offline (see offline part below).
 * Escalation payload (JSON): { title, body, escalationId, familyId, actions, answerToken, answerUrl }.
 * Medication payload (JSON): { title, body, familyId, scheduleId, doseKey, url, actions: [] }:
 * doses are answered in the app, so a click opens `url` (the family's Today page).
 * Kept as plain JS served at /sw.js: its scope must be the whole origin, and it needs no build. */

/* ---- Offline ----
 * The app shell (index.html and every built file, listed by the build in /app-shell.json) is
 * cached, so the app opens without a network. A few reads (who I am, my families, a family,
 * its Today, recipients and members) are network-first with the last good answer kept: offline,
 * that copy is served with its age in X-CareCircle-Saved-At so the page can say "as of 08:03".
 * Answers are never replayed here: the page queues them and resends them with their key. */
const SHELL_CACHE = 'carecircle-shell';
const DATA_CACHE = 'carecircle-data';
const PUBLIC_FILES = ['/manifest.webmanifest', '/icons/icon-192.png', '/icons/icon-512.png', '/icons/apple-touch-icon.png'];
const READABLE_OFFLINE = [
  /^\/api\/auth\/me$/,
  /^\/api\/families$/,
  /^\/api\/families\/[^/]+$/,
  /^\/api\/families\/[^/]+\/(today|recipients|members|medications|escalations|invitations)$/,
];

self.addEventListener('install', (event) => {
  // A failed shell download must not block push notifications: the next page load tries again.
  event.waitUntil(refreshShell().catch(() => undefined).then(() => self.skipWaiting()));
});
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') return event.respondWith(page(request, event));
  if (url.pathname.startsWith('/assets/') || PUBLIC_FILES.includes(url.pathname)) return event.respondWith(shellFile(request));
  if (READABLE_OFFLINE.some((p) => p.test(url.pathname)) && url.search === '') return event.respondWith(readable(request));
});

/** The newest index.html and files of this build; files of older builds are dropped. */
async function refreshShell() {
  const listing = await fetch('/app-shell.json', { cache: 'no-store' });
  if (!listing.ok) return;
  const files = [...(await listing.json()), ...PUBLIC_FILES];
  const cache = await caches.open(SHELL_CACHE);
  const index = await fetch('/index.html', { cache: 'no-store' });
  if (!index.ok) return;
  const cached = new Set((await cache.keys()).map((r) => new URL(r.url).pathname));
  await Promise.all(files.filter((f) => f !== '/index.html' && !cached.has(f)).map((f) => cache.add(f)));
  await cache.put('/index.html', index);
  const wanted = new Set([...files, '/index.html']);
  await Promise.all([...cached].filter((f) => !wanted.has(f)).map((f) => cache.delete(f)));
}

/** Pages: the network first (a new build shows at once), the cached shell offline. */
async function page(request, event) {
  try {
    const response = await fetch(request);
    if (response.ok) event.waitUntil(refreshShell().catch(() => undefined));
    return response;
  } catch {
    const shell = await caches.match('/index.html', { cacheName: SHELL_CACHE });
    return shell || Response.error();
  }
}

/** Built files are named by their content, so a cached copy is never stale. */
async function shellFile(request) {
  const cached = await caches.match(request, { cacheName: SHELL_CACHE });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) {
    const copy = response.clone();
    caches.open(SHELL_CACHE).then((c) => c.put(request, copy));
  }
  return response;
}

/* Bumped when a page says its user logged out: a read that was already on its way when the
 * copies were dropped must not write that person's data back afterwards. */
let logouts = 0;
self.addEventListener('message', (event) => {
  if (event.data?.type !== 'logged-out') return;
  logouts += 1;
  event.waitUntil(caches.delete(DATA_CACHE));
});

async function readable(request) {
  const askedDuring = logouts;
  let response;
  try {
    response = await fetch(request);
  } catch {
    const saved = await caches.match(request, { cacheName: DATA_CACHE });
    return saved || Response.error();
  }
  const cache = await caches.open(DATA_CACHE);
  if (response.status === 401) {
    // Logged out (or the session expired): nothing of that person stays on this device.
    await caches.delete(DATA_CACHE);
  } else if (response.ok && askedDuring === logouts) {
    const headers = new Headers(response.headers);
    headers.set('X-CareCircle-Saved-At', new Date().toISOString());
    const body = await response.clone().blob();
    if (askedDuring === logouts) await cache.put(request, new Response(body, { status: response.status, headers }));
  }
  return response;
}

self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch {
    data = { body: event.data ? event.data.text() : '' };
  }
  const canAnswer = typeof data.answerUrl === 'string' && data.answerUrl !== '';
  event.waitUntil(
    self.registration.showNotification(data.title || 'CareCircle', {
      body: data.body || '',
      // One notification per escalation, and per dose: a later page or a heads-up's due reminder replaces the earlier one.
      tag: data.escalationId ? `escalation-${data.escalationId}` : doseTag(data),
      renotify: Boolean(data.escalationId),
      requireInteraction: true,
      data,
      // The button's words come with the payload, in the member's language; English if an older server sent none.
      actions: canAnswer ? [{ action: 'acknowledge', title: ackTitle(data) }] : [],
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  const data = event.notification.data || {};
  event.notification.close();
  if (event.action === 'acknowledge' && data.answerUrl) {
    event.waitUntil(answer(data));
    return;
  }
  // An escalation opens its own page, as it always has; anything else opens the page its payload names.
  event.waitUntil(openApp(data.escalationId ? detailPath(data) : appPath(data.url) || detailPath(data)));
});

function ackTitle(data) {
  const sent = Array.isArray(data.actions) ? data.actions.find((a) => a && a.action === 'acknowledge') : null;
  return sent && typeof sent.title === 'string' && sent.title !== '' ? sent.title : "I'm on it";
}

function doseTag(data) {
  return data.scheduleId && data.doseKey ? `dose-${data.scheduleId}-${data.doseKey}` : undefined;
}

/** A path on this origin only: a payload must not be able to send someone to another site. */
function appPath(url) {
  if (typeof url !== 'string' || url === '') return null;
  try {
    const target = new URL(url, self.location.origin);
    return target.origin === self.location.origin ? target.pathname + target.search + target.hash : null;
  } catch {
    return null;
  }
}

function detailPath(data) {
  return data.familyId && data.escalationId
    ? `/families/${encodeURIComponent(data.familyId)}/escalations/${encodeURIComponent(data.escalationId)}`
    : '/families';
}

async function answer(data) {
  try {
    const response = await fetch(data.answerUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'acknowledge' }),
    });
    if (response.ok) {
      await self.registration.showNotification('Thanks, you have it', {
        body: 'Everyone else has been told you are on it.',
        tag: data.escalationId ? `escalation-${data.escalationId}` : undefined,
        data: { familyId: data.familyId, escalationId: data.escalationId },
      });
      return;
    }
    // 409: someone else answered first, or it is over; show the page that says so.
  } catch {
    // Offline: the app page lets them answer once they are back.
  }
  await openApp(detailPath(data));
}

async function openApp(path) {
  const url = new URL(path, self.location.origin).href;
  const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
  for (const client of windows) {
    if (new URL(client.url).origin === self.location.origin && 'focus' in client) {
      await client.focus();
      if ('navigate' in client) await client.navigate(url).catch(() => undefined);
      return;
    }
  }
  await self.clients.openWindow(url);
}
