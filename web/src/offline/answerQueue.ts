import { ref } from 'vue';
import { ApiError } from '../api/client';
import { t } from '../i18n';

/**
 * Answers given without a network, kept on this device (localStorage, so a reload or a closed
 * tab does not lose them) and sent when the network is back. Each keeps the Idempotency-Key made
 * at the tap: the API makes it the workflow Update's id, so a resend after a lost reply, from
 * a second tab, or after a reload is recorded once.
 */
export interface QueuedAnswer {
  key: string;
  userId: string;
  familyId: string;
  scheduleId: string;
  doseKey: string;
  action: 'taken' | 'skipped';
  reason: string | null;
  medicationName: string;
  tappedAt: string;
}

const STORAGE_KEY = 'carecircle.queuedAnswers';

function read(): QueuedAnswer[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(parsed) ? (parsed as QueuedAnswer[]) : [];
  } catch {
    return [];
  }
}

export const queuedAnswers = ref<QueuedAnswer[]>(typeof localStorage === 'undefined' ? [] : read());
if (typeof window !== 'undefined') {
  // Another tab queued or sent one.
  window.addEventListener('storage', (e) => {
    if (e.key === STORAGE_KEY) queuedAnswers.value = read();
  });
}

function save(list: QueuedAnswer[]) {
  queuedAnswers.value = list;
  localStorage.setItem(STORAGE_KEY, JSON.stringify(list));
}

export function enqueueAnswer(answer: QueuedAnswer) {
  save([...read().filter((a) => a.key !== answer.key), answer]);
}

/** At logout: answers kept on a shared device must not be sent later under someone else's session. */
export function forgetQueuedAnswers() {
  queuedAnswers.value = [];
  localStorage.removeItem(STORAGE_KEY);
}

export const queuedFor = (scheduleId: string, doseKey: string, userId: string | undefined) =>
  queuedAnswers.value.find((a) => a.scheduleId === scheduleId && a.doseKey === doseKey && a.userId === userId);

/** No connection at all (as opposed to an answer from the API, even a refusal). */
export const isNoConnection = (e: unknown) => e instanceof ApiError && e.status === 0;

let sending: Promise<void> | null = null;

/**
 * Sends this user's queued answers in tap order. One without a connection stops the round
 * (it stays queued); a refusal (someone else answered first, the dose is over) drops it and is reported.
 */
export function sendQueuedAnswers(
  userId: string,
  send: (a: QueuedAnswer) => Promise<void>,
  refused: (a: QueuedAnswer, message: string) => void,
): Promise<void> {
  sending ??= (async () => {
    try {
      for (const answer of read().filter((a) => a.userId === userId)) {
        try {
          await send(answer);
        } catch (e) {
          if (isNoConnection(e) || (e instanceof ApiError && e.status === 503)) return;
          refused(answer, e instanceof ApiError ? e.message : t.value.medication.offline.notRecorded);
        }
        save(read().filter((a) => a.key !== answer.key));
      }
    } finally {
      sending = null;
    }
  })();
  return sending;
}
