import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import * as auth from '../api/auth';
import { ApiError } from '../api/client';
import type { LoginInput, ProfilePatch, SignupInput, UserView } from '../api/contracts';
import { forgetOfflineCopies } from '../offline/connectivity';

/** Who is logged in. `ready` turns true once the first /me answer is known. */
export const useSessionStore = defineStore('session', () => {
  const user = ref<UserView | null>(null);
  const ready = ref(false);
  let pending: Promise<void> | null = null;

  const loggedIn = computed(() => user.value !== null);

  /** Asks the API once per page load who owns the cookie; later calls reuse that answer. */
  function ensureLoaded(): Promise<void> {
    pending ??= auth
      .me()
      .then((r) => {
        user.value = r.user;
      })
      .catch((e: unknown) => {
        if (!(e instanceof ApiError && e.code === 'unauthenticated')) console.warn('Could not load the session', e);
        user.value = null;
      })
      .finally(() => {
        ready.value = true;
      });
    return pending;
  }

  async function signup(input: SignupInput) {
    user.value = (await auth.signup(input)).user;
  }
  async function login(input: LoginInput) {
    user.value = (await auth.login(input)).user;
  }
  async function updateProfile(patch: ProfilePatch) {
    user.value = (await auth.updateProfile(patch)).user;
  }
  async function logout(everywhere = false) {
    await (everywhere ? auth.logoutAll() : auth.logout());
    forget();
  }
  /** Drops the local copy, e.g. after logout or when the API says the session expired. */
  function forget() {
    user.value = null;
    void forgetOfflineCopies();
  }

  return { user, ready, loggedIn, ensureLoaded, signup, login, updateProfile, logout, forget };
});
