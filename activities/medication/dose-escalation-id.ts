import { createHash } from 'node:crypto';

/**
 * A UUID (version-5 layout, SHA-1) named by schedule and dose: the escalation of one dose
 * has one id however often the workflow asks, so it is opened and paged once.
 */
export function doseEscalationId(scheduleId: string, doseKey: string): string {
  const h = createHash('sha1').update(`carecircle/medication/${scheduleId}/${doseKey}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}
