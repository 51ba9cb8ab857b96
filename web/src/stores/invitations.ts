import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import * as api from '../api/invitations';
import type { InvitationInput, InvitationView } from '../api/contracts';

/** Invitations of the family on screen (admins only); answered ones drop out of `pending`. */
export const useInvitationsStore = defineStore('invitations', () => {
  const familyId = ref<string | null>(null);
  const list = ref<InvitationView[]>([]);

  const pending = computed(() =>
    list.value.filter((i) => i.status === 'pending').sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
  );

  async function load(id: string) {
    if (familyId.value !== id) list.value = [];
    familyId.value = id;
    const { invitations } = await api.listInvitations(id);
    if (familyId.value === id) list.value = invitations;
  }
  async function invite(input: InvitationInput) {
    if (!familyId.value) return;
    upsert((await api.invite(familyId.value, input)).invitation);
  }
  async function revoke(invitationId: string) {
    if (!familyId.value) return;
    await api.revokeInvitation(familyId.value, invitationId);
    const inv = list.value.find((i) => i.id === invitationId);
    if (inv) inv.status = 'revoked';
  }

  function upsert(invitation: InvitationView) {
    if (invitation.familyId !== familyId.value) return;
    const i = list.value.findIndex((x) => x.id === invitation.id);
    if (i === -1) list.value.push(invitation);
    else list.value.splice(i, 1, invitation);
  }
  function clear() {
    list.value = [];
  }

  return { familyId, list, pending, load, invite, revoke, upsert, clear };
});
