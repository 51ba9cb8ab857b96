import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import * as api from '../api/doses';
import { ApiError, newActionKey } from '../api/client';
import { enqueueAnswer, isNoConnection, queuedFor, sendQueuedAnswers, type QueuedAnswer } from '../offline/answerQueue';
import { online, savedCopyAt } from '../offline/connectivity';
import { RECORDED, supersedes, WAITING } from './doseCopies';
import { newestOnly } from './reads';
import { useNoticesStore } from './notices';
import { t } from '../i18n';
import { DoseStatus, EARLY_ANSWER_MINUTES, type DoseAnswerResponse, type FamilyEvent, type TodayDose } from '../api/contracts';
import type { z } from 'zod';

/** The workflow stays the judge of an early answer and answers 409 otherwise; this only decides which buttons to offer. */
export const EARLY_ANSWER_MS = EARLY_ANSWER_MINUTES * 60_000;

const keyOf = (d: { scheduleId: string; doseKey: string }) => `${d.scheduleId}/${d.doseKey}`;

export const isRecorded = (d: TodayDose) => RECORDED.includes(d.status);
/** Snoozing only makes sense once the reminder has gone out. */
export const canSnooze = (d: TodayDose) => WAITING.includes(d.status) && d.snoozes < d.maxSnoozes;

/** Today's doses of the family on screen, across its care recipients; `dose.changed` patches them in place. */
export const useTodayStore = defineStore('today', () => {
  const familyId = ref<string | null>(null);
  const doses = ref<TodayDose[]>([]);
  const loaded = ref(false);
  const loadError = ref<string | null>(null);
  /** Bumped each time an outcome is recorded, so summaries (adherence) know to refresh. */
  const outcomes = ref(0);
  /** Offline, the doses shown are the service worker's copy saved at this instant; null when they came fresh. */
  const savedAt = ref<number | null>(null);
  const notices = useNoticesStore();
  const todayRead = newestOnly();

  const sorted = computed(() =>
    [...doses.value].sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.medicationName.localeCompare(b.medicationName)),
  );

  /** Per schedule, the first dose without an outcome: the only one its workflow takes an answer for. */
  const nextOpen = computed(() => {
    const schedules = new Set<string>();
    const keys = new Set<string>();
    for (const d of sorted.value) {
      if (isRecorded(d) || schedules.has(d.scheduleId)) continue;
      schedules.add(d.scheduleId);
      keys.add(keyOf(d));
    }
    return keys;
  });
  /** Taken / Skipped are offered on a dose waiting for an answer, or on the next one within the early window. */
  function canAnswer(d: TodayDose, now: number, userId?: string): boolean {
    if (userId && queuedFor(d.scheduleId, d.doseKey, userId)) return false;
    if (WAITING.includes(d.status)) return true;
    return d.status === 'upcoming' && nextOpen.value.has(keyOf(d)) && Date.parse(d.dueAt) - now <= EARLY_ANSWER_MS;
  }

  /** Never throws: the rest of the family page works even when today's doses cannot be loaded. */
  async function load(id: string) {
    if (familyId.value !== id) reset();
    familyId.value = id;
    const newest = todayRead();
    try {
      const response = await api.getToday(id);
      if (!newest() || familyId.value !== id) return;
      // An event that arrived while this request was under way may be newer than the answer.
      const known = new Map(doses.value.map((d) => [keyOf(d), d]));
      doses.value = response.doses.map((d) => {
        const mine = known.get(keyOf(d));
        return mine && !supersedes(d, mine) ? mine : d;
      });
      loaded.value = true;
      loadError.value = null;
      savedAt.value = savedCopyAt(api.todayPath(id));
    } catch (e) {
      if (familyId.value === id) loadError.value = e instanceof ApiError ? e.message : t.value.medication.today.loadError;
    }
  }

  function upsert(dose: TodayDose) {
    const i = doses.value.findIndex((d) => keyOf(d) === keyOf(dose));
    if (i === -1) doses.value.push(dose);
    else if (supersedes(dose, doses.value[i]!)) doses.value.splice(i, 1, dose);
    else return;
    if (isRecorded(dose)) outcomes.value++;
  }

  function currentFamily(): string {
    if (!familyId.value) throw new Error('no family loaded');
    return familyId.value;
  }
  async function taken(dose: TodayDose, userId: string) {
    await answer(dose, userId, 'taken', null);
  }
  async function skipped(dose: TodayDose, userId: string, reason: string) {
    await answer(dose, userId, 'skipped', reason);
  }
  /** The key is made at the tap and kept with a queued answer, so every later send is the same answer. */
  async function answer(dose: TodayDose, userId: string, action: QueuedAnswer['action'], reason: string | null) {
    const queued: QueuedAnswer = {
      key: newActionKey(),
      userId,
      familyId: currentFamily(),
      scheduleId: dose.scheduleId,
      doseKey: dose.doseKey,
      action,
      reason,
      medicationName: dose.medicationName,
      tappedAt: new Date().toISOString(),
    };
    if (!online.value) return enqueueAnswer(queued);
    try {
      settle(dose, userId, await send(queued), reason);
    } catch (e) {
      // The request may have arrived and only the reply been lost: the resend carries the same key.
      if (!isNoConnection(e)) throw e;
      enqueueAnswer(queued);
    }
  }
  const send = (a: QueuedAnswer) =>
    a.action === 'taken'
      ? api.markTaken(a.familyId, a.scheduleId, a.doseKey, a.key)
      : api.markSkipped(a.familyId, a.scheduleId, a.doseKey, a.reason ?? '', a.key);

  /** Sends the answers given offline; each shows at once on the dose it answers, if it is on screen. */
  function sendQueued(userId: string) {
    return sendQueuedAnswers(
      userId,
      async (a) => {
        const response = await send(a);
        const dose = doses.value.find((d) => d.scheduleId === a.scheduleId && d.doseKey === a.doseKey);
        if (dose && familyId.value === a.familyId) settle(dose, userId, response, a.reason);
      },
      (a, message) => notices.show(t.value.medication.offline.refused(a.medicationName, message), 'error'),
    );
  }
  async function correct(dose: TodayDose, input: Parameters<typeof api.correctDose>[3]) {
    upsert((await api.correctDose(currentFamily(), dose.scheduleId, dose.doseKey, input)).dose);
  }
  async function snooze(dose: TodayDose, userId: string) {
    settle(dose, userId, await api.snooze(currentFamily(), dose.scheduleId, dose.doseKey));
  }

  /**
   * Shows our own answer at once from the workflow's reply; the `dose.changed` event that
   * follows carries the recorded times and replaces this copy.
   */
  function settle(dose: TodayDose, userId: string, { state }: z.infer<typeof DoseAnswerResponse>, reason: string | null = null) {
    const outcome = DoseStatus.safeParse(state.lastOutcome?.outcome);
    if (state.lastOutcome?.doseKey === dose.doseKey && outcome.success) {
      // Not a correction: a late reply to an answer given before an undo must not look newer than the undo.
      const answered = { status: outcome.data, answeredBy: userId, answeredVia: 'app', answeredAt: new Date().toISOString(), reason, correctedBy: null, correctedFrom: null, correctedAt: null };
      return upsert({ ...dose, ...answered });
    }
    const pending = state.pendingDose;
    if (pending?.doseKey === dose.doseKey && pending.snoozes > dose.snoozes) upsert({ ...dose, status: 'snoozed', snoozes: pending.snoozes });
  }

  function forgetSchedule(scheduleId: string) {
    doses.value = doses.value.filter((d) => d.scheduleId !== scheduleId);
  }

  function apply(event: Extract<FamilyEvent, { type: 'dose.changed' | 'medication.changed' | 'medication.deleted' }>) {
    switch (event.type) {
      case 'dose.changed':
        return upsert(event.dose);
      // An edit or a pause changes which doses today holds and how they stand: the server works that out.
      case 'medication.changed':
        if (familyId.value) void load(familyId.value);
        return;
      case 'medication.deleted':
        return forgetSchedule(event.scheduleId);
      default: {
        const unknownEvent: never = event;
        return unknownEvent;
      }
    }
  }

  function reset() {
    doses.value = [];
    loaded.value = false;
    loadError.value = null;
    savedAt.value = null;
  }

  return { familyId, doses, loaded, loadError, outcomes, savedAt, sendQueued, sorted, canAnswer, load, upsert, taken, skipped, snooze, correct, apply, reset };
});
