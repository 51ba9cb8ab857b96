import { z } from 'zod';

/**
 * The web-push services browsers actually use. The server POSTs to whatever endpoint a
 * subscription names, so any other host would let a caller aim our worker at internal
 * addresses (cloud metadata, private networks) and read the answer off the timeline.
 */
const EXACT_HOSTS = new Set(['fcm.googleapis.com', 'updates.push.services.mozilla.com']);
const HOST_SUFFIXES = ['.push.apple.com', '.notify.windows.com'];

export function isKnownPushService(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  // `port` is '' for the scheme's default (443); any explicit other port is refused.
  if (url.protocol !== 'https:' || url.username || url.password || url.port !== '') return false;
  const host = url.hostname;
  return EXACT_HOSTS.has(host) || HOST_SUFFIXES.some((s) => host.endsWith(s) && host.length > s.length);
}

export const PushEndpoint = z
  .url()
  .max(1000)
  .refine(isKnownPushService, { message: 'must be an https URL of a known web-push service (FCM, Mozilla, Apple or Windows)' });
