import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { z } from 'zod';
import * as api from '../api/medications';
import { ApiError } from '../api/client';
import type { FamilyEvent, MedicationScheduleInput, MedicationScheduleView } from '../api/contracts';
import { mergeFetched } from './mergeFetched';
import { useTodayStore } from './today';
import { t } from '../i18n';

export type MedicationView = z.infer<typeof MedicationScheduleView>;

/** The count is at or below the threshold: the refill alert has gone (or is going) out. */
export function needsRefill(m: MedicationView): boolean {
  const threshold = m.schedule.supply?.refillThreshold;
  return threshold !== undefined && m.supplyCount !== null && m.supplyCount <= threshold;
}

/** Medication schedules of the family on screen; live events patch it in place. */
export const useMedicationsStore = defineStore('medications', () => {
  const familyId = ref<string | null>(null);
  const list = ref<MedicationView[]>([]);
  const loaded = ref(false);
  const loadError = ref<string | null>(null);

  const sorted = computed(() => [...list.value].sort((a, b) => a.schedule.medicationName.localeCompare(b.schedule.medicationName)));
  const byId = (id: string) => list.value.find((m) => m.id === id);
  /** The schedules an event or our own answer touched while the newest load was under way. */
  let touchedDuringLoad: Set<string> | null = null;

  /** Never throws: the rest of the family page works even when medications cannot be loaded. */
  async function load(id: string) {
    if (familyId.value !== id) {
      list.value = [];
      loaded.value = false;
    }
    familyId.value = id;
    const touched = new Set<string>();
    touchedDuringLoad = touched;
    try {
      const { medications } = await api.listMedications(id);
      // A later load started meanwhile: its answer is the newer one.
      if (touchedDuringLoad !== touched || familyId.value !== id) return;
      // A schedule deleted while we were away has no event left to tell us: the list is the
      // truth, except for what was touched while it was read (the answer may predate that):
      // those are on screen in their newest copy, or gone if deleted.
      const heard = list.value.filter((m) => touched.has(m.id));
      const fetched = medications.filter((m) => !touched.has(m.id) || byId(m.id));
      list.value = mergeFetched(fetched, heard, (mine, other) => mine.updatedAt > other.updatedAt);
      loaded.value = true;
      loadError.value = null;
    } catch (e) {
      if (familyId.value === id) loadError.value = e instanceof ApiError ? e.message : t.value.medication.list.loadError;
    } finally {
      if (touchedDuringLoad === touched) touchedDuringLoad = null;
    }
  }

  function currentFamily(): string {
    if (!familyId.value) throw new Error('no family loaded');
    return familyId.value;
  }
  async function create(input: MedicationScheduleInput) {
    const { medication } = await api.createMedication(currentFamily(), input);
    upsert(medication);
    return medication;
  }
  async function update(scheduleId: string, input: MedicationScheduleInput) {
    upsert((await api.updateMedication(currentFamily(), scheduleId, input)).medication);
  }
  async function pause(scheduleId: string) {
    upsert((await api.pauseMedication(currentFamily(), scheduleId)).medication);
  }
  async function resume(scheduleId: string) {
    upsert((await api.resumeMedication(currentFamily(), scheduleId)).medication);
  }
  async function restart(scheduleId: string) {
    upsert((await api.restartMedication(currentFamily(), scheduleId)).medication);
  }
  async function refill(scheduleId: string, added: number) {
    upsert((await api.refillMedication(currentFamily(), scheduleId, added)).medication);
  }
  /** The logged dose goes on Today at once too; its `dose.changed` event would bring it a moment later. */
  async function logDose(scheduleId: string, note: string) {
    const family = currentFamily();
    const { medication, dose } = await api.logAsNeededDose(family, scheduleId, note);
    upsert(medication);
    const today = useTodayStore();
    if (today.familyId === family) today.upsert(dose);
    return dose;
  }
  async function remove(scheduleId: string) {
    await api.deleteMedication(currentFamily(), scheduleId);
    forget(scheduleId);
  }

  /** Keeps the newest copy: a live event and our own response can arrive in either order. */
  function upsert(medication: MedicationView) {
    if (medication.familyId !== familyId.value) return;
    if (medication.status === 'deleted') return forget(medication.id);
    touchedDuringLoad?.add(medication.id);
    const i = list.value.findIndex((m) => m.id === medication.id);
    if (i === -1) list.value.push(medication);
    else if (list.value[i]!.updatedAt <= medication.updatedAt) list.value.splice(i, 1, medication);
  }
  function forget(scheduleId: string) {
    touchedDuringLoad?.add(scheduleId);
    list.value = list.value.filter((m) => m.id !== scheduleId);
  }

  function apply(event: Extract<FamilyEvent, { type: 'medication.changed' | 'medication.deleted' }>) {
    switch (event.type) {
      case 'medication.changed':
        return upsert(event.medication);
      case 'medication.deleted':
        return forget(event.scheduleId);
      default: {
        const unknownEvent: never = event;
        return unknownEvent;
      }
    }
  }

  return { familyId, list, loaded, loadError, sorted, byId, load, create, update, pause, resume, restart, refill, logDose, remove, upsert, forget, apply };
});
