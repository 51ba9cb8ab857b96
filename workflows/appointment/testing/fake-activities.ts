import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { OccurrenceOverride, Recurrence, RideLeg } from '../../../api/contracts/appointments';
import { planOccurrences } from '../../../activities/appointments/series-activities';
import { openAheadMs, settingsOf, type SeriesRow } from '../../../activities/appointments/series-rows';
import type { AppointmentMessageInput, CheckInRecord, RideRecord, SummaryRecord, VisitRowStatus } from '../../../activities/appointments/types';
import type { DeliveryRequest, TimelineEventInput } from '../../../activities/escalation/types';
import type { RecordActivities } from '../../escalation/escalation-run';
import type { DeliveryActivities } from '../../escalation/notify-person';
import type { AppointmentActivities } from '../appointment-activities';

export type FakeActivities = AppointmentActivities & RecordActivities & DeliveryActivities;

export interface FakeSeries {
  row: SeriesRow;
  recurrence: Recurrence | null;
  overrides: OccurrenceOverride[];
}

/**
 * The appointments' world in memory: series rows and overrides (expanded by the real
 * recurrence code), visits, rides, check-ins and summaries, and every message and page,
 * each stamped with the server time `now` gave when it happened. The escalation child
 * runs over the same fakes as its own tests: one step, the backup by SMS, 15 minutes.
 */
export function createAppointmentFakes(now: () => Promise<number>) {
  const admin = randomUUID();
  const caregiver = randomUUID();
  const helper = randomUUID();
  const backup = randomUUID();
  const viewer = randomUUID();
  const optedOut = new Set<string>();
  /** Members in quiet hours, until when (routine messages only, as planContacts says). */
  const quietUntil = new Map<string, string>();

  const series = new Map<string, FakeSeries>();
  const visits = new Map<string, { status: VisitRowStatus; startUtc: string; endUtc: string }>();
  const rides: (RideRecord & { atMs: number })[] = [];
  const checkIns: CheckInRecord[] = [];
  const summaries: SummaryRecord[] = [];
  const messages: (AppointmentMessageInput & { atMs: number })[] = [];
  const pages: (DeliveryRequest & { atMs: number })[] = [];
  const chainEvents: TimelineEventInput[] = [];
  const ended = new Set<string>();
  /** Run once inside a series' next plan, after the rows were read: an edit landing while the plan activity runs. */
  const duringPlan = new Map<string, () => Promise<void>>();
  const waiters: (() => void)[] = [];
  const changed = () => waiters.splice(0).forEach((wake) => wake());
  const visitKey = (seriesId: string, key: string) => `${seriesId}/${key}`;

  const activities: FakeActivities = {
    async appointmentPlan(input) {
      const s = series.get(input.seriesId);
      if (!s) return { status: 'missing', version: 0, due: [], started: [], nextOpenAt: null };
      if (s.row.status === 'deleted') return { status: 'deleted', version: s.row.version, due: [], started: [], nextOpenAt: null };
      const timing = { start: s.row.start_local, timeZone: s.row.time_zone, durationMinutes: s.row.duration_minutes, recurrence: s.recurrence, overrides: s.overrides };
      const plan = { status: s.row.status, version: s.row.version, ...planOccurrences(timing, openAheadMs(s.row), input) };
      const hook = duringPlan.get(input.seriesId);
      duringPlan.delete(input.seriesId);
      await hook?.();
      return plan;
    },
    async markSeriesEnded({ seriesId }) {
      ended.add(seriesId);
      changed();
    },
    async openVisit(input) {
      const s = series.get(input.seriesId);
      if (!s || s.row.status === 'deleted') return { gone: true };
      visits.set(visitKey(input.seriesId, input.occurrenceKey), { status: 'scheduled', startUtc: input.startUtc, endUtc: input.endUtc });
      changed();
      return { gone: false, ...settingsOf(s.row) };
    },
    async setVisitStatus(input) {
      visits.set(visitKey(input.seriesId, input.occurrenceKey), { status: input.status, startUtc: input.startUtc, endUtc: input.endUtc });
      changed();
    },
    async recordRide(input) {
      rides.push({ ...input, atMs: await now() });
      changed();
    },
    async recordCheckIn(input) {
      checkIns.push(input);
      changed();
    },
    async recordSummary(input) {
      summaries.push(input);
      changed();
    },
    async appointmentAudience({ purpose }) {
      if (purpose === 'admins') return [admin];
      const family = [admin, caregiver, helper];
      return purpose === 'reminder' ? family.filter((id) => !optedOut.has(id)) : family;
    },
    async sendAppointmentMessage(input) {
      messages.push({ ...input, atMs: await now() });
      changed();
      return { status: 'sent', provider: 'fake', providerMessageId: null };
    },
    async planContacts({ userIds, channels, urgency }) {
      const nowMs = await now();
      return userIds.map((userId) => {
        const until = quietUntil.get(userId);
        return { userId, channels, quietUntil: urgency === 'routine' && until && Date.parse(until) > nowMs ? until : null };
      });
    },
    async openEscalation() {
      return { ackCode: '1234', steps: [{ userIds: [backup], channels: ['sms'], waitMinutes: 15 }], repeat: 1, memberIds: [admin, caregiver, helper, backup], adminIds: [admin] };
    },
    async recordEscalationEvent(e) {
      chainEvents.push(e);
      changed();
      return { recorded: true };
    },
    async deliver(req) {
      pages.push({ ...req, atMs: await now() });
      changed();
      return { status: 'sent', provider: 'fake', providerMessageId: null };
    },
  };

  /** A series row as the API would save it (defaults: one visit, 60 minutes, New York, default reminders, no ride). */
  function addSeries(fields: { start: string; timeZone?: string; durationMinutes?: number; recurrence?: Recurrence | null; reminderLeads?: number[]; rideLegs?: RideLeg[]; rideDeadlineHours?: number; travelMinutes?: number }) {
    const id = randomUUID();
    const row: SeriesRow = {
      id,
      family_id: randomUUID(),
      status: 'active',
      version: 1,
      time_zone: fields.timeZone ?? 'America/New_York',
      start_local: fields.start,
      duration_minutes: fields.durationMinutes ?? 60,
      recurrence: fields.recurrence ?? null,
      reminder_leads: fields.reminderLeads ?? [10080, 1440, 120],
      ride_legs: fields.rideLegs ?? [],
      ride_deadline_hours: fields.rideDeadlineHours ?? 48,
      travel_minutes: fields.travelMinutes ?? 30,
    };
    series.set(id, { row, recurrence: fields.recurrence ?? null, overrides: [] });
    return row;
  }

  /** Resolves once `check` holds, re-checked whenever a fake writes something (and every 200 ms). */
  async function until(check: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await Promise.race([new Promise<void>((wake) => waiters.push(wake)), delay(200)]);
    }
  }

  const messagesOf = (seriesId: string, kind?: AppointmentMessageInput['kind']) => messages.filter((m) => m.seriesId === seriesId && (!kind || m.kind === kind));
  const visitOf = (seriesId: string, key: string) => visits.get(visitKey(seriesId, key));

  return { activities, admin, caregiver, helper, backup, viewer, optedOut, quietUntil, series, visits, rides, checkIns, summaries, messages, pages, chainEvents, ended, duringPlan, addSeries, until, messagesOf, visitOf };
}
