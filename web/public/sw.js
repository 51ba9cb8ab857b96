/* CareCircle service worker: shows pushed alerts and answers "I've got it" from the
 * notification itself, so a caregiver can acknowledge without opening the app.
 * Payload (JSON): { title, body, escalationId, familyId, actions, answerToken, answerUrl }.
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
      // One notification per escalation: a later page replaces the earlier one.
      tag: data.escalationId ? `escalation-${data.escalationId}` : undefined,
      renotify: Boolean(data.escalationId),
      requireInteraction: true,
      data,
      actions: canAnswer ? [{ action: 'acknowledge', title: "I've got it" }] : [],
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
  event.waitUntil(openApp(detailPath(data)));
});

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
