import { defineStore } from 'pinia';
import { ref } from 'vue';
import { ApiError } from '../api/client';
import type { FamilyEvent, FamilyTimelineItem } from '../api/contracts';
import * as api from '../api/timeline';
import { t } from '../i18n';

const PAGE = 30;

/** The events that add an item to the family feed; the feed itself is always built by the API. */
const FEEDS_TIMELINE = new Set<FamilyEvent['type']>(['dose.changed', 'escalation.timeline', 'member.joined', 'member.role_changed', 'member.removed']);

/**
 * The family feed on screen, newest first, one filter at a time. Older pages are appended by
 * cursor; a live event that adds to the feed refetches the first page and prepends what is new,
 * so a busy moment (an emergency paging everyone) costs one request, not one per event.
 */
export const useTimelineStore = defineStore('timeline', () => {
  const familyId = ref<string | null>(null);
  const filter = ref<api.TimelineFilter>({});
  const items = ref<FamilyTimelineItem[]>([]);
  const nextBefore = ref<string | null>(null);
  const loaded = ref(false);
  const loadingMore = ref(false);
  const loadError = ref<string | null>(null);
  /** Ids that arrived live since the page was opened: the list highlights them. */
  const fresh = ref(new Set<string>());
  let generation = 0;

  const describe = (e: unknown) => (e instanceof ApiError ? e.message : t.value.family.timeline.loadFailed);


  async function load(id: string, newFilter: api.TimelineFilter = filter.value) {
    const mine = ++generation;
    familyId.value = id;
    filter.value = newFilter;
    loaded.value = false;
    try {
      const page = await api.getTimeline(id, newFilter, { limit: PAGE });
      if (mine !== generation) return;
      items.value = page.items;
      nextBefore.value = page.nextBefore;
      fresh.value = new Set();
      loadError.value = null;
    } catch (e) {
      if (mine === generation) loadError.value = describe(e);
    } finally {
      if (mine === generation) loaded.value = true;
    }
  }

  async function loadMore() {
    const id = familyId.value;
    if (!id || !nextBefore.value || loadingMore.value) return;
    const mine = generation;
    loadingMore.value = true;
    try {
      const page = await api.getTimeline(id, filter.value, { before: nextBefore.value, limit: PAGE });
      if (mine !== generation) return;
      const known = new Set(items.value.map((i) => i.id));
      items.value = [...items.value, ...page.items.filter((i) => !known.has(i.id))];
      nextBefore.value = page.nextBefore;
    } catch (e) {
      if (mine === generation) loadError.value = describe(e);
    } finally {
      loadingMore.value = false;
    }
  }

  async function prependNew() {
    const id = familyId.value;
    if (!id || !loaded.value) return;
    const mine = generation;
    try {
      const page = await api.getTimeline(id, filter.value, { limit: PAGE });
      if (mine !== generation) return;
      const known = new Set(items.value.map((i) => i.id));
      const added = page.items.filter((i) => !known.has(i.id));
      if (added.length === 0) return;
      fresh.value = new Set([...fresh.value, ...added.map((i) => i.id)]);
      items.value = [...added, ...items.value].sort((a, b) => b.at.localeCompare(a.at) || (a.id < b.id ? 1 : -1));
    } catch {
      // A missed refresh is made up by the next event or a reload; the list stays as it was.
    }
  }

  let timer: ReturnType<typeof setTimeout> | undefined;
  /** Called for every live event of the family on screen. */
  function heard(id: string, event: FamilyEvent) {
    if (id !== familyId.value || !FEEDS_TIMELINE.has(event.type)) return;
    clearTimeout(timer);
    timer = setTimeout(() => void prependNew(), 300);
  }

  function clear() {
    generation++;
    familyId.value = null;
    items.value = [];
    nextBefore.value = null;
    loaded.value = false;
    loadError.value = null;
  }

  return { familyId, filter, items, nextBefore, loaded, loadingMore, loadError, fresh, load, loadMore, heard, clear };
});
