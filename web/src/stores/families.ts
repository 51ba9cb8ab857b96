import { defineStore } from 'pinia';
import { ref } from 'vue';
import * as api from '../api/families';
import type { FamilyView, Role } from '../api/contracts';

/** The families I belong to, with my role in each. */
export const useFamiliesStore = defineStore('families', () => {
  const list = ref<FamilyView[]>([]);
  const loaded = ref(false);

  const byId = (familyId: string) => list.value.find((f) => f.id === familyId);

  async function load() {
    list.value = (await api.listFamilies()).families;
    loaded.value = true;
  }
  /** Refreshes one family (e.g. when opening its page by URL) and keeps the list in step. */
  async function loadOne(familyId: string) {
    upsert((await api.getFamily(familyId)).family);
  }
  async function create(name: string) {
    const { family } = await api.createFamily({ name });
    upsert(family);
    return family;
  }
  async function rename(familyId: string, name: string) {
    upsert((await api.renameFamily(familyId, { name })).family);
  }
  async function remove(familyId: string) {
    await api.deleteFamily(familyId);
    forget(familyId);
  }

  function upsert(family: FamilyView) {
    const i = list.value.findIndex((f) => f.id === family.id);
    if (i === -1) list.value = [...list.value, family].sort((a, b) => a.name.localeCompare(b.name));
    else list.value.splice(i, 1, family);
  }
  function applyRenamed(familyId: string, name: string) {
    const f = byId(familyId);
    if (f) f.name = name;
  }
  function setMyRole(familyId: string, role: Role) {
    const f = byId(familyId);
    if (f) f.role = role;
  }
  function forget(familyId: string) {
    list.value = list.value.filter((f) => f.id !== familyId);
  }
  function reset() {
    list.value = [];
    loaded.value = false;
  }

  return { list, loaded, byId, load, loadOne, create, rename, remove, upsert, applyRenamed, setMyRole, forget, reset };
});
