import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import * as api from '../api/recipients';
import type { RecipientInput, RecipientPatch, RecipientView } from '../api/contracts';

/** Care recipients of the family on screen; live events patch it in place. */
export const useRecipientsStore = defineStore('recipients', () => {
  const familyId = ref<string | null>(null);
  const list = ref<RecipientView[]>([]);

  const sorted = computed(() => [...list.value].sort((a, b) => a.displayName.localeCompare(b.displayName)));

  async function load(id: string) {
    if (familyId.value !== id) list.value = [];
    familyId.value = id;
    const { recipients } = await api.listRecipients(id);
    if (familyId.value === id) list.value = recipients;
  }
  async function add(input: RecipientInput) {
    if (!familyId.value) return;
    upsert((await api.addRecipient(familyId.value, input)).recipient);
  }
  async function update(recipientId: string, patch: RecipientPatch) {
    if (!familyId.value) return;
    upsert((await api.updateRecipient(familyId.value, recipientId, patch)).recipient);
  }
  async function remove(recipientId: string) {
    if (!familyId.value) return;
    await api.deleteRecipient(familyId.value, recipientId);
    forget(recipientId);
  }

  /** Keeps the newest copy: a live event and our own response can arrive in either order. */
  function upsert(recipient: RecipientView) {
    if (recipient.familyId !== familyId.value) return;
    const i = list.value.findIndex((r) => r.id === recipient.id);
    if (i === -1) list.value.push(recipient);
    else if (list.value[i]!.updatedAt <= recipient.updatedAt) list.value.splice(i, 1, recipient);
  }
  function forget(recipientId: string) {
    list.value = list.value.filter((r) => r.id !== recipientId);
  }

  return { familyId, list, sorted, load, add, update, remove, upsert, forget };
});
