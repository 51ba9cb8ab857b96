import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { z } from 'zod';
import * as api from '../api/escalations';
import { ApiError, newActionKey } from '../api/client';
import { OPEN_STATUSES, type DeliveryAttemptView, type EmergencyInput, type EscalationStatus, type EscalationView, type FamilyEvent, type TimelineEntry } from '../api/contracts';
import { useLiveEvents } from '../composables/useLiveEvents';
import { t } from '../i18n';
import { mergeFetched } from './mergeFetched';

const FINISHED: readonly EscalationStatus[] = ['resolved', 'unreached', 'cancelled', 'failed'];
/** Still paging, or held by a claim: someone may need to act. */
export const isOpen = (e: EscalationView) => OPEN_STATUSES.includes(e.status);
/** Closed for good: nothing more can be said about it. An acknowledged one can still be resolved. */
export const isFinished = (e: EscalationView) => FINISHED.includes(e.status);
/** Statuses only move forward: open → acknowledged → finished (a claim may lapse back to active). */
const rank = (e: EscalationView) => (isOpen(e) ? 0 : isFinished(e) ? 2 : 1);
/** "Nobody answered" is the worst outcome: it stays on every page this long unless this person has seen it. */
const UNREACHED_STAYS_MS = 24 * 3600_000;
const SEEN_KEY = 'carecircle.unreached-seen';
function readSeen(): string[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(SEEN_KEY) ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(-200) : [];
  } catch {
    return [];
  }
}
/** Most urgent first: an emergency still open, then nobody answered, then the rest by age. */
const severity = (e: EscalationView) => (e.kind === 'emergency' && isOpen(e) ? 0 : e.status === 'unreached' ? 1 : isOpen(e) ? 2 : 3);

/**
 * Escalations of the family on screen, the timeline of the one opened in detail, and the
 * family's delivery attempts; live events patch all three in place.
 */
export const useEscalationsStore = defineStore('escalations', () => {
  const familyId = ref<string | null>(null);
  const list = ref<EscalationView[]>([]);
  const loaded = ref(false);
  const loadError = ref<string | null>(null);
  const detailId = ref<string | null>(null);
  const timeline = ref<TimelineEntry[]>([]);
  const deliveries = ref<DeliveryAttemptView[]>([]);
  /** Answered or finished while this page was open: the banner keeps saying how, until dismissed. */
  const settledLive = ref<string[]>([]);
  const seenUnreached = ref<string[]>(readSeen());
  const needsEyes = (e: EscalationView) =>
    e.status === 'unreached' && !!e.finishedAt && Date.now() - Date.parse(e.finishedAt) < UNREACHED_STAYS_MS && !seenUnreached.value.includes(e.id);

  const sorted = computed(() => [...list.value].sort((a, b) => b.startedAt.localeCompare(a.startedAt)));
  const open = computed(() => sorted.value.filter(isOpen));
  const banner = computed(() =>
    sorted.value.filter((e) => isOpen(e) || needsEyes(e) || settledLive.value.includes(e.id)).sort((a, b) => severity(a) - severity(b)),
  );
  const byId = (id: string) => list.value.find((e) => e.id === id);
  const detailTimeline = computed(() => [...timeline.value].sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id)));
  const detailDeliveries = computed(() =>
    deliveries.value.filter((d) => d.escalationId === detailId.value).sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
  );

  /** Never throws: the rest of the family page works even when alerts cannot be loaded. */
  async function load(id: string) {
    if (familyId.value !== id) reset();
    familyId.value = id;
    try {
      const { escalations } = await api.listEscalations(id);
      if (familyId.value !== id) return;
      for (const e of escalations) upsert(e);
      loaded.value = true;
      loadError.value = null;
      if (detailId.value) await loadDetail(detailId.value);
    } catch (e) {
      if (familyId.value === id) loadError.value = e instanceof ApiError ? e.message : t.value.alerts.list.loadFailed;
    }
  }
  async function loadDetail(escalationId: string) {
    const id = familyId.value;
    if (!id) return;
    if (detailId.value !== escalationId) timeline.value = [];
    detailId.value = escalationId;
    const [detail, family] = await Promise.all([api.getEscalation(id, escalationId), api.getFamilyDeliveries(id)]);
    if (familyId.value !== id || detailId.value !== escalationId) return;
    upsert(detail.escalation);
    timeline.value = mergeFetched(detail.timeline, timeline.value);
    deliveries.value = mergeFetched(family.deliveries, deliveries.value, (kept, fetched) => kept.updatedAt > fetched.updatedAt);
  }
  function closeDetail() {
    detailId.value = null;
    timeline.value = [];
  }

  async function raiseEmergency(input: z.input<typeof EmergencyInput>) {
    if (!familyId.value) throw new Error('no family loaded');
    const { escalation } = await api.raiseEmergency(familyId.value, input);
    upsert(escalation);
    return escalation;
  }

  /** Over the live socket when it is open (the SPA's command path), else by REST. */
  async function acknowledge(escalationId: string) {
    const id = familyId.value;
    if (!id) return;
    // One key for this tap: if the socket dies after the server acted, the REST retry is the same answer.
    const key = newActionKey();
    let result;
    try {
      result = await useLiveEvents().command({ type: 'acknowledge', familyId: id, escalationId, requestId: key });
    } catch {
      upsert((await api.acknowledge(id, escalationId, key)).escalation);
      return;
    }
    if (!result.ok) throw new ApiError(409, result.error.code as ApiError['code'], result.error.message);
    // The escalation.changed event normally arrives first; this makes sure we show it anyway.
    upsert((await api.getEscalation(id, escalationId)).escalation);
  }
  async function claim(escalationId: string, minutes: number) {
    if (!familyId.value) return;
    upsert((await api.claim(familyId.value, escalationId, minutes)).escalation);
  }
  async function resolve(escalationId: string, note: string) {
    if (!familyId.value) return;
    upsert((await api.resolve(familyId.value, escalationId, note)).escalation);
  }

  /** An answered or finished escalation never goes back, whatever order copies arrive in. */
  function upsert(escalation: EscalationView) {
    if (escalation.familyId !== familyId.value) return;
    const i = list.value.findIndex((e) => e.id === escalation.id);
    if (i === -1) return void list.value.push(escalation);
    const before = list.value[i]!;
    if (rank(escalation) < rank(before)) return;
    if (isOpen(before) && !isOpen(escalation) && !settledLive.value.includes(escalation.id)) {
      settledLive.value.push(escalation.id);
    }
    list.value.splice(i, 1, escalation);
  }
  function upsertDelivery(delivery: DeliveryAttemptView) {
    const i = deliveries.value.findIndex((d) => d.id === delivery.id);
    if (i === -1) deliveries.value.push(delivery);
    else if (deliveries.value[i]!.updatedAt <= delivery.updatedAt) deliveries.value.splice(i, 1, delivery);
  }
  function addTimelineEntry(entry: TimelineEntry) {
    if (entry.escalationId !== detailId.value || timeline.value.some((t) => t.id === entry.id)) return;
    timeline.value.push(entry);
  }
  function dismiss(escalationId: string) {
    settledLive.value = settledLive.value.filter((id) => id !== escalationId);
    if (byId(escalationId)?.status === 'unreached' && !seenUnreached.value.includes(escalationId)) {
      seenUnreached.value = [...seenUnreached.value, escalationId];
      try {
        localStorage.setItem(SEEN_KEY, JSON.stringify(seenUnreached.value.slice(-200)));
      } catch {
        // Private mode: it is hidden for this visit only.
      }
    }
  }

  function apply(event: Extract<FamilyEvent, { type: 'escalation.changed' | 'escalation.timeline' | 'delivery.changed' }>) {
    switch (event.type) {
      case 'escalation.changed':
        return upsert(event.escalation);
      case 'escalation.timeline':
        return addTimelineEntry(event.entry);
      case 'delivery.changed':
        return upsertDelivery(event.delivery);
      default: {
        const unknownEvent: never = event;
        return unknownEvent;
      }
    }
  }

  function reset() {
    list.value = [];
    loaded.value = false;
    loadError.value = null;
    deliveries.value = [];
    settledLive.value = [];
    closeDetail();
  }

  return {
    familyId, list, loaded, loadError, sorted, open, banner, byId, detailId, detailTimeline, detailDeliveries,
    load, loadDetail, closeDetail, raiseEmergency, acknowledge, claim, resolve, apply, dismiss, reset,
  };
});
