import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OneOffShiftInput, ShiftTimeIssue } from '../../api/shifts';
import { catalogFor, locale } from '../../i18n';
import { oneOffFieldErrors } from './oneOffIssues';

test('a one-off shift’s time issues from the shared contract are said in the form’s words, in English and in French', { timeout: 5_000 }, () => {
  // The contract's own issue for an end before the start: what the API sends for it.
  const parsed = OneOffShiftInput.safeParse({
    careRecipientId: '00000000-0000-4000-8000-000000000001',
    start: '2026-12-08T13:00',
    end: '2026-12-08T09:00',
    assigneeId: null,
  });
  assert.equal(parsed.success, false);
  const endBeforeStart = parsed.error!.issues.find((i) => i.path.join('.') === 'end')!;
  const issues = [
    { path: 'end', message: endBeforeStart.message },
    { path: 'start', message: ShiftTimeIssue.inPast },
  ];
  for (const lang of ['en', 'fr'] as const) {
    locale.value = lang;
    try {
      const e = catalogFor(lang).shiftForm.oneOff.errors;
      assert.deepEqual(oneOffFieldErrors(issues), { end: e.sameTime, start: e.inPast }, lang);
      assert.deepEqual(oneOffFieldErrors([{ path: 'end', message: ShiftTimeIssue.tooLong }]), { end: e.tooLong }, lang);
      // Another issue on the same field is shown as the API gave it, not mistaken for a time issue.
      assert.deepEqual(oneOffFieldErrors([{ path: 'end', message: 'must be a local date-time' }, { path: 'notes', message: 'too long' }]), {
        end: 'must be a local date-time',
        notes: 'too long',
      });
    } finally {
      locale.value = 'en';
    }
  }
});
