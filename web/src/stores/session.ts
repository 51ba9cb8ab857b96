import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import * as auth from '../api/auth';
import { ApiError } from '../api/client';
import type { LoginInput, ProfilePatch, SignupInput, UserView } from '../api/contracts';
import { forgetQueuedAnswers } from '../offline/answerQueue';
import { forgetOfflineCopies } from '../offline/connectivity';
import { locale, setLocale } from '../i18n';

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
        setLocale(r.user.language);
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

  /** The account keeps the language the sign-up page was shown in: its texts and emails are written in it. */
  async function signup(input: SignupInput) {
    user.value = (await auth.signup({ language: locale.value, ...input })).user;
  }
  /** A language chosen in the profile follows the person to every device they log in on. */
  async function login(input: LoginInput) {
    user.value = (await auth.login(input)).user;
    setLocale(user.value.language);
  }
  async function updateProfile(patch: ProfilePatch) {
    user.value = (await auth.updateProfile(patch)).user;
  }
  /**
   * Whatever the network says (offline, API down), nothing of this person stays on the device:
   * a failed request must not leave their copies readable by the next one at /login.
   * Queued answers go too; the page warns before, as they would otherwise never be sent.
   */
  async function logout(everywhere = false) {
    try {
      await (everywhere ? auth.logoutAll() : auth.logout());
    } finally {
      forgetQueuedAnswers();
      await forget();
    }
  }
  /** Drops the local copy, e.g. after logout or when the API says the session expired. */
  function forget(): Promise<void> {
    user.value = null;
    return forgetOfflineCopies();
  }

  return { user, ready, loggedIn, ensureLoaded, signup, login, updateProfile, logout, forget };
});
