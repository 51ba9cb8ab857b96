import type { ScheduledDose } from '../../activities/medication/types';
import type { Answer } from './answer-handlers';
import type { DoseSettings, PendingDose } from './messages';

/**
 * One dose that fell due and waits for its answer. Several can be open at once (times
 * a spring-forward gap brings to one instant): each keeps its own answer window,
 * snoozes, escalation and record.
 */
export class DueDose {
  readonly pending: PendingDose;
  /** The settings of the instant it fell due: an edit meanwhile waits for the next dose. */
  readonly settings: DoseSettings;
  answer: Answer | null = null;
  snoozedUntil: string | null = null;
  /** From here on, "taken" counts as late and snoozing is over. */
  escalating = false;

  constructor(
    readonly dose: ScheduledDose,
    settings: DoseSettings,
    private readonly deleted: () => boolean,
  ) {
    this.settings = { ...settings };
    const escalateAt = new Date(Date.parse(dose.dueAt) + settings.answerWindowMinutes * 60_000).toISOString();
    this.pending = { doseKey: dose.doseKey, dueAt: dose.dueAt, version: dose.version, snoozes: 0, escalateAt, escalationId: null };
  }

  /** Answered, or the schedule is gone: nothing more to wait for. */
  closed(): boolean {
    return this.answer !== null || this.deleted();
  }
}
