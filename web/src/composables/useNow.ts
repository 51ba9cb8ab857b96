import { onBeforeUnmount, ref } from 'vue';

/** The current instant, refreshed on an interval, so "due within 2 hours" turns true on its own. */
export function useNow(everyMs = 30_000) {
  const now = ref(Date.now());
  const timer = setInterval(() => {
    now.value = Date.now();
  }, everyMs);
  onBeforeUnmount(() => clearInterval(timer));
  return now;
}
