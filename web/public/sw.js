/* CareCircle service worker: shows pushed alerts and answers "I'm on it" from the
 * notification itself, so a caregiver can acknowledge without opening the app.
 * Escalation payload (JSON): { title, body, escalationId, familyId, actions, answerToken, answerUrl }.
 * Medication payload (JSON): { title, body, familyId, scheduleId, doseKey, url, actions: [] }:
 * doses are answered in the app, so a click opens `url` (the family's Today page).
 * Kept as plain JS served at /sw.js: its scope must be the whole origin, and it needs no build. */

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

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
      actions: canAnswer ? [{ action: 'acknowledge', title: "I'm on it" }] : [],
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
