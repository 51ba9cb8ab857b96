import assert from 'node:assert/strict';
import { invitationTokenFromOutbox, signUp, uniqueEmail, type ApiSession } from '../../test/support/http';
import { startTestApp, type TestApp } from '../../test/support/app';

/**
 * What the appointment scenario tests share: a family on the real stack with an admin, two
 * caregivers (to race for a ride), a viewer, and a stranger with a family of their own.
 */
export interface AppointmentFamily {
  app: TestApp;
  admin: { session: ApiSession; user: { id: string } };
  caregivers: [{ session: ApiSession; user: { id: string } }, { session: ApiSession; user: { id: string } }];
  viewer: ApiSession;
  stranger: ApiSession;
  familyId: string;
  recipientId: string;
  otherRecipientId: string;
  body(overrides?: Record<string, unknown>): Record<string, unknown>;
  create(overrides?: Record<string, unknown>): Promise<{ id: string; version: number; series: Record<string, any> }>;
  agenda(session?: ApiSession, query?: string): Promise<any[]>;
}

export const ZONE = 'Europe/London';

/** The wall clock "YYYY-MM-DDTHH:MM" in `zone`, `days` from now at `time`, written apart from zoned-time.ts. */
export function localDaysAhead(days: number, time: string, zone = ZONE): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' })
      .formatToParts(new Date(Date.now() + days * 86_400_000))
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${time}`;
}

async function joinAs(app: TestApp, admin: ApiSession, familyId: string, role: string, name: string) {
  const email = uniqueEmail(name.toLowerCase());
  await admin.post(`/api/families/${familyId}/invitations`, { email, role });
  const member = await signUp(app.baseUrl, name, email);
  await member.session.post(`/api/invitations/${await invitationTokenFromOutbox(member.session)}/accept`);
  return member;
}

export async function startAppointmentFamily(): Promise<AppointmentFamily> {
  const app = await startTestApp();
  const admin = await signUp(app.baseUrl, 'Admin');
  const familyId = (await admin.session.post('/api/families', { name: 'Appointments' })).body.family.id as string;
  const recipientId = (await admin.session.post(`/api/families/${familyId}/recipients`, { displayName: 'Nan', timeZone: ZONE })).body.recipient.id as string;
  const caregivers = [await joinAs(app, admin.session, familyId, 'caregiver', 'Ben'), await joinAs(app, admin.session, familyId, 'caregiver', 'Ada')] as const;
  const viewer = (await joinAs(app, admin.session, familyId, 'viewer', 'Viewer')).session;
  const stranger = (await signUp(app.baseUrl, 'Stranger')).session;
  const otherFamily = (await stranger.post('/api/families', { name: 'Others' })).body.family.id as string;
  const otherRecipientId = (await stranger.post(`/api/families/${otherFamily}/recipients`, { displayName: 'Pop', timeZone: 'UTC' })).body.recipient.id as string;

  const body = (overrides: Record<string, unknown> = {}) => ({
    title: 'Cardiology check-up',
    kind: 'doctor',
    careRecipientId: recipientId,
    location: 'St Thomas, Westminster Bridge Rd',
    notes: 'Bring the blood pressure diary',
    start: localDaysAhead(2, '10:00'),
    durationMinutes: 60,
    rideLegs: ['outbound', 'return'],
    ...overrides,
  });
  const create = async (overrides: Record<string, unknown> = {}) => {
    const res = await admin.session.post(`/api/families/${familyId}/appointments`, body(overrides));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.appointment;
  };
  const agenda = async (session: ApiSession = admin.session, query = `?to=${encodeURIComponent(new Date(Date.now() + 60 * 86_400_000).toISOString())}`) => {
    const res = await session.get(`/api/families/${familyId}/appointments${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.occurrences;
  };
  return { app, admin, caregivers: [caregivers[0], caregivers[1]], viewer, stranger, familyId, recipientId, otherRecipientId, body, create, agenda };
}
