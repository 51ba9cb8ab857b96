import type { EscalationView, TodayDose } from './api/contracts';
import { doseStatusLabel } from './medicationText';

/**
 * A dose card and its alert say the same thing: once someone answered the alert, the card
 * reads "Not given yet · Ben is on it", never "escalating", until the dose is marked.
 */
export function doseStateWords(dose: TodayDose, alert: EscalationView | undefined, nameOf: (userId: string | null) => string) {
  if (dose.status !== 'escalating' || !alert) return { words: doseStatusLabel(dose.status), calm: false };
  if (alert.status === 'acknowledged' || alert.status === 'claimed' || alert.status === 'resolved') {
    const who = nameOf(alert.status === 'resolved' ? (alert.resolvedBy ?? alert.answeredBy) : alert.answeredBy);
    const onIt = who === 'you' ? 'You are on it' : `${who.charAt(0).toUpperCase()}${who.slice(1)} is on it`;
    return { words: `Not given yet · ${onIt}`, calm: true };
  }
  if (alert.status === 'unreached') return { words: 'Not given yet · Nobody answered', calm: false };
  return { words: doseStatusLabel(dose.status), calm: false };
}
