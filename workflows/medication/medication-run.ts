import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { Channel } from '../../api/contracts/notifications';
import type { ContactPlan, PlanContactsInput } from '../../activities/escalation/types';
import type {
  DoseOutcome,
  DoseOutcomeInput,
  DoseOutcomeResult,
  MedicationMessageInput,
  MedicationMessageKind,
  NextDoseInput,
  ScheduledDose,
} from '../../activities/medication/types';
import { CareState, NextDueAt } from '../../temporal/search-attributes';
import { msUntil, workflowNow } from '../clock';
import { id8 } from '../escalation/notify-person';
import {
  DOSE_ALREADY_ANSWERED,
  REASON_REQUIRED,
  SNOOZE_LIMIT,
  WRONG_DOSE,
  deleteScheduleSignal,
  medicationStateQuery,
  pauseSignal,
  resumeSignal,
  scheduleChangedSignal,
  skippedUpdate,
  snoozeUpdate,
  takenUpdate,
  type DoseAnswer,
  type DoseSettings,
  type MedicationCarry,
  type MedicationPhase,
  type MedicationScheduleWorkflowInput,
  type MedicationState,
  type PendingDose,
} from './messages';

/** The activities this workflow calls, as registered in activities/index.ts. */
export interface MedicationActivities {
  nextDoseFor(input: NextDoseInput): Promise<ScheduledDose | null>;
  recordDoseOutcome(input: DoseOutcomeInput): Promise<DoseOutcomeResult>;
  familyAdmins(input: { familyId: string }): Promise<string[]>;
  sendMedicationMessage(input: MedicationMessageInput): Promise<{ stored: boolean }>;
  planContacts(input: PlanContactsInput): Promise<ContactPlan[]>;
}
// Compile-time check that the worker registers every activity this workflow calls, with these shapes.
type Registered<T extends MedicationActivities> = T;
export type MedicationActivitiesRegistered = Registered<Activities>;

// Reads and writes in PostgreSQL: retried with backoff until the database is back.
const DB = { startToCloseTimeout: '30 seconds', retry: { initialInterval: '1 second', maximumInterval: '1 minute' } } as const;
// One send: a channel that keeps failing gives way to the person's next one.
const SEND = { startToCloseTimeout: '30 seconds', retry: { initialInterval: '2 seconds', maximumInterval: '1 minute', maximumAttempts: 10 } } as const;
const ALL_CHANNELS: Channel[] = ['push', 'sms', 'email'];
const DAY_MS = 86_400_000;

interface Answer {
  outcome: 'taken' | 'skipped' | 'late';
  by: string;
  via: DoseAnswer['via'];
  reason: string | null;
  at: string;
}

const zeroCounts = (): Record<DoseOutcome, number> => ({ taken: 0, skipped: 0, missed: 0, late: 0 });

/**
 * The schedule's state and the messages it accepts. Answers change the state at once;
 * the story (medication-schedule.ts) notices, records and moves on.
 */
export class MedicationRun {
  readonly state: MedicationState;
  settings: DoseSettings;
  paused: boolean;
  deleted = false;
  /** Bumped by each edit, so a wait for the next dose can notice one. */
  edits = 0;
  editedAt: string | null = null;
  answer: Answer | null = null;
  snoozedUntil: string | null = null;
  cursor: { afterUtc: string; afterDoseKey?: string };

  constructor(readonly input: MedicationScheduleWorkflowInput) {
    const { carry } = input;
    this.settings = { assignedCaregiverId: input.assignedCaregiverId, answerWindowMinutes: input.answerWindowMinutes, snoozeMinutes: input.snoozeMinutes, maxSnoozes: input.maxSnoozes };
    this.paused = carry?.paused ?? false;
    this.cursor = carry ? { afterUtc: carry.afterUtc, afterDoseKey: carry.afterDoseKey } : { afterUtc: new Date(workflowNow()).toISOString() };
    this.state = { phase: 'scheduled', version: carry?.version ?? 0, nextDose: null, pendingDose: null, lastOutcome: null, counts: carry?.counts ?? zeroCounts() };
  }

  carry(): MedicationScheduleWorkflowInput {
    const carry: MedicationCarry = { ...this.cursor, paused: this.paused, version: this.state.version, counts: this.state.counts };
    return { ...this.input, ...this.settings, carry };
  }

  /** Registered before anything else, so no message arriving early finds no handler. */
  listen(): void {
    setHandler(medicationStateQuery, () => this.state);
    setHandler(pauseSignal, () => void (this.paused = true));
    setHandler(resumeSignal, () => void (this.paused = false));
    setHandler(deleteScheduleSignal, () => void (this.deleted = true));
    setHandler(scheduleChangedSignal, ({ version, ...settings }) => {
      // Only the doses after this one see the edit: the pending dose keeps what it started with.
      this.settings = settings;
      this.state.version = Math.max(this.state.version, version);
      this.edits += 1;
      this.editedAt = new Date(workflowNow()).toISOString();
    });
    setHandler(takenUpdate, (a) => this.answered({ ...a, reason: null }, 'taken'), { validator: (a) => this.validateAnswer(a) });
    setHandler(skippedUpdate, (a) => this.answered(a, 'skipped'), {
      validator: (a) => {
        this.validateAnswer(a);
        if (!a.reason?.trim()) throw ApplicationFailure.nonRetryable('Say why the dose was skipped.', REASON_REQUIRED);
      },
    });
    setHandler(
      snoozeUpdate,
      (a) => {
        const pending = this.state.pendingDose!;
        pending.snoozes += 1;
        this.snoozedUntil = new Date(workflowNow() + this.pendingSettings!.snoozeMinutes * 60_000).toISOString();
        // The answer window starts again from the reminder the snooze asked for.
        pending.escalateAt = new Date(Date.parse(this.snoozedUntil) + this.pendingSettings!.answerWindowMinutes * 60_000).toISOString();
        this.progress(pending.escalateAt);
        return this.state;
      },
      {
        validator: (a) => {
          this.validateAnswer(a);
          if (this.state.phase !== 'awaiting_answer') throw ApplicationFailure.nonRetryable('The backups are being paged: mark the dose taken or skipped.', SNOOZE_LIMIT);
          if (this.state.pendingDose!.snoozes >= this.pendingSettings!.maxSnoozes) {
            throw ApplicationFailure.nonRetryable(`At most ${this.pendingSettings!.maxSnoozes} snoozes per dose.`, SNOOZE_LIMIT);
          }
        },
      },
    );
  }

  /** The settings the pending dose started with. */
  pendingSettings: DoseSettings | null = null;

  /** Refuses an answer before it reaches history: not the dose being asked about, or already answered. */
  private validateAnswer({ doseKey }: DoseAnswer): void {
    const pending = this.state.pendingDose;
    if (pending?.doseKey === doseKey && this.answer === null) return;
    if (pending?.doseKey === doseKey || this.state.lastOutcome?.doseKey === doseKey) {
      throw ApplicationFailure.nonRetryable(`Dose ${doseKey} has already been answered.`, DOSE_ALREADY_ANSWERED);
    }
    throw ApplicationFailure.nonRetryable(`Dose ${doseKey} is not the dose waiting for an answer.`, WRONG_DOSE);
  }

  /** Takes the answer at once (the wait ends in this task) and returns once it is written down. */
  private async answered(a: DoseAnswer & { reason: string | null }, outcome: 'taken' | 'skipped'): Promise<MedicationState> {
    // Given after the window, once the backups were being paged: on the record as late.
    const late = outcome === 'taken' && this.state.phase === 'escalating';
    this.answer = { outcome: late ? 'late' : outcome, by: a.userId, via: a.via, reason: a.reason, at: new Date(workflowNow()).toISOString() };
    await condition(() => this.state.lastOutcome?.doseKey === a.doseKey || this.deleted);
    return this.state;
  }

  /** The next dose from the schedule row, as of its latest version (an activity: zone math stays out of here). */
  async nextDose(after: { afterUtc: string; afterDoseKey?: string } = this.cursor): Promise<ScheduledDose | null> {
    const { nextDoseFor } = proxyActivities<MedicationActivities>({ ...DB, summary: 'next dose from the schedule' });
    return nextDoseFor({ scheduleId: this.input.scheduleId, ...after });
  }

  /** Sleeps until `at` unless paused, deleted or edited meanwhile; true when woken early. */
  async sleepUntil(at: string, summary: string): Promise<boolean> {
    const edits = this.edits;
    return condition(() => this.paused || this.deleted || this.edits !== edits, msUntil(at), { summary });
  }

  /** A new dose is due: it keeps the settings of this moment to the end. */
  open(dose: ScheduledDose): PendingDose {
    this.pendingSettings = { ...this.settings };
    this.answer = null;
    this.snoozedUntil = null;
    const escalateAt = new Date(Date.parse(dose.dueAt) + this.pendingSettings.answerWindowMinutes * 60_000).toISOString();
    const pending: PendingDose = { doseKey: dose.doseKey, dueAt: dose.dueAt, version: dose.version, snoozes: 0, escalateAt, escalationId: null };
    Object.assign(this.state, { pendingDose: pending, nextDose: null, version: Math.max(this.state.version, dose.version) });
    this.setPhase('awaiting_answer', escalateAt);
    return pending;
  }

  /**
   * Waits for an answer through the window, and through each snooze and the window after
   * it. True when the dose was answered (or the schedule deleted); false when the window ran out.
   */
  async waitForAnswer(dose: ScheduledDose): Promise<boolean> {
    const pending = this.state.pendingDose!;
    for (;;) {
      const snoozes = pending.snoozes;
      const until = this.snoozedUntil ?? pending.escalateAt;
      const summary = this.snoozedUntil ? `snoozed until ${until}` : `answer window for dose ${dose.label} until ${until}`;
      const woken = await condition(() => this.closed() || pending.snoozes !== snoozes, msUntil(until), { summary });
      if (this.closed()) return true;
      if (woken) continue;
      if (!this.snoozedUntil) return false;
      this.snoozedUntil = null;
      await this.remind(dose, 'due', `snooze${snoozes}`, false);
    }
  }

  closed(): boolean {
    return this.answer !== null || this.deleted;
  }

  /** Writes the outcome down and, when that dose brought the supply to its threshold, tells the admins. */
  async close(dose: ScheduledDose, outcome: DoseOutcome, answer: Answer | null): Promise<void> {
    const { recordDoseOutcome } = proxyActivities<MedicationActivities>({ ...DB, summary: `record dose ${dose.doseKey}: ${outcome}` });
    const at = answer?.at ?? new Date(workflowNow()).toISOString();
    const { refillDue } = await recordDoseOutcome({
      scheduleId: this.input.scheduleId,
      doseKey: dose.doseKey,
      dueAt: dose.dueAt,
      outcome,
      by: answer?.by ?? null,
      via: answer?.via ?? null,
      reason: answer?.reason ?? null,
      at,
    });
    this.state.counts[outcome] += 1;
    Object.assign(this.state, { lastOutcome: { doseKey: dose.doseKey, outcome }, pendingDose: null });
    this.pendingSettings = null;
    if (refillDue) await this.alertRefill(dose.doseKey);
  }

  /** Once per time the supply runs low (the activity says which dose did it): every admin, by email. */
  private async alertRefill(doseKey: string): Promise<void> {
    const { familyAdmins } = proxyActivities<MedicationActivities>({ ...DB, summary: 'who are the admins' });
    const admins = await familyAdmins({ familyId: this.input.familyId });
    const { sendMedicationMessage } = proxyActivities<MedicationActivities>({ ...SEND, summary: 'refill alert' });
    await Promise.all(
      admins.map((userId) =>
        sendMedicationMessage({
          ...this.message(doseKey, 'refill', userId, 'email'),
          idempotencyKey: `med/${this.input.scheduleId}/refill/${doseKey}/${userId}/email`,
        }),
      ),
    );
  }

  /**
   * Reminds the assigned caregiver on the first of their channels that works. A routine
   * reminder waits out their quiet hours (the answer window runs meanwhile: the chain is
   * how a sleeping caregiver gets covered); a heads-up in quiet hours is simply dropped.
   */
  async remind(dose: ScheduledDose, kind: MedicationMessageKind, step: string, routine: boolean, quiet?: CancellationScope): Promise<void> {
    const userId = (this.pendingSettings ?? this.settings).assignedCaregiverId;
    const { planContacts } = proxyActivities<MedicationActivities>({ ...DB, summary: 'channels and quiet hours' });
    const [plan] = await planContacts({ userIds: [userId], channels: ALL_CHANNELS, urgency: routine ? 'routine' : 'urgent' });
    if (!plan || quiet?.consideredCancelled) return;
    if (plan.quietUntil && msUntil(plan.quietUntil) > 0) {
      if (kind === 'heads_up') return;
      const until = plan.quietUntil;
      try {
        await (quiet ?? CancellationScope.current()).run(() => sleep(msUntil(until), { summary: `quiet hours of member ${id8(userId)} until ${until}` }));
      } catch (err) {
        if (isCancellation(err) && quiet?.consideredCancelled) return;
        throw err;
      }
    }
    for (const channel of plan.channels) {
      const { sendMedicationMessage } = proxyActivities<MedicationActivities>({ ...SEND, summary: `${kind} ${channel} to member ${id8(userId)}` });
      try {
        await sendMedicationMessage({ ...this.message(dose.doseKey, kind, userId, channel), idempotencyKey: `med/${this.input.scheduleId}/${dose.doseKey}/${step}/${userId}/${channel}` });
        return;
      } catch (err) {
        // A channel that failed for good (no phone, ten failed tries) gives way to the next one.
        if (isCancellation(err) || !(err instanceof ActivityFailure)) throw err;
      }
    }
  }

  private message(doseKey: string, kind: MedicationMessageKind, userId: string, channel: Channel) {
    return { scheduleId: this.input.scheduleId, familyId: this.input.familyId, userId, channel, kind, doseKey };
  }

  /**
   * Runs the due reminder beside the answer wait. The stop it returns drops a reminder
   * still waiting out quiet hours (the dose was answered first) and lets a send already
   * under way finish: cancelling an activity that may have just completed buys nothing.
   */
  remindInBackground(dose: ScheduledDose): () => Promise<void> {
    const quiet = new CancellationScope();
    const running = this.remind(dose, 'due', 'due', true, quiet);
    return async () => {
      quiet.cancel();
      await running;
    };
  }

  /** Where to look for the next dose: after this one, or after the latest edit (an edit never brings back a past time). */
  advance(dose: ScheduledDose): void {
    this.cursor = this.editedAt && this.editedAt > dose.dueAt ? { afterUtc: this.editedAt } : { afterUtc: dose.dueAt, afterDoseKey: dose.doseKey };
    this.editedAt = null;
  }

  /** Paused, edited or resumed: the next dose is one still ahead. */
  restartFromNow(): void {
    const now = new Date(workflowNow()).toISOString();
    if (now > this.cursor.afterUtc) this.cursor = { afterUtc: now };
    this.editedAt = null;
  }

  scheduled(dose: ScheduledDose | null): void {
    this.state.nextDose = dose && { doseKey: dose.doseKey, dueAt: dose.dueAt };
    this.setPhase('scheduled', dose?.headsUpAt ?? dose?.dueAt ?? null);
  }

  /** CareState and NextDueAt (when the workflow next wakes by itself), so ops can find "what fires soon". */
  setPhase(phase: MedicationPhase, nextDueAt: string | null = null): void {
    this.state.phase = phase;
    this.progress(nextDueAt);
  }

  progress(nextDueAt: string | null): void {
    upsertSearchAttributes([
      { key: CareState, value: this.state.phase },
      { key: NextDueAt, value: nextDueAt ? new Date(nextDueAt) : null },
    ]);
  }

  /** How long a dose whose chain was acknowledged may stay open when no next dose will come. */
  static readonly LAST_DOSE_OPEN_MS = DAY_MS;
}
