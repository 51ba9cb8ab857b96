import type { FieldIssue } from '../../api/contracts';
import { ShiftTimeIssue } from '../../api/shifts';
import { t } from '../../i18n';

export type OneOffField = 'careRecipientId' | 'date' | 'start' | 'end' | 'assigneeId' | 'tasks' | 'notes';

/**
 * The API's field issues for a one-off shift, by field: the shift-time issues of the shared
 * contract (compared whole, never by their English words) in the form's own words; any other
 * issue as the API gave it (already in the reader's language where the app knows it).
 */
export function oneOffFieldErrors(issues: FieldIssue[]): Partial<Record<OneOffField, string>> {
  const e = t.value.shiftForm.oneOff.errors;
  const said: Record<string, string> = {
    [`start/${ShiftTimeIssue.inPast}`]: e.inPast,
    [`end/${ShiftTimeIssue.tooLong}`]: e.tooLong,
    [`end/${ShiftTimeIssue.endBeforeStart}`]: e.sameTime,
  };
  const found: Partial<Record<OneOffField, string>> = {};
  for (const issue of issues) {
    const field = issue.path.split('.')[0] as OneOffField;
    found[field] ??= said[`${field}/${issue.message}`] ?? issue.message;
  }
  return found;
}
