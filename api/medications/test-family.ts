import assert from 'node:assert/strict';
import WebSocket from 'ws';
import type { FamilyEvent, ServerMessage } from '../contracts/ws';
import { invitationTokenFromOutbox, signUp, uniqueEmail, type ApiSession } from '../../test/support/http';
import { startTestApp, type TestApp } from '../../test/support/app';

/**
 * What the medication scenario tests share: a family on the real stack with an admin
 * (who is also the assigned caregiver), a viewer, a stranger with a family of their own,
 * and a schedule builder.
 */
export interface MedicationFamily {
  app: TestApp;
  admin: { session: ApiSession; user: { id: string } };
  viewer: ApiSession;
  stranger: ApiSession;
  familyId: string;
  recipientId: string;
  otherRecipientId: string;
  schedule(overrides?: Record<string, unknown>): Record<string, unknown>;
  create(overrides?: Record<string, unknown>): Promise<{ id: string; status: string; version: number; supplyCount: number | null; schedule: Record<string, any> }>;
}

export async function startMedicationFamily(timeZone = 'Europe/Paris'): Promise<MedicationFamily> {
  const app = await startTestApp();
  const admin = await signUp(app.baseUrl, 'Admin');
  const familyId = (await admin.session.post('/api/families', { name: 'Medications' })).body.family.id as string;
  const recipientId = (await admin.session.post(`/api/families/${familyId}/recipients`, { displayName: 'Nan', timeZone })).body.recipient.id as string;
  const email = uniqueEmail('viewer');
  await admin.session.post(`/api/families/${familyId}/invitations`, { email, role: 'viewer' });
  const viewer = (await signUp(app.baseUrl, 'Viewer', email)).session;
  await viewer.post(`/api/invitations/${await invitationTokenFromOutbox(viewer)}/accept`);
  const stranger = (await signUp(app.baseUrl, 'Stranger')).session;
  const otherFamily = (await stranger.post('/api/families', { name: 'Others' })).body.family.id as string;
  const otherRecipientId = (await stranger.post(`/api/families/${otherFamily}/recipients`, { displayName: 'Pop', timeZone: 'UTC' })).body.recipient.id as string;

  const schedule = (overrides: Record<string, unknown> = {}) => ({
    medicationName: 'Metformin',
    dose: '500 mg, 1 tablet',
    careRecipientId: recipientId,
    assignedCaregiverId: admin.user.id,
    timeZone,
    timesOfDay: ['08:00', '20:00'],
    pattern: { kind: 'daily' },
    // Yesterday in UTC: every day ahead is a dose day.
    startDate: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10),
    ...overrides,
  });
  const create = async (overrides: Record<string, unknown> = {}) => {
    const res = await admin.session.post(`/api/families/${familyId}/medications`, schedule(overrides));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.medication;
  };
  return { app, admin, viewer, stranger, familyId, recipientId, otherRecipientId, schedule, create };
}

/** The local "YYYY-MM-DD" and "HH:MM" of an instant in a zone, written apart from activities/time/zoned-time.ts so tests check the calculator against a second opinion. */
export function wallClock(zone: string, iso: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/** A zone where "an hour from now" is still today, so the one dose of the schedule is the next one. */
export function zoneWithAnHourLeft(): string {
  const now = new Date().toISOString();
  return ['Europe/Paris', 'America/New_York', 'Asia/Tokyo', 'Pacific/Auckland', 'America/Los_Angeles'].find((z) => {
    const { time } = wallClock(z, now);
    return time >= '00:10' && time <= '21:30';
  })!;
}

/** For state only a workflow or a poll can show (no event tells it). */
export async function until(what: string, check: () => Promise<boolean>, ms = 15_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail(`timed out waiting for ${what}`);
}

/** A member's live connection to the family: resolves once subscribed; `next` awaits a matching event. */
export async function subscribeToFamily(baseUrl: string, session: ApiSession, familyId: string) {
  const ws = new WebSocket(`${baseUrl.replace('http', 'ws')}/ws`, { headers: { cookie: session.cookie } });
  const received: FamilyEvent[] = [];
  const waiting = new Set<{ match: (e: FamilyEvent) => boolean; resolve: (e: FamilyEvent) => void }>();
  await new Promise<void>((resolve, reject) => {
    ws.on('error', reject);
    ws.on('message', (raw) => {
      const msg = JSON.parse(raw.toString()) as ServerMessage;
      if (msg.type === 'hello') ws.send(JSON.stringify({ type: 'subscribe', familyId }));
      if (msg.type === 'subscribed') resolve();
      if (msg.type !== 'event') return;
      received.push(msg.event);
      for (const w of waiting) if (w.match(msg.event)) (waiting.delete(w), w.resolve(msg.event));
    });
  });
  return {
    next: (match: (e: FamilyEvent) => boolean) =>
      new Promise<FamilyEvent>((resolve) => {
        const seen = received.find(match);
        if (seen) resolve(seen);
        else waiting.add({ match, resolve });
      }),
    close: () => ws.close(),
  };
}
