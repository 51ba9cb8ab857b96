import type { EscalationView, TodayDose } from './api/contracts';
import { onItLine } from './escalationText';
import { t } from './i18n';
import { doseStatusLabel } from './medicationText';

/**
 * A dose card and its alert say the same thing: once someone answered the alert, the card
 * reads "Not given yet · Ben is on it", never "escalating", until the dose is marked.
 */
export function doseStateWords(dose: TodayDose, alert: EscalationView | undefined, nameOf: (userId: string | null) => string) {
  if (dose.status !== 'escalating' || !alert) return { words: doseStatusLabel(dose.status), calm: false };
  const w = t.value.alerts;
  if (alert.status === 'acknowledged' || alert.status === 'claimed' || alert.status === 'resolved') {
    const who = alert.status === 'resolved' ? (alert.resolvedBy ?? alert.answeredBy) : alert.answeredBy;
    return { words: w.dose.notGivenYet(onItLine(nameOf, who)), calm: true };
  }
  if (alert.status === 'unreached') return { words: w.dose.notGivenYet(w.status.unreached), calm: false };
  return { words: doseStatusLabel(dose.status), calm: false };
}
