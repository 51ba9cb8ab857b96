import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import * as api from '../api/appointments';
import type { AgendaOccurrence, AppointmentSeriesInput, CheckInKind, LocalDateTime, RideLeg, VisitSummaryInput } from '../api/appointments';
import type { FamilyEvent } from '../api/contracts';
import { ApiError } from '../api/client';
import { dateIn } from '../components/appointments/appointmentText';
import { t } from '../i18n';
import { newestOnly, oneAtATime } from './reads';

const DAY_MS = 86_400_000;
export const occurrenceId = (o: { seriesId: string; occurrenceKey: string }) => `${o.seriesId}/${o.occurrenceKey}`;
const byStart = (a: AgendaOccurrence, b: AgendaOccurrence) => a.startAt.localeCompare(b.startAt) || a.title.localeCompare(b.title);

/**
 * The family's appointments on screen: the agenda window the Appointments tab shows and
 * today's visits (for the Today tab). An `appointment.changed` event says only which
 * series moved, so both are read again from the server, which expands the rules.
 */
export const useAppointmentsStore = defineStore('appointments', () => {
  const familyId = ref<string | null>(null);
  const range = ref<{ from: string; to: string } | null>(null);
  const agenda = ref<AgendaOccurrence[]>([]);
  const agendaLoaded = ref(false);
  const agendaError = ref<string | null>(null);
  const todays = ref<AgendaOccurrence[]>([]);
  const todayLoaded = ref(false);
  /** Bumped on every change heard, so pages showing one visit re-read its summary. */
  const changes = ref(0);

  const sortedAgenda = computed(() => [...agenda.value].sort(byStart));
  /** Visits on today's date where each care recipient lives (as doses are counted). */
  const today = computed(() =>
    todays.value.filter((o) => o.status !== 'cancelled' && dateIn(o.startAt, o.timeZone) === dateIn(Date.now(), o.timeZone)).sort(byStart),
  );
  const find = (seriesId: string, key: string) =>
    [...agenda.value, ...todays.value].find((o) => o.seriesId === seriesId && o.occurrenceKey === key);

  function switchTo(id: string) {
    if (familyId.value === id) return;
    familyId.value = id;
    agenda.value = [];
    todays.value = [];
    agendaLoaded.value = todayLoaded.value = false;
    range.value = null;
  }

  // Each is read from a page mounting and again after a live event: the newest answer stands.
  const [agendaRead, todayRead] = [newestOnly(), newestOnly()];

  /** Never throws: the page shows the error and the rest keeps working. */
  async function loadAgenda(id: string, from: string, to: string) {
    switchTo(id);
    range.value = { from, to };
    const newest = agendaRead();
    try {
      const { occurrences } = await api.getAgenda(id, from, to);
      if (!newest() || familyId.value !== id || range.value?.from !== from || range.value.to !== to) return;
      agenda.value = occurrences;
      agendaLoaded.value = true;
      agendaError.value = null;
    } catch (e) {
      if (familyId.value === id) agendaError.value = e instanceof ApiError ? e.message : t.value.appointments.store.loadFailed;
    }
  }

  /** Today in every zone lies within a day either side of now. */
  async function loadToday(id: string) {
    switchTo(id);
    const now = Date.now();
    const newest = todayRead();
    try {
      const { occurrences } = await api.getAgenda(id, new Date(now - DAY_MS).toISOString(), new Date(now + 2 * DAY_MS).toISOString());
      if (!newest() || familyId.value !== id) return;
      todays.value = occurrences;
      todayLoaded.value = true;
    } catch {
      // Today still shows the doses; the Appointments tab says what went wrong.
    }
  }

  const reload = oneAtATime(async () => {
    const id = familyId.value;
    if (!id) return;
    await Promise.all([range.value ? loadAgenda(id, range.value.from, range.value.to) : undefined, loadToday(id)]);
  });

  function currentFamily(): string {
    if (!familyId.value) throw new Error('no family loaded');
    return familyId.value;
  }
  async function create(input: AppointmentSeriesInput) {
    const { appointment } = await api.createAppointment(currentFamily(), input);
    void reload();
    return appointment;
  }
  /** Puts a fresher copy of one occurrence wherever it is shown. */
  function upsert(occurrence: AgendaOccurrence) {
    for (const list of [agenda, todays]) {
      const i = list.value.findIndex((o) => occurrenceId(o) === occurrenceId(occurrence));
      if (i !== -1) list.value.splice(i, 1, occurrence);
    }
  }
  /**
   * Our own action shows its result at once from the answer; a refusal (the ride was taken
   * a moment ago) re-reads, so the screen names who won. The live event re-reads as well.
   */
  async function act(action: (family: string) => Promise<{ occurrence: AgendaOccurrence }>) {
    try {
      upsert((await action(currentFamily())).occurrence);
    } catch (e) {
      await reload();
      throw e;
    }
  }
  const volunteer = (seriesId: string, key: LocalDateTime, leg: RideLeg, travelMinutes?: number) =>
    act((f) => api.volunteerRide(f, seriesId, key, leg, travelMinutes));
  const withdraw = (seriesId: string, key: LocalDateTime, leg: RideLeg) => act((f) => api.withdrawRide(f, seriesId, key, leg));
  const checkIn = (seriesId: string, key: LocalDateTime, kind: CheckInKind) => act((f) => api.checkIn(f, seriesId, key, kind));
  async function summarize(seriesId: string, key: LocalDateTime, input: VisitSummaryInput) {
    upsert((await api.submitSummary(currentFamily(), seriesId, key, input)).occurrence);
    changes.value++;
  }

  function apply(event: Extract<FamilyEvent, { type: 'appointment.changed' }>) {
    if (event.familyId !== familyId.value) return;
    changes.value++;
    void reload();
  }

  return {
    familyId, agenda, agendaLoaded, agendaError, todays, todayLoaded, changes, sortedAgenda, today, find,
    loadAgenda, loadToday, reload, upsert, create, volunteer, withdraw, checkIn, summarize, apply,
  };
});
