import { defineStore } from 'pinia';
import { ref } from 'vue';

export interface Notice {
  id: number;
  text: string;
  tone: 'info' | 'error';
}

/** Short messages that outlive a navigation ("You left the family"), read out by screen readers. */
export const useNoticesStore = defineStore('notices', () => {
  const list = ref<Notice[]>([]);
  let next = 1;

  function show(text: string, tone: Notice['tone'] = 'info') {
    // A live event and our own response can report the same thing; say it once.
    if (list.value.some((n) => n.text === text)) return;
    const id = next++;
    list.value.push({ id, text, tone });
    setTimeout(() => dismiss(id), 8000);
  }
  function dismiss(id: number) {
    list.value = list.value.filter((n) => n.id !== id);
  }

  return { list, show, dismiss };
});
