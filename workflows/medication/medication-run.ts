import { condition, patched, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import type { DoseOutcome, DoseOutcomeResult, DosesAhead, ScheduledDose } from '../../activities/medication/types';
import { CareState, NextDoseAt, NextDueAt } from '../../temporal/search-attributes';
import { msUntil, workflowNow } from '../clock';
import { failureType, survivable } from '../failures';
import { listenForAnswers, type Answer } from './answer-handlers';
import { DueDose } from './due-dose';
import { db, live, localDb } from './medication-activities';
import {
  deleteScheduleSignal,
  medicationStateQuery,
  pauseSignal,
  resumeSignal,
  scheduleChangedSignal,
  type DoseSettings,
  type MedicationCarry,
  type MedicationPhase,
  type MedicationScheduleWorkflowInput,
  type MedicationState,
} from './messages';

const DAY_MS = 86_400_000;

/**
 * The next doses due together and the dose after them come from one lookup before the
 * sleep, where there was one before the sleep and another at the due instant. It stays an
 * activity task, not a local activity: it runs right after an answer is recorded, and a
 * local one would hold that workflow task, and the answer's reply, until it finished (in
 * the 300-dose benchmark the answers took twice the CPU and p99 21 s instead of 9 s).
 * Runs that looked up before it replay the old calls.
 */
const DOSES_LOOKED_UP_AHEAD = 'doses-looked-up-ahead';

/**
 * The outcome is written by a local activity: the answer that asked for it is written down
 * and returned in the workflow task that took it, where a task of its own took a round
 * trip through the server and a second workflow task. The write is idempotent (one record
 * per dose, a retry answers the same), so running it again after a lost task is harmless.
 */
const RECORDED_LOCALLY = 'outcome-recorded-locally';
/**
 * One patch, asked once when a run starts, stands for every change before it and for the
 * reminder sent by a local activity (reminders.ts). Each earlier patch recorded a marker
 * and a TemporalChangeVersion search attribute the first time a run met it, and a run met
 * two of them at its first due instant: with 2,000 doses due at 08:00 that was 4,000
 * events and 4,000 visibility writes in the burst. Runs recorded before it replay through
 * the separate patches, as they were written.
 */
export const ONE_TASK_AT_DUE = 'one-task-at-due';

/**
 * The outcome's record brings back the doses ahead (asked once when a run starts): an
 * answer's workflow task records it, replies and goes to sleep until the next dose, where
 * it used to schedule the lookup as an activity task and sleep in a second workflow task.
 * An answer cost about twice a due dose's CPU (worker and server) before it.
 */
export const LOOKED_UP_WITH_RECORD = 'looked-up-with-record';

/**
 * An edit that arrives while the next dose is being looked up wakes the sleep for that dose
 * (asked once when a run starts). The sleep used to count edits from when it began, so an
 * edit saved after the lookup read the row and signalled before the sleep began was missed:
 * that dose kept its old time. Under an 08:00 burst a lookup waits seconds for a slot.
 */
export const EDIT_DURING_LOOKUP_WAKES = 'edit-during-lookup-wakes';

/** The changes ONE_TASK_AT_DUE stands for. A later change is a patch of its own, never asked through `has`. */
export type ChangeBeforeOneTask =
  | 'doses-looked-up-ahead'
  | 'outcome-recorded-locally'
  | 'doses-due-together'
  | 'remind-in-one-send'
  | 'record-schedule-ended'
  | 'alert-names-dose';

const zeroCounts = (): Record<DoseOutcome, number> => ({ taken: 0, skipped: 0, missed: 0, late: 0 });
const nowIso = () => new Date(workflowNow()).toISOString();

/** How waiting for a dose ended: it fell due, something woke us to look again, or it was answered early. */
export type UntilDue = 'due' | 'woken' | 'answered';

/**
 * The schedule's state and the messages it accepts. Answers change the state at once;
 * the story (medication-schedule.ts) notices, records and moves on.
 */
export class MedicationRun {
  readonly state: MedicationState;
  settings: DoseSettings;
  /** The settings the open doses started with (they fell due together): an edit meanwhile waits for the next dose. */
  pendingSettings: DoseSettings | null = null;
  /** The doses due and not yet recorded, in the order they fell due. */
  readonly due: DueDose[] = [];
  /** Doses recorded by this run, so an answer's handler knows when its own is written down. */
  readonly recordedKeys = new Set<string>();
  paused: boolean;
  deleted = false;
  /** Bumped by each edit, so a wait for the next dose can notice one. */
  edits = 0;
  editedAt: string | null = null;
  /** An answer to the next dose given before it was due (it is then never reminded). */
  answer: Answer | null = null;
  cursor: { afterUtc: string; afterDoseKey?: string };
  /** The doses due next and the one after them, as looked up before the sleep (null for runs from before that). */
  ahead: DosesAhead | null = null;
  /** Started with ONE_TASK_AT_DUE: the earlier patches hold without markers of their own. */
  readonly oneTaskAtDue: boolean;
  /** Started with LOOKED_UP_WITH_RECORD: a record looks ahead from where the run goes on after it. */
  readonly lookUpWithRecord: boolean;
  /** Started with EDIT_DURING_LOOKUP_WAKES: the sleep for a dose counts edits from its lookup. */
  readonly editDuringLookupWakes: boolean;
  /** The row version of `settings`, as an edit's signal or a lookup of the row told it (0: none yet in this run). */
  private settingsVersion = 0;
  /** `edits` when the next dose was last looked up: an edit signalled after that read, even before the sleep began, must wake it. */
  private editsAtLookup = 0;
  /** The doses ahead that the latest record brought, valid from `cursor` while nothing was edited since. */
  private recordedAhead: { cursor: string; edits: number; ahead: DosesAhead } | null = null;
  /** The latest dose opened: doses due together are opened in order, and the run goes on after the last. */
  private lastOpened: ScheduledDose | null = null;

  constructor(readonly input: MedicationScheduleWorkflowInput) {
    this.oneTaskAtDue = patched(ONE_TASK_AT_DUE);
    this.lookUpWithRecord = patched(LOOKED_UP_WITH_RECORD);
    this.editDuringLookupWakes = patched(EDIT_DURING_LOOKUP_WAKES);
    const { carry } = input;
    this.settings = { assignedCaregiverId: input.assignedCaregiverId, answerWindowMinutes: input.answerWindowMinutes, snoozeMinutes: input.snoozeMinutes, maxSnoozes: input.maxSnoozes };
    this.paused = carry?.paused ?? false;
    // From the start, not from this first task: a worker busy at 08:00 may run it after the first dose fell due, which would skip that dose silently.
    this.cursor = carry ? { afterUtc: carry.afterUtc, afterDoseKey: carry.afterDoseKey } : { afterUtc: workflowInfo().startTime.toISOString() };
    this.state = {
      phase: 'scheduled',
      version: carry?.version ?? 0,
      nextDose: null,
      pendingDose: null,
      pendingDoses: [],
      lastOutcome: carry?.lastOutcome ?? null,
      counts: carry?.counts ?? zeroCounts(),
    };
  }

  /** Whether this run follows an earlier change (`patched` for runs from before ONE_TASK_AT_DUE). */
  has(change: ChangeBeforeOneTask): boolean {
    return this.oneTaskAtDue || patched(change);
  }

  carry(): MedicationScheduleWorkflowInput {
    const carry: MedicationCarry = { ...this.cursor, paused: this.paused, version: this.state.version, counts: this.state.counts, lastOutcome: this.state.lastOutcome };
    return { ...this.input, ...this.settings, carry };
  }

  /** Registered before anything else, so no message arriving early finds no handler. */
  listen(): void {
    setHandler(medicationStateQuery, () => this.state);
    setHandler(pauseSignal, () => void (this.paused = true));
    setHandler(resumeSignal, () => void (this.paused = false));
    setHandler(deleteScheduleSignal, () => void (this.deleted = true));
    setHandler(scheduleChangedSignal, ({ version, ...settings }) => {
      this.settings = settings;
      this.settingsVersion = Math.max(this.settingsVersion, version);
      this.state.version = Math.max(this.state.version, version);
      this.edits += 1;
      this.editedAt = nowIso();
    });
    listenForAnswers(this);
  }

  /** The next dose from the schedule row, as of its latest version (an activity: zone math stays out of here). */
  async nextDose(after: { afterUtc: string; afterDoseKey?: string } = this.cursor): Promise<ScheduledDose | null> {
    return db('next dose from the schedule').nextDoseFor({ scheduleId: this.input.scheduleId, ...after });
  }

  /** The next dose, with the doses due at its instant and the one after them kept in `ahead` for when it falls due. */
  async nextDoseAhead(): Promise<ScheduledDose | null> {
    this.ahead = null;
    this.editsAtLookup = this.edits;
    if (!this.has(DOSES_LOOKED_UP_AHEAD)) return this.nextDose();
    const recorded = this.recordedAhead;
    this.recordedAhead = null;
    const fresh = recorded !== null && recorded.edits === this.edits && recorded.cursor === JSON.stringify(this.cursor);
    this.ahead = fresh ? recorded.ahead : await db('next doses from the schedule').dosesAhead({ scheduleId: this.input.scheduleId, ...this.cursor });
    this.takeRowSettings(this.ahead.settings);
    return this.ahead.doses[0] ?? null;
  }

  /**
   * An edit whose signal never came (the API died between the row and the signal, or the
   * dev server lost it in a power cut) still applies from the next dose: the row read for
   * it is newer than any edit told. A lookup that read the row before a signalled edit is
   * older, and changes nothing.
   */
  private takeRowSettings(row: DosesAhead['settings']): void {
    if (!row || row.version <= this.settingsVersion) return;
    const { version, ...settings } = row;
    this.settings = settings;
    this.settingsVersion = version;
  }

  /** Sleeps until `at` unless paused, deleted, edited (since the dose was looked up) or answered early meanwhile. */
  async sleepUntil(at: string, summary: string): Promise<UntilDue> {
    const edits = this.editDuringLookupWakes ? this.editsAtLookup : this.edits;
    // A dose already due when looked up (after a long answer window) is due now: looking again
    // from now would pass over it unreminded and unrecorded. An edit applies from the next dose.
    const editWakes = !this.editDuringLookupWakes || msUntil(at) > 0;
    const edited = () => editWakes && this.edits !== edits;
    await condition(() => this.paused || this.deleted || edited() || this.answer !== null, msUntil(at), { summary });
    if (this.answer !== null) return 'answered';
    return this.paused || this.deleted || edited() ? 'woken' : 'due';
  }

  /** A new dose is due: it keeps the settings of this moment to the end. */
  open(dose: ScheduledDose): DueDose {
    this.pendingSettings ??= { ...this.settings };
    const due = new DueDose(dose, this.pendingSettings, () => this.deleted);
    this.due.push(due);
    this.lastOpened = dose;
    Object.assign(this.state, { nextDose: null, version: Math.max(this.state.version, dose.version) });
    this.showOpen();
    if (this.oneTaskAtDue) {
      // No search-attribute write at the due instant (at 08:00, one visibility write per due
      // dose): ops find a dose due and not yet recorded by its past NextDoseAt (README, Ops).
      this.state.phase = 'awaiting_answer';
    } else {
      this.setPhase('awaiting_answer', due.pending.escalateAt);
    }
    return due;
  }

  /** The open dose with this key, if any. */
  dueOf(doseKey: string): DueDose | undefined {
    return this.due.find((d) => d.dose.doseKey === doseKey);
  }

  private showOpen(): void {
    this.state.pendingDoses = this.due.map((d) => d.pending);
    this.state.pendingDose = this.due[0]?.pending ?? null;
  }

  /** Tells the family's open pages where the pending dose stands; names are read by the activity. */
  async announce({ dose, pending }: DueDose, status: 'due' | 'snoozed' | 'escalating'): Promise<void> {
    try {
      await live(`dose ${dose.label}: ${status}`).announceDose({
        scheduleId: this.input.scheduleId,
        doseKey: dose.doseKey,
        dueAt: dose.dueAt,
        status,
        escalationId: pending.escalationId,
        snoozes: pending.snoozes,
      });
    } catch (err) {
      // A page that missed it shows the dose from the database on its next load.
      if (!survivable(err, `live event for dose ${dose.doseKey}`)) throw err;
    }
  }

  /** Writes the outcome down; true when that dose brought the supply to its refill threshold. */
  async record(dose: ScheduledDose, outcome: DoseOutcome, answer: Answer | null): Promise<boolean> {
    const input = {
      scheduleId: this.input.scheduleId,
      doseKey: dose.doseKey,
      dueAt: dose.dueAt,
      outcome,
      by: answer?.by ?? null,
      via: answer?.via ?? null,
      reason: answer?.reason ?? null,
      at: answer?.at ?? nowIso(),
      // The last open dose (or one given early): the run goes on after the last dose opened with it (advance).
      ...(this.lookUpWithRecord && this.due.length <= 1 && { lookAhead: this.cursorAfter(this.due.length === 0 ? dose : this.lastOpened!) }),
    };
    let refillDue = false;
    const writer = this.has(RECORDED_LOCALLY) ? localDb : db;
    const edits = this.edits;
    const keep = ({ refillDue, ahead }: DoseOutcomeResult) => {
      if (ahead && input.lookAhead) this.recordedAhead = { cursor: JSON.stringify(input.lookAhead), edits, ahead };
      return refillDue;
    };
    try {
      refillDue = keep(await writer(`record dose ${dose.doseKey}: ${outcome}`).recordDoseOutcome(input));
    } catch (err) {
      // PostgreSQL refused the record for good (e.g. text it cannot store): the outcome
      // matters more than the reason, so it is written without it, and the family sees why.
      if (!survivable(err, `record of dose ${dose.doseKey}`)) throw err;
      this.problem(`The dose of ${dose.dueAt} was recorded without its reason: it could not be stored.`, failureType(err));
      try {
        refillDue = keep(await writer(`record dose ${dose.doseKey}: ${outcome}, without its reason`).recordDoseOutcome({ ...input, reason: null }));
      } catch (again) {
        if (!survivable(again, `record of dose ${dose.doseKey} without its reason`)) throw again;
        this.problem(`The dose of ${dose.dueAt} could not be recorded.`, failureType(again));
      }
    }
    this.state.counts[outcome] += 1;
    this.recordedKeys.add(dose.doseKey);
    const at = this.due.findIndex((d) => d.dose.doseKey === dose.doseKey);
    if (at >= 0) this.due.splice(at, 1);
    Object.assign(this.state, { lastOutcome: { doseKey: dose.doseKey, outcome }, nextDose: null });
    this.showOpen();
    if (this.due.length === 0) this.pendingSettings = null;
    return refillDue;
  }

  /** Where to look for the next dose: after this one, or after the latest edit (an edit never brings back a past time). */
  advance(dose: ScheduledDose): void {
    this.cursor = this.cursorAfter(dose);
    this.editedAt = null;
  }

  private cursorAfter(dose: ScheduledDose): MedicationRun['cursor'] {
    return this.editedAt && this.editedAt > dose.dueAt ? { afterUtc: this.editedAt } : { afterUtc: dose.dueAt, afterDoseKey: dose.doseKey };
  }

  /** Paused, edited or resumed: the next dose is one still ahead. */
  restartFromNow(): void {
    this.recordedAhead = null;
    const now = nowIso();
    if (now > this.cursor.afterUtc) this.cursor = { afterUtc: now };
    this.editedAt = null;
    // Until the next dose is looked up again, none can be answered early.
    this.state.nextDose = null;
  }

  scheduled(dose: ScheduledDose | null): void {
    this.state.nextDose = dose && { doseKey: dose.doseKey, dueAt: dose.dueAt };
    const nextDoseAt = { key: NextDoseAt, value: dose ? new Date(dose.dueAt) : null };
    const wakesAt = dose?.headsUpAt ?? dose?.dueAt ?? null;
    // One search-attribute write where runs before ONE_TASK_AT_DUE made two.
    if (this.oneTaskAtDue) return this.setPhase('scheduled', wakesAt, [nextDoseAt]);
    upsertSearchAttributes([nextDoseAt]);
    this.setPhase('scheduled', wakesAt);
  }

  /** Something went wrong for good and the schedule went on without it: the medication's page shows it. */
  problem(message: string, type: string): void {
    this.state.problem = { at: nowIso(), message, type };
  }

  /** CareState and NextDueAt (when the workflow next wakes by itself), so ops can find "what fires soon"; `also` joins the same write. */
  setPhase(phase: MedicationPhase, nextDueAt: string | null = null, also: SearchAttributeUpdatePair[] = []): void {
    this.state.phase = phase;
    this.progress(nextDueAt, also);
  }

  progress(nextDueAt: string | null, also: SearchAttributeUpdatePair[] = []): void {
    upsertSearchAttributes([
      ...also,
      { key: CareState, value: this.state.phase },
      { key: NextDueAt, value: nextDueAt ? new Date(nextDueAt) : null },
    ]);
  }

  /** How long a dose whose chain was acknowledged may stay open when no next dose will come. */
  static readonly LAST_DOSE_OPEN_MS = DAY_MS;
}
