import './api/zod-config'; // first: before any zod schema is built
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { setSessionLostHandler } from './api/client';
import { registerServiceWorker } from './offline/connectivity';
import { createAppRouter } from './router';
import { useSessionStore } from './stores/session';
import './styles.css';

const pinia = createPinia();
const router = createAppRouter(pinia);

// An expired or revoked session (e.g. "log out on all devices" elsewhere): log in again
// and come back to the same page.
setSessionLostHandler(() => {
  useSessionStore(pinia).forget();
  const here = router.currentRoute.value;
  if (here.meta.auth) void router.replace({ name: 'login', query: { redirect: here.fullPath, expired: '1' } });
});

createApp(App).use(pinia).use(router).mount('#app');
registerServiceWorker();
