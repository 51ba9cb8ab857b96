import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { diffShifts, expandRotation, type RotationTiming } from '../../../activities/shifts/rotation';
import { openAheadMs } from '../../../activities/shifts/rotation-activities';
import { DEFAULT_SHIFT_LEADS, endOfDayAfter } from '../../../activities/shifts/shift-activities';
import type { OpenEscalationInput, DeliveryRequest, TimelineEventInput } from '../../../activities/escalation/types';
import type { CheckInRecord, CheckOutRecord, PlannedShift, ShiftMessageInput, SwapRecord } from '../../../activities/shifts/types';
import type { RecordActivities } from '../../escalation/escalation-run';
import type { DeliveryActivities } from '../../escalation/notify-person';
import type { ShiftPhase } from '../messages';
import type { ShiftActivities } from '../shift-activities';

export type FakeActivities = ShiftActivities & RecordActivities & DeliveryActivities;

export interface FakeShift {
  id: string;
  familyId: string;
  careRecipientId: string;
  rotationId: string | null;
  slotKey: string | null;
  timeZone: string;
  startUtc: string;
  endUtc: string;
  assigneeId: string | null;
  backupIds: string[];
  override: boolean;
  state: ShiftPhase;
  leads: number[];
  handoffNote: string | null;
  checkedOutAt: string | null;
  autoClosed: boolean;
  farFromHome: boolean;
}

export interface FakeRotation {
  id: string;
  familyId: string;
  careRecipientId: string;
  timing: RotationTiming;
  leads: number[];
  horizonDays: number;
  status: 'active' | 'ended' | 'deleted';
  version: number;
}

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The shifts' world in memory: rotations (expanded by the real rotation code), shift rows,
 * swaps, and every message and page, each stamped with the server time `now` gave when it
 * happened. The escalation child runs over the same fakes: one step, the backup by SMS, 15 minutes.
 */
export function createShiftFakes(now: () => Promise<number>) {
  const familyId = randomUUID();
  const careRecipientId = randomUUID();
  const [admin, ana, ben, cleo, backup] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const rotations = new Map<string, FakeRotation>();
  const shifts = new Map<string, FakeShift>();
  const messages: (ShiftMessageInput & { atMs: number; handoffNote: string | null })[] = [];
  const pages: (DeliveryRequest & { atMs: number })[] = [];
  const escalations: OpenEscalationInput[] = [];
  const swaps: SwapRecord[] = [];
  const checkIns: CheckInRecord[] = [];
  const chainEvents: TimelineEventInput[] = [];
  const ended = new Set<string>();
  const waiters: (() => void)[] = [];
  const changed = () => waiters.splice(0).forEach((wake) => wake());
  const row = (id: string) => shifts.get(id)!;

  const previousHandoff = (s: FakeShift) =>
    [...shifts.values()]
      .filter((p) => p.careRecipientId === s.careRecipientId && p.startUtc < s.startUtc && p.handoffNote !== null)
      .sort((a, b) => (a.checkedOutAt! < b.checkedOutAt! ? 1 : -1))[0]?.handoffNote ?? null;

  const planned = (s: FakeShift, ahead: number): PlannedShift => ({ shiftId: s.id, startUtc: s.startUtc, endUtc: s.endUtc, assigneeId: s.assigneeId, state: s.state, openAt: iso(Date.parse(s.startUtc) - ahead) });

  const activities: FakeActivities = {
    async rotationPlan({ rotationId, nowUtc, fromUtc = nowUtc, startedIds }) {
      const r = rotations.get(rotationId);
      if (!r) return { status: 'missing', version: 0, due: [], started: [], nextOpenAt: null };
      const now = Date.parse(nowUtc);
      const mine = () => [...shifts.values()].filter((s) => s.rotationId === r.id);
      if (r.status === 'deleted') {
        for (const s of mine()) if (Date.parse(s.startUtc) > now) s.state = 'cancelled';
      } else {
        const ahead = openAheadMs(r.leads);
        const until = iso(now + Math.max(r.horizonDays * DAY_MS, ahead));
        const stored = mine().filter((s) => s.startUtc >= fromUtc && s.startUtc < until);
        const d = diffShifts(expandRotation(r.timing, { fromUtc, untilUtc: until }), stored.map((s) => ({ ...s, slotKey: s.slotKey! })), fromUtc);
        for (const e of d.insert) addShift({ rotationId: r.id, slotKey: e.slotKey, start: e.startUtc, end: e.endUtc, assigneeId: e.assigneeId, backupIds: e.backupIds, timeZone: r.timing.timeZone, leads: r.leads });
        for (const { id, to } of d.update) Object.assign(row(id), { startUtc: to.startUtc, endUtc: to.endUtc, assigneeId: to.assigneeId, backupIds: to.backupIds, state: to.assigneeId ? 'scheduled' : 'uncovered' });
        for (const id of d.cancel) row(id).state = 'cancelled';
      }
      const ahead = openAheadMs(r.leads);
      const started = startedIds.map((id) => planned(row(id), ahead));
      if (r.status === 'deleted') return { status: 'deleted', version: r.version, due: [], started, nextOpenAt: null };
      const upcoming = mine()
        .filter((s) => Date.parse(s.startUtc) > Date.parse(fromUtc) && s.state !== 'cancelled' && !startedIds.includes(s.id))
        .sort((a, b) => (a.startUtc < b.startUtc ? -1 : 1))
        .map((s) => planned(s, ahead));
      const next = upcoming.find((p) => Date.parse(p.openAt) > now);
      const over = r.timing.endsOn !== null && upcoming.length === 0 && expandRotation(r.timing, { fromUtc: nowUtc, untilUtc: iso(now + 400 * DAY_MS) }).length === 0;
      const roll = now + DAY_MS;
      const nextOpenAt = next ? Math.min(Date.parse(next.openAt), roll) : over ? null : roll;
      return { status: r.status, version: r.version, due: upcoming.filter((p) => Date.parse(p.openAt) <= now), started, nextOpenAt: nextOpenAt === null ? null : iso(nextOpenAt) };
    },
    async markRotationEnded({ rotationId }) {
      ended.add(rotationId);
      changed();
    },
    async loadShift({ shiftId }) {
      const s = shifts.get(shiftId);
      if (!s || s.state === 'cancelled') return { gone: true };
      const dayEndUtc = iso(endOfDayAfter(s.timeZone, Date.parse(s.endUtc)));
      return { gone: false, startUtc: s.startUtc, endUtc: s.endUtc, assigneeId: s.assigneeId, backupIds: s.backupIds, reminderLeads: s.leads, dayEndUtc, state: s.state };
    },
    async setShiftState({ shiftId, state }) {
      row(shiftId).state = state;
      changed();
    },
    async assignShift({ shiftId, assigneeId, state }) {
      Object.assign(row(shiftId), { assigneeId, state, override: true });
      changed();
    },
    async recordShiftCheckIn(input) {
      checkIns.push(input);
      const farFromHome = input.location !== null && Math.abs(input.location.lat) > 80;
      Object.assign(row(input.shiftId), { state: 'on_shift', farFromHome });
      changed();
      return { farFromHome };
    },
    async recordShiftCheckOut(input: CheckOutRecord) {
      Object.assign(row(input.shiftId), { state: 'done', handoffNote: input.handoffNote, checkedOutAt: input.at, autoClosed: input.via === 'auto' });
      changed();
    },
    async recordSwap(input) {
      swaps.push(input);
      changed();
    },
    async shiftAudience({ purpose }) {
      return purpose === 'admins' ? [admin] : [admin, ana, ben, cleo];
    },
    async pagedPeople({ escalationId }) {
      return [...new Set(pages.filter((p) => p.escalationId === escalationId).map((p) => p.userId))];
    },
    async sendShiftMessage(input) {
      const note = input.kind === 'reminder' && input.leadMinutes === 120 ? previousHandoff(row(input.shiftId)) : null;
      messages.push({ ...input, atMs: await now(), handoffNote: note });
      changed();
      return { status: 'sent', provider: 'fake', providerMessageId: null };
    },
    async planContacts({ userIds, channels }) {
      return userIds.map((userId) => ({ userId, channels: channels.slice(0, 1), quietUntil: null }));
    },
    async openEscalation(input) {
      escalations.push(input);
      // The step outlasts +30 (admins told): a chain that gave up at +30 would race the arrival the tests send then.
      return { ackCode: '1234', steps: [{ userIds: [backup], channels: ['sms'], waitMinutes: 60 }], repeat: 1, memberIds: [admin, ana, ben, cleo, backup], adminIds: [admin] };
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

  /** A shift row as the API (or a rotation) saves it; default zone New York, default reminders. */
  function addShift(f: { start: string; end: string; assigneeId: string | null; backupIds?: string[]; timeZone?: string; leads?: number[]; rotationId?: string; slotKey?: string }): FakeShift {
    const s: FakeShift = {
      id: randomUUID(),
      familyId,
      careRecipientId,
      rotationId: f.rotationId ?? null,
      slotKey: f.slotKey ?? null,
      timeZone: f.timeZone ?? 'America/New_York',
      startUtc: iso(Date.parse(f.start)),
      endUtc: iso(Date.parse(f.end)),
      assigneeId: f.assigneeId,
      backupIds: f.backupIds ?? [],
      override: false,
      state: f.assigneeId ? 'scheduled' : 'uncovered',
      leads: f.leads ?? DEFAULT_SHIFT_LEADS,
      handoffNote: null,
      checkedOutAt: null,
      autoClosed: false,
      farFromHome: false,
    };
    shifts.set(s.id, s);
    return s;
  }

  function addRotation(timing: RotationTiming, more: { leads?: number[]; horizonDays?: number } = {}): FakeRotation {
    const r: FakeRotation = { id: randomUUID(), familyId, careRecipientId, timing, leads: more.leads ?? DEFAULT_SHIFT_LEADS, horizonDays: more.horizonDays ?? 28, status: 'active', version: 1 };
    rotations.set(r.id, r);
    return r;
  }

  /** Resolves once `check` holds, re-checked whenever a fake writes something (and every 200 ms). */
  async function until(check: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await Promise.race([new Promise<void>((wake) => waiters.push(wake)), delay(200)]);
    }
  }

  const messagesOf = (shiftId: string, kind?: ShiftMessageInput['kind']) => messages.filter((m) => m.shiftId === shiftId && (!kind || m.kind === kind));

  return { activities, familyId, careRecipientId, admin, ana, ben, cleo, backup, rotations, shifts, messages, pages, escalations, swaps, checkIns, chainEvents, ended, addShift, addRotation, until, messagesOf };
}
