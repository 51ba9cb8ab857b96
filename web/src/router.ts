import type { Pinia } from 'pinia';
import { createRouter, createWebHistory, type RouteLocationNormalized, type RouteRecordRaw } from 'vue-router';

import { watch } from 'vue';
import { locale, t, type Catalog } from './i18n';
import { useSessionStore } from './stores/session';

declare module 'vue-router' {
  interface RouteMeta {
    /** Which words name the page in `document.title` (in the current language). */
    title?: keyof Catalog['common']['titles'];
    /** Needs a logged-in user; others are sent to log in and brought back. */
    auth?: boolean;
    /** Only for visitors (log in, sign up); logged-in users go to their families. */
    guest?: boolean;
  }
}

const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: () => import('./pages/LandingPage.vue'), meta: { auth: true } },
  { path: '/login', name: 'login', component: () => import('./pages/LoginPage.vue'), meta: { guest: true, title: 'login' } },
  { path: '/signup', name: 'signup', component: () => import('./pages/SignupPage.vue'), meta: { guest: true, title: 'signup' } },
  { path: '/families', name: 'families', component: () => import('./pages/FamiliesPage.vue'), meta: { auth: true, title: 'families' } },
  {
    path: '/families/:familyId',
    component: () => import('./pages/FamilyPage.vue'),
    props: true,
    meta: { auth: true, title: 'family' },
    children: [
      // Today is what a caregiver opens the app for: which doses are due, and who gave them.
      { path: '', name: 'family', redirect: (to) => ({ name: 'family-today', params: to.params }) },
      { path: 'today', name: 'family-today', component: () => import('./pages/family/TodayTab.vue'), props: true },
      { path: 'medications', name: 'family-medications', component: () => import('./pages/family/MedicationsTab.vue'), props: true },
      {
        path: 'medications/new',
        name: 'family-medication-new',
        component: () => import('./pages/family/MedicationEditTab.vue'),
        props: true,
      },
      {
        path: 'medications/:scheduleId',
        name: 'family-medication',
        component: () => import('./pages/family/MedicationEditTab.vue'),
        props: true,
      },
      { path: 'appointments', name: 'family-appointments', component: () => import('./pages/family/AppointmentsTab.vue'), props: true },
      { path: 'appointments/new', name: 'family-appointment-new', component: () => import('./pages/family/AppointmentEditTab.vue'), props: true },
      {
        path: 'appointments/:seriesId/edit',
        name: 'family-appointment-edit',
        component: () => import('./pages/family/AppointmentEditTab.vue'),
        // Opened from one visit, the editor offers "only this one" and "this and following".
        props: (to) => ({ ...to.params, occurrence: typeof to.query.occurrence === 'string' ? to.query.occurrence : undefined }),
      },
      {
        path: 'appointments/:seriesId/visits/:occurrenceKey',
        name: 'family-appointment-visit',
        component: () => import('./pages/family/AppointmentVisitTab.vue'),
        props: true,
      },
      { path: 'shifts', name: 'family-shifts', component: () => import('./pages/family/ShiftsTab.vue'), props: true },
      {
        path: 'shifts/rotations/new',
        name: 'family-rotation-new',
        component: () => import('./pages/family/RotationEditTab.vue'),
        props: (to) => ({ ...to.params, recipient: typeof to.query.recipient === 'string' ? to.query.recipient : undefined }),
      },
      { path: 'shifts/rotations/:rotationId', name: 'family-rotation-edit', component: () => import('./pages/family/RotationEditTab.vue'), props: true },
      { path: 'recipients', name: 'family-recipients', component: () => import('./pages/family/RecipientsTab.vue'), props: true },
      {
        path: 'recipients/:recipientId/escalation-chain',
        name: 'family-recipient-policy',
        component: () => import('./pages/family/EscalationPolicyTab.vue'),
        props: true,
      },
      { path: 'escalations', name: 'family-escalations', component: () => import('./pages/family/EscalationsTab.vue'), props: true },
      {
        path: 'escalations/:escalationId',
        name: 'family-escalation',
        component: () => import('./pages/family/EscalationDetailTab.vue'),
        props: true,
      },
      { path: 'timeline', name: 'family-timeline', component: () => import('./pages/family/TimelineTab.vue'), props: true },
      { path: 'audit', name: 'family-audit', component: () => import('./pages/family/AuditTab.vue'), props: true },
      { path: 'members', name: 'family-members', component: () => import('./pages/family/MembersTab.vue'), props: true },
      { path: 'invitations', name: 'family-invitations', component: () => import('./pages/family/InvitationsTab.vue'), props: true },
      { path: 'settings', name: 'family-settings', component: () => import('./pages/family/SettingsTab.vue'), props: true },
    ],
  },
  { path: '/profile', name: 'profile', component: () => import('./pages/ProfilePage.vue'), meta: { auth: true, title: 'profile' } },
  { path: '/outbox', name: 'outbox', component: () => import('./pages/OutboxPage.vue'), meta: { auth: true, title: 'outbox' } },
  // Reached from an email link on any device: the signed token is the credential, no login.
  { path: '/answer', name: 'answer', component: () => import('./pages/AnswerPage.vue'), meta: { title: 'answer' } },
  // From the sign-up email, on any device: the token proves the mailbox, no login needed.
  { path: '/verify-email', name: 'verify-email', component: () => import('./pages/VerifyEmailPage.vue'), meta: { title: 'verifyEmail' } },
  {
    path: '/invitations/accept',
    name: 'accept-invitation',
    component: () => import('./pages/AcceptInvitationPage.vue'),
    meta: { title: 'invitation' },
  },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./pages/NotFoundPage.vue'), meta: { title: 'notFound' } },
];

/** Only paths inside this app: `//evil.example` or a full URL would be an open redirect. */
export function safeRedirect(value: unknown): string | null {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  return value;
}

export function createAppRouter(pinia: Pinia) {
  const router = createRouter({ history: createWebHistory(), routes });

  router.beforeEach(async (to) => {
    const session = useSessionStore(pinia);
    await session.ensureLoaded();
    if (to.meta.auth && !session.loggedIn) return { name: 'login', query: { redirect: to.fullPath } };
    if (to.meta.guest && session.loggedIn) return safeRedirect(to.query.redirect) ?? '/';
    return true;
  });
  const setTitle = (to: RouteLocationNormalized) => {
    const key = to.meta.title;
    document.title = key ? `${t.value.common.titles[key]} · CareCircle` : 'CareCircle';
  };
  router.afterEach(setTitle);
  watch(locale, () => setTitle(router.currentRoute.value));
  return router;
}
