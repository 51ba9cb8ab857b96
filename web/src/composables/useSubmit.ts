import { ref } from 'vue';
import { ApiError } from '../api/client';
import { t } from '../i18n';

/**
 * Runs a form's action once at a time and sorts the API's answer: validation issues go
 * next to the field their `path` names, everything else to the top of the form.
 */
export function useSubmit(fields: readonly string[], keyOf: (path: string) => string | null = (path) => path) {
  const pending = ref(false);
  const formError = ref<string | null>(null);
  const fieldErrors = ref<Record<string, string>>({});

  async function run(action: () => Promise<unknown>): Promise<boolean> {
    if (pending.value) return false;
    pending.value = true;
    formError.value = null;
    fieldErrors.value = {};
    try {
      await action();
      return true;
    } catch (e) {
      show(e);
      return false;
    } finally {
      pending.value = false;
    }
  }

  function show(e: unknown) {
    if (!(e instanceof ApiError)) {
      console.error(e);
      formError.value = t.value.common.errors.generic;

      return;
    }
    const byField: Record<string, string> = {};
    const elsewhere: string[] = [];
    for (const issue of e.fieldIssues) {
      // Only the first problem per field: one clear sentence beats a list.
      // keyOf folds nested paths ("timesOfDay.2") onto the field that shows them.
      const key = keyOf(issue.path);
      if (key !== null && fields.includes(key)) byField[key] ??= issue.message;
      else elsewhere.push(issue.message);
    }
    fieldErrors.value = byField;
    if (Object.keys(byField).length === 0 || elsewhere.length > 0) {
      formError.value = elsewhere.length > 0 ? `${e.message} ${elsewhere.join('; ')}` : e.message;
    }
  }

  return { pending, formError, fieldErrors, run, show };
}
