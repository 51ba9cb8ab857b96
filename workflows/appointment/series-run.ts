import {
  condition,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  patched,
  ParentClosePolicy,
  setHandler,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { PlannedOccurrence, SeriesPlan } from '../../activities/appointments/types';
import { CareKind, CareRecipientId, CareState, FamilyId, NextDueAt } from '../../temporal/search-attributes';
import { msUntil, workflowNow } from '../clock';
import { db } from './appointment-activities';
import { appointmentVisit, CARRIED_RIDES_PATCH } from './appointment-visit';
import { SUMMARY_WINDOW_MS } from './visit-clock';
import {
  appointmentVisitWorkflowId,
  cancelOccurrenceSignal,
  deleteSeriesSignal,
  occurrenceChangedSignal,
  seriesChangedSignal,
  seriesStateQuery,
  type AppointmentSeriesInput,
  type SeriesPhase,
  type SeriesState,
  type StartedVisit,
} from './messages';

/**
 * A visit's workflow is over by this long after its end (its summary window closes): the
 * series stays until then, so a delete still reaches every visit, and ends only after its last one.
 */
export const VISIT_OVER_MS = SUMMARY_WINDOW_MS + 3_600_000;
const DEFAULT_VISITS_PER_RUN = 50;
/** A round counts the edits from before its plan, so one landing during the plan is not slept through. */
export const EDITS_SEEN_BEFORE_PLAN_PATCH = 'appointment-series-edits-seen-before-plan';
/** How long a deleted series waits for the visits it cancelled to close. */
export const CANCELLED_VISITS_CLOSE_MS = 60_000;

/**
 * The series' state and the messages it accepts. Edits and the delete only set flags;
 * the story (appointment-series.ts) notices them, re-reads the rows and acts.
 */
export class SeriesRun {
  readonly state: SeriesState;
  deleted = false;
  /** Who deleted or last edited: a cancelled visit tells its companion (an id, never a name). */
  by: string | null = null;
  edits = 0;
  visitsThisRun = 0;
  /** A new series' first plan looks from its start; later ones, and a continued run's, from now. */
  private fromStart: boolean;

  constructor(readonly input: AppointmentSeriesInput) {
    const carry = input.carry;
    this.fromStart = !carry;
    this.state = { phase: 'scheduled', version: carry?.version ?? 0, started: carry?.started ?? [], visitsStarted: carry?.visitsStarted ?? 0, nextOpenAt: null };
  }

  listen(): void {
    setHandler(seriesStateQuery, () => this.state);
    setHandler(seriesChangedSignal, ({ version, by }) => {
      this.state.version = Math.max(this.state.version, version);
      this.by = by ?? null;
      this.edits += 1;
    });
    setHandler(deleteSeriesSignal, ({ by }) => {
      this.by = by ?? null;
      this.deleted = true;
    });
  }

  /** The occurrences as the rows say now: visits to open, and where the running ones stand. */
  plan(): Promise<SeriesPlan> {
    const now = new Date(workflowNow()).toISOString();
    // Not from this task's time: a worker busy when the first visit began would skip it silently.
    const fromUtc = this.fromStart ? workflowInfo().startTime.toISOString() : now;
    this.fromStart = false;
    const startedKeys = this.upcoming().map((v) => v.key);
    return db('which visits open, and where running ones stand').appointmentPlan({ seriesId: this.input.seriesId, fromUtc, openBy: now, startedKeys });
  }

  /** Started visits that have not begun: the ones an edit can still move or cancel. */
  private upcoming(): StartedVisit[] {
    return this.state.started.filter((v) => msUntil(v.startUtc) > 0);
  }

  /** Tells each running visit that has not begun its new instants, or that it no longer happens. */
  async applyChanges(plan: SeriesPlan): Promise<void> {
    const now = new Map(plan.started.map((o) => [o.key, o]));
    const replaced = patched(CARRIED_RIDES_PATCH) ? (plan.replaced ?? []) : [];
    for (const visit of this.upcoming()) {
      const current = now.get(visit.key);
      if (!current || current.status === 'cancelled') {
        const movedTo = current ? undefined : replaced.find((r) => r.key === visit.key)?.by;
        await this.tellVisit(visit.key, (h) => h.signal(cancelOccurrenceSignal, movedTo ? { by: this.by, movedTo } : { by: this.by }), movedTo ? 'replaced' : 'cancelled');
        this.forget(visit.key);
      } else if (current.startUtc !== visit.startUtc || current.endUtc !== visit.endUtc) {
        await this.tellVisit(visit.key, (h) => h.signal(occurrenceChangedSignal, { startUtc: current.startUtc, endUtc: current.endUtc }), 'moved');
        Object.assign(visit, { startUtc: current.startUtc, endUtc: current.endUtc });
      }
    }
  }

  /**
   * Starts the occurrence's own workflow. ABANDON: it must outlive this run, which
   * continues as new while visits are still waiting for their day.
   */
  async openVisit(o: PlannedOccurrence): Promise<void> {
    if (this.state.started.some((v) => v.key === o.key)) return;
    const { seriesId, familyId, careRecipientId } = this.input;
    try {
      await startChild(appointmentVisit, {
        workflowId: appointmentVisitWorkflowId(seriesId, o.key),
        args: [{ seriesId, familyId, careRecipientId, occurrenceKey: o.key, startUtc: o.startUtc, endUtc: o.endUtc }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        typedSearchAttributes: [
          { key: FamilyId, value: familyId },
          { key: CareRecipientId, value: careRecipientId },
          { key: CareKind, value: 'appointment-visit' },
          { key: CareState, value: 'scheduled' },
        ],
        staticSummary: `Appointment visit ${o.key}: reminders, ride, check-in`,
      });
    } catch (err) {
      // Opened by an earlier run whose carry did not reach us: it is running, which is all we wanted.
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    this.state.started.push({ key: o.key, startUtc: o.startUtc, endUtc: o.endUtc });
    this.state.visitsStarted += 1;
    this.visitsThisRun += 1;
  }

  /** The series was deleted: every visit that has not ended is cancelled (one already behind us keeps its check-ins and summary). */
  async cancelAll(): Promise<void> {
    for (const visit of [...this.state.started]) {
      if (msUntil(visit.endUtc) === 0) continue;
      await this.tellVisit(visit.key, (h) => h.signal(cancelOccurrenceSignal, { by: this.by }), 'cancelled');
    }
    this.state.started = [];
  }

  /** Visits long over need no more news from the series. */
  forgetFinished(): void {
    this.state.started = this.state.started.filter((v) => msUntil(new Date(Date.parse(v.endUtc) + VISIT_OVER_MS).toISOString()) > 0);
  }

  /** When the last running visit is over, or null when none is running. */
  lastVisitOverAt(): string | null {
    const ends = this.state.started.map((v) => Date.parse(v.endUtc) + VISIT_OVER_MS);
    return ends.length ? new Date(Math.max(...ends)).toISOString() : null;
  }

  /**
   * Sleeps until `at` unless the series is edited or deleted meanwhile; true when woken by one.
   * `seen`: the edit count before this round's plan. An edit that came while the plan, the
   * changes or the openings were awaited was not in that plan: we go round again at once.
   * Null for histories from before EDITS_SEEN_BEFORE_PLAN_PATCH, which counted from here.
   */
  async sleepUntil(at: string, summary: string, seen: number | null = null): Promise<boolean> {
    if (seen !== null && (this.deleted || this.edits !== seen)) return true;
    const edits = seen ?? this.edits;
    return condition(() => this.deleted || this.edits !== edits, msUntil(at), { summary });
  }

  /** The edit count as a round begins (see sleepUntil); null when replaying a history from before the patch. */
  editsBeforePlan(): number | null {
    return patched(EDITS_SEEN_BEFORE_PLAN_PATCH) ? this.edits : null;
  }

  wantsFreshHistory(suggested: boolean): boolean {
    return suggested || this.visitsThisRun >= (this.input.visitsPerRun ?? DEFAULT_VISITS_PER_RUN);
  }

  carry(): AppointmentSeriesInput {
    return { ...this.input, carry: { version: this.state.version, started: this.state.started, visitsStarted: this.state.visitsStarted } };
  }

  private forget(key: string): void {
    this.state.started = this.state.started.filter((v) => v.key !== key);
  }

  /** A visit that already finished (or never opened) has nobody to tell: logged, not an error. */
  private async tellVisit(key: string, signal: (h: ReturnType<typeof getExternalWorkflowHandle>) => Promise<void>, what: string): Promise<void> {
    try {
      await signal(getExternalWorkflowHandle(appointmentVisitWorkflowId(this.input.seriesId, key)));
    } catch (err) {
      if (isCancellation(err)) throw err;
      log.warn(`visit ${key} of series ${this.input.seriesId} could not be told it was ${what}: it is no longer running`);
    }
  }

  setPhase(phase: SeriesPhase, nextDueAt: string | null): void {
    this.state.phase = phase;
    this.state.nextOpenAt = nextDueAt;
    upsertSearchAttributes([
      { key: CareState, value: phase },
      { key: NextDueAt, value: nextDueAt ? new Date(nextDueAt) : null },
    ]);
  }
}
