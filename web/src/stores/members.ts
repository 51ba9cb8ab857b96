import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import * as api from '../api/families';
import type { MemberView, Role } from '../api/contracts';

/** Members of the family on screen; live events patch it in place. */
export const useMembersStore = defineStore('members', () => {
  const familyId = ref<string | null>(null);
  const list = ref<MemberView[]>([]);

  const sorted = computed(() => [...list.value].sort((a, b) => a.displayName.localeCompare(b.displayName)));

  async function load(id: string) {
    if (familyId.value !== id) list.value = [];
    familyId.value = id;
    const { members } = await api.listMembers(id);
    if (familyId.value === id) list.value = members;
  }
  async function changeRole(userId: string, role: Role) {
    if (!familyId.value) return;
    upsert((await api.changeRole(familyId.value, userId, role)).member);
  }
  async function remove(userId: string) {
    if (!familyId.value) return;
    await api.removeMember(familyId.value, userId);
    forget(userId);
  }

  function upsert(member: MemberView) {
    const i = list.value.findIndex((m) => m.userId === member.userId);
    if (i === -1) list.value.push(member);
    else list.value.splice(i, 1, member);
  }
  function setRole(userId: string, role: Role) {
    const m = list.value.find((x) => x.userId === userId);
    if (m) m.role = role;
  }
  function forget(userId: string) {
    list.value = list.value.filter((m) => m.userId !== userId);
  }

  return { familyId, list, sorted, load, changeRole, remove, upsert, setRole, forget };
});
