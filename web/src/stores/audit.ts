import { defineStore } from 'pinia';
import { ref } from 'vue';
import { ApiError } from '../api/client';
import type { AuditEntry } from '../api/contracts';
import { getAuditTrail } from '../api/timeline';
import { t } from '../i18n';

/** The family's audit trail as its admins page through it, newest first. Not live: it is a record, read on demand. */
export const useAuditStore = defineStore('audit', () => {
  const familyId = ref<string | null>(null);
  const entries = ref<AuditEntry[]>([]);
  const nextBefore = ref<string | null>(null);
  const loading = ref(false);
  const loaded = ref(false);
  const loadError = ref<string | null>(null);

  async function fetchPage(id: string, before?: string) {
    loading.value = true;
    try {
      const page = await getAuditTrail(id, before);
      if (familyId.value !== id) return;
      entries.value = before ? [...entries.value, ...page.entries] : page.entries;
      nextBefore.value = page.nextBefore;
      loadError.value = null;
    } catch (e) {
      if (familyId.value === id) loadError.value = e instanceof ApiError ? e.message : t.value.family.audit.loadFailed;

    } finally {
      loading.value = false;
      loaded.value = true;
    }
  }

  async function load(id: string) {
    familyId.value = id;
    entries.value = [];
    nextBefore.value = null;
    loaded.value = false;
    await fetchPage(id);
  }

  async function loadMore() {
    if (familyId.value && nextBefore.value && !loading.value) await fetchPage(familyId.value, nextBefore.value);
  }

  return { familyId, entries, nextBefore, loading, loaded, loadError, load, loadMore };
});
