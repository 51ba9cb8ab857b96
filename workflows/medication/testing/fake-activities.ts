import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { setTimeout as delay } from 'node:timers/promises';
import type { DeliveryRequest, PolicySnapshot, TimelineEventInput } from '../../../activities/escalation/types';
import { scheduledDose } from '../../../activities/medication/activities';
import { workflowSettings } from '../../../api/medications/schedule-rows';
import type { MedicationSchedule } from '../../../activities/medication/schedule';
import type { DoseAnnouncement, DoseOutcomeInput, MedicationMessageInput } from '../../../activities/medication/types';
import type { RecordActivities } from '../../escalation/escalation-run';
import type { DeliveryActivities } from '../../escalation/notify-person';
import type { MedicationActivities } from '../medication-activities';

export type FakeActivities = MedicationActivities & RecordActivities & DeliveryActivities;

/**
 * The medication schedule's world in memory: schedules, dose records and supply, and
 * every message, page and live announcement, each stamped with the server time `now`
 * gave when it happened (the time-skipping server's clock, or the wall clock for a real
 * server). The escalation child runs over the same fakes as its own tests.
 */
export function createMedicationFakes(now: () => Promise<number>) {
  const caregiver = randomUUID();
  const backup = randomUUID();
  const admin = randomUUID();

  const schedules = new Map<string, { schedule: MedicationSchedule; version: number }>();
  const supply = new Map<string, { count: number; threshold: number; alertDoseKey: string | null }>();
  const records = new Map<string, DoseOutcomeInput & { atMs: number }>();
  const messages: (MedicationMessageInput & { atMs: number })[] = [];
  const pages: (DeliveryRequest & { atMs: number })[] = [];
  const announcements: (DoseAnnouncement & { atMs: number })[] = [];
  const policies = new Map<string, PolicySnapshot>();
  const ended = new Set<string>();
  const chainEvents: TimelineEventInput[] = [];
  /** When set, each escalation record waits for it first: a test holds a write in flight. */
  const holds: { record: ((e: TimelineEventInput) => Promise<void>) | null } = { record: null };
  const waiters: (() => void)[] = [];
  const changed = () => waiters.splice(0).forEach((wake) => wake());

  async function record(input: DoseOutcomeInput) {
    const key = `${input.scheduleId}/${input.doseKey}`;
    const s = supply.get(input.scheduleId);
    // Like the real table's unique key: a retried write records nothing twice.
    if (records.has(key)) return { recorded: false, refillDue: s?.alertDoseKey === input.doseKey };
    records.set(key, { ...input, atMs: await now() });
    changed();
    if (!s || (input.outcome !== 'taken' && input.outcome !== 'late')) return { recorded: true, refillDue: false };
    s.count = Math.max(0, s.count - 1);
    const refillDue = s.count <= s.threshold && s.alertDoseKey === null;
    if (refillDue) s.alertDoseKey = input.doseKey;
    return { recorded: true, refillDue };
  }

  const activities: FakeActivities = {
    async nextDoseFor(input) {
      const row = schedules.get(input.scheduleId);
      return row ? scheduledDose(input.scheduleId, row.schedule, row.version, input) : null;
    },
    async dosesAhead(input) {
      const doses = [];
      for (let after = input; ; ) {
        const dose = await activities.nextDoseFor(after);
        if (dose && (doses.length === 0 || dose.dueAt === doses[0]!.dueAt)) {
          doses.push(dose);
          after = { scheduleId: input.scheduleId, afterUtc: dose.dueAt, afterDoseKey: dose.doseKey };
          continue;
        }
        if (doses.length === 0) return { doses, upcoming: null };
        const { version, schedule } = schedules.get(input.scheduleId)!;
        return { doses, upcoming: dose, settings: { version, ...workflowSettings(schedule) } };
      }
    },
    /** As the real one (activities/delivery/medication-reminder.ts), over the fakes below: a test that replaces one of them changes this too. */
    async remindDose({ idempotencyKeyPrefix, routine, afterQuiet, live, ...input }) {
      try {
        const [plan] = await activities.planContacts({ userIds: [input.userId], channels: ['push', 'sms', 'email'], urgency: routine ? 'routine' : 'urgent' });
        if (!plan) return { status: 'unreachable' };
        if (!afterQuiet && plan.quietUntil && Date.parse(plan.quietUntil) > (await now())) return { status: 'quiet', quietUntil: plan.quietUntil };
        for (const channel of plan.channels) {
          try {
            const sent = await activities.sendMedicationMessage({ ...input, channel, idempotencyKey: `${idempotencyKeyPrefix}/${channel}` });
            return { status: sent.status, channel };
          } catch (err) {
            if (!(err instanceof ApplicationFailure && err.nonRetryable)) throw err;
          }
        }
        return { status: 'unreachable' };
      } finally {
        if (live) {
          const { dueAt, ...open } = live;
          await activities.announceDose({ scheduleId: input.scheduleId, doseKey: input.doseKey, dueAt, ...open }).catch(() => undefined);
        }
      }
    },
    async recordDoseOutcome({ lookAhead, ...input }) {
      const result = await record(input);
      // As the real one: the doses ahead from where the workflow goes on, when it asks.
      return lookAhead ? { ...result, ahead: await activities.dosesAhead({ scheduleId: input.scheduleId, ...lookAhead }) } : result;
    },
    async answerOnRecord({ scheduleId, doseKey }) {
      const r = records.get(`${scheduleId}/${doseKey}`);
      if (!r || r.outcome === 'missed') return null;
      return { outcome: r.outcome, by: r.by, via: r.via, reason: r.reason, at: r.at };
    },
    async familyAdmins() {
      return [admin];
    },
    async sendMedicationMessage(input) {
      messages.push({ ...input, atMs: await now() });
      changed();
      return { status: 'sent', provider: 'fake', providerMessageId: null };
    },
    async announceDose(input) {
      announcements.push({ ...input, atMs: await now() });
    },
    async markScheduleEnded({ scheduleId }) {
      ended.add(scheduleId);
    },
    async planContacts({ userIds, channels }) {
      return userIds.map((userId) => ({ userId, channels, quietUntil: null }));
    },
    async openEscalation(input) {
      return structuredClone(
        policies.get(input.escalationId) ?? {
          ackCode: '1234',
          steps: [{ userIds: [backup], channels: ['sms'], waitMinutes: 15 }],
          repeat: 1,
          memberIds: [caregiver, backup, admin],
          adminIds: [admin],
        },
      );
    },
    async recordEscalationEvent(e) {
      await holds.record?.(e);
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

  /** Resolves once `check` holds, re-checked whenever a fake writes something (and every 200 ms). */
  async function until(check: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await Promise.race([new Promise<void>((wake) => waiters.push(wake)), delay(200)]);
    }
  }

  const remindersOf = (scheduleId: string, kind = 'due') => messages.filter((m) => m.scheduleId === scheduleId && m.kind === kind);
  const recordOf = (scheduleId: string, doseKey: string) => records.get(`${scheduleId}/${doseKey}`);
  /** An answer written down whose Update never reached the workflow (a worker that died between the two, history lost). */
  const recordBehindItsBack = (input: DoseOutcomeInput, atMs: number) => records.set(`${input.scheduleId}/${input.doseKey}`, { ...input, atMs });

  return { activities, caregiver, backup, admin, schedules, supply, records, messages, pages, announcements, ended, policies, chainEvents, holds, until, remindersOf, recordOf, recordBehindItsBack };
}
