import { randomBytes } from 'node:crypto';

export interface Operation {
  operationId: string;
  method: string;
  path: string;
  access: 'public' | 'user' | { family: string[] };
  requestSchema?: { properties?: Record<string, { type?: string }>; required?: string[] };
}

/** Every operation of the served OpenAPI document, so tests cover routes added later without edits. */
export async function loadOperations(baseUrl: string): Promise<Operation[]> {
  const doc = (await (await fetch(`${baseUrl}/api/openapi.json`)).json()) as {
    paths: Record<string, Record<string, Record<string, any>>>;
  };
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      operationId: op.operationId,
      method,
      path,
      access: op['x-access'],
      requestSchema: op.requestBody?.content?.['application/json']?.schema,
    })),
  );
}

/** Valid as a body; its ids name nobody, so a request that passes validation still changes nothing. */
const medicationSchedule = {
  medicationName: 'Metformin',
  dose: '500 mg, 1 tablet',
  careRecipientId: '00000000-0000-4000-8000-000000000001',
  assignedCaregiverId: '00000000-0000-4000-8000-000000000002',
  timeZone: 'Europe/Paris',
  timesOfDay: ['08:00', '20:00'],
  pattern: { kind: 'daily' },
  startDate: '2026-03-01',
};

/** Valid as a body; its recipient names nobody, so it passes validation and is then refused (400) without a write. */
const appointment = {
  title: 'Cardiology check-up',
  kind: 'doctor',
  careRecipientId: '00000000-0000-4000-8000-000000000001',
  location: 'St Thomas',
  notes: 'Bring the diary',
  timeZone: 'Europe/London',
  start: '2026-03-02T10:00',
  durationMinutes: 60,
  recurrence: { freq: 'MONTHLY', byDay: ['2TU'], count: 6 },
  rideLegs: ['outbound'],
};

/** Valid as a body; its recipient and people name nobody, so it is refused (400) without a write. */
const rotation = {
  careRecipientId: '00000000-0000-4000-8000-000000000001',
  timeZone: 'Europe/London',
  cycleWeeks: 2,
  slots: [{ week: 1, weekday: 'mon', start: '22:00', end: '06:00', assigneeId: '00000000-0000-4000-8000-000000000002', backupIds: ['00000000-0000-4000-8000-000000000003'] }],
  startsOn: '2026-03-02',
  endsOn: '2026-06-30',
  horizonDays: 28,
  reminderLeadMinutes: [1440, 120],
  tasks: ['Lunch', 'Evening pills'],
};

/** A valid body for each operation that takes one; a new operation without one fails the tests that need it. */
export function validBody(operationId: string): unknown {
  const samples: Record<string, unknown> = {
    signup: { email: `s-${randomBytes(4).toString('hex')}@example.test`, password: 'a long password', displayName: 'Sam', timeZone: 'UTC' },
    login: { email: 'nobody@example.test', password: 'whatever password' },
    updateProfile: { displayName: 'New Name' },
    createFamily: { name: 'Another family' },
    renameFamily: { name: 'Renamed' },
    changeMemberRole: { role: 'viewer' },
    createInvitation: { email: `i-${randomBytes(4).toString('hex')}@example.test`, role: 'viewer' },
    createRecipient: { displayName: 'Grandpa Joe', timeZone: 'Asia/Kolkata' },
    updateRecipient: { displayName: 'Grandpa Joseph' },
    saveNotificationPreferences: { channels: ['sms', 'email'], quietHours: { start: '22:00', end: '07:00' } },
    savePushSubscription: { endpoint: 'https://fcm.googleapis.com/fcm/send/abc', keys: { p256dh: 'B'.repeat(87), auth: 'A'.repeat(22) } },
    deletePushSubscription: { endpoint: 'https://fcm.googleapis.com/fcm/send/abc' },
    verifyPhone: { code: '123456' },
    verifyEmail: { token: 'A'.repeat(43) },
    saveEscalationPolicy: { steps: [{ targets: { kind: 'role', role: 'caregiver' }, channels: ['sms', 'email'], waitMinutes: 10 }], repeat: 2 },
    raiseEmergency: { note: 'Fell in the kitchen' },
    claimEscalation: { minutes: 30 },
    resolveEscalation: { note: 'All fine now' },
    answerWithToken: { action: 'acknowledge' },
    replyToOutboxSms: { body: '1234' },
    createMedication: medicationSchedule,
    updateMedication: { ...medicationSchedule, timesOfDay: ['09:00'], supply: { count: 30, refillThreshold: 5 } },
    refillMedication: { added: 30 },
    logAsNeededDose: { note: 'For a headache' },
    markDoseSkipped: { reason: 'Asleep' },
    correctDose: { outcome: 'given' },
    createAppointment: appointment,
    previewAppointment: appointment,
    updateAppointment: { scope: 'series', changes: { title: 'Renamed', location: 'New wing' } },
    volunteerForRide: { leg: 'outbound', travelMinutes: 20 },
    setAppointmentReminders: { routine: false },
    withdrawFromRide: { leg: 'outbound' },
    checkInVisit: { kind: 'arrived' },
    createRotation: rotation,
    previewRotation: rotation,
    updateRotation: rotation,
    createShift: {
      careRecipientId: '00000000-0000-4000-8000-000000000001',
      timeZone: 'Europe/London',
      start: '2026-03-02T09:00',
      end: '2026-03-02T17:00',
      assigneeId: null,
      backupIds: [],
      tasks: ['Lunch'],
      notes: 'Key under the mat',
    },
    overrideShift: { assigneeId: '00000000-0000-4000-8000-000000000002', notes: 'Covering for Ana' },
    checkInShift: { location: { lat: 51.5, lon: -0.12, accuracyM: 20 } },
    checkOutShift: { handoffNote: 'Ate well, slept at two', tasksDone: ['Lunch'] },
    submitVisitSummary: { notes: 'Blood pressure fine', followUps: ['Repeat bloods in March'], nextAppointmentSuggestion: 'In six months' },
  };
  if (!(operationId in samples)) throw new Error(`test/support/openapi.ts has no valid body for ${operationId}`);
  return samples[operationId];
}

export function fillPath(path: string, ids: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const id = ids[name];
    if (!id) throw new Error(`no test value for path parameter ${name}`);
    return id;
  });
}

/** Row counts of every table a request could write: "nothing changed" means these are equal. */
export async function snapshot(db: { query(sql: string): Promise<any[]> }): Promise<Record<string, number>> {
  const tables = [
    'users',
    'families',
    'memberships',
    'invitations',
    'care_recipients',
    'outbox_messages',
    'sessions',
    'medication_schedules',
    'dose_records',
    'appointment_series',
    'appointment_overrides',
    'appointment_reminder_opt_outs',
    'calendar_feeds',
    'shift_rotations',
    'shifts',
    'shift_swaps',
  ];
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = Number((await db.query(`SELECT count(*) AS n FROM ${t}`))[0].n);
  const [{ h }] = await db.query(
    `SELECT md5(string_agg(x, ',' ORDER BY x)) AS h FROM (
       SELECT family_id::text || user_id::text || role AS x FROM memberships UNION ALL
       SELECT id::text || status FROM invitations UNION ALL
       SELECT id::text || display_name || time_zone FROM care_recipients UNION ALL
       SELECT id::text || name FROM families UNION ALL
       SELECT id::text || display_name || coalesce(phone, '') || time_zone FROM users) rows`,
  );
  out.contentHash = h;
  return out;
}
