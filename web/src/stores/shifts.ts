import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import * as api from '../api/shifts';
import type { CoverageResponse, ShiftAnswer, ShiftView } from '../api/shifts';
import { ApiError } from '../api/client';
import { t } from '../i18n';
import { newestOnly, oneAtATime } from './reads';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * The family's shifts on screen: the week the Shifts tab shows, the shifts around now (Today's
 * check-in card and open offers) and the coverage board. A `shift.changed` event says only
 * which shift, so everything shown is read again from the server.
 */
export const useShiftsStore = defineStore('shifts', () => {
  const familyId = ref<string | null>(null);
  const week = ref<{ from: string; to: string; recipientId: string | null } | null>(null);
  const weekShifts = ref<ShiftView[]>([]);
  const weekLoaded = ref(false);
  const around = ref<ShiftView[]>([]);
  const coverage = ref<CoverageResponse | null>(null);
  const error = ref<string | null>(null);
  // Each is read from a page mounting and again after a live event: the newest answer stands.
  const [weekRead, aroundRead, coverageRead] = [newestOnly(), newestOnly(), newestOnly()];

  /** Mine (assigned or checked in by me), running now or starting within 12 hours, or checked in and not out. */
  const mineNow = (userId: string | undefined, nowMs: number) =>
    around.value.find(
      (s) =>
        s.state !== 'cancelled' &&
        s.state !== 'done' &&
        (s.assignee?.userId === userId || s.checkIn?.by?.userId === userId) &&
        (s.state === 'on_shift' || (Date.parse(s.startAt) - 12 * HOUR_MS <= nowMs && nowMs < Date.parse(s.endAt))),
    ) ?? null;
  /** Shifts nobody has that have not ended: anyone may accept, the first wins. */
  const openOffers = computed(() => around.value.filter((s) => s.open && Date.parse(s.endAt) > Date.now()));
  const swapOffers = (userId: string | undefined) => around.value.filter((s) => s.swap?.state === 'open' && s.assignee?.userId !== userId);

  function switchTo(id: string) {
    if (familyId.value === id) return;
    familyId.value = id;
    weekShifts.value = [];
    around.value = [];
    coverage.value = null;
    weekLoaded.value = false;
    week.value = null;
  }

  const failed = (id: string, e: unknown, what: 'shiftsFailed' | 'coverageFailed') => {
    if (familyId.value === id) error.value = e instanceof ApiError ? e.message : t.value.shifts.store[what];
  };

  async function loadWeek(id: string, from: string, to: string, recipientId: string | null) {
    switchTo(id);
    week.value = { from, to, recipientId };
    const newest = weekRead();
    try {
      const { shifts } = await api.listShifts(id, from, to, recipientId ?? undefined);
      if (!newest() || familyId.value !== id || week.value?.from !== from || week.value.recipientId !== recipientId) return;
      weekShifts.value = shifts;
      weekLoaded.value = true;
      error.value = null;
    } catch (e) {
      failed(id, e, 'shiftsFailed');
    }
  }

  /** Yesterday to two weeks ahead: a night shift that began yesterday, and offers further out. */
  async function loadAround(id: string) {
    switchTo(id);
    const newest = aroundRead();
    try {
      const now = Date.now();
      const { shifts } = await api.listShifts(id, new Date(now - DAY_MS).toISOString(), new Date(now + 14 * DAY_MS).toISOString());
      if (newest() && familyId.value === id) around.value = shifts;
    } catch (e) {
      failed(id, e, 'shiftsFailed');
    }
  }

  async function loadCoverage(id: string) {
    switchTo(id);
    const newest = coverageRead();
    try {
      const board = await api.getCoverage(id);
      if (newest() && familyId.value === id) coverage.value = board;
    } catch (e) {
      failed(id, e, 'coverageFailed');
    }
  }

  /** Whatever is on screen, read again (after an event, an answer or a resubscription). */
  const refresh = oneAtATime(async () => {
    const id = familyId.value;
    if (!id) return;
    await Promise.all([
      week.value ? loadWeek(id, week.value.from, week.value.to, week.value.recipientId) : undefined,
      loadAround(id),
      coverage.value ? loadCoverage(id) : undefined,
    ]);
  });

  function apply(event: { familyId: string }) {
    if (event.familyId === familyId.value) void refresh();
  }

  async function answer(shiftId: string, what: ShiftAnswer) {
    await api.answerShift(familyId.value!, shiftId, what);
    await refresh();
  }
  async function checkIn(shiftId: string, location: { lat: number; lon: number; accuracyM?: number } | null) {
    await api.checkIn(familyId.value!, shiftId, location);
    await refresh();
  }
  async function checkOut(shiftId: string, note: string, tasksDone: string[]) {
    await api.checkOut(familyId.value!, shiftId, note, tasksDone);
    await refresh();
  }

  return { familyId, weekShifts, weekLoaded, around, coverage, error, mineNow, openOffers, swapOffers, loadWeek, loadAround, loadCoverage, refresh, apply, answer, checkIn, checkOut };
});
