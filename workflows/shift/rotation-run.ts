import { condition, getExternalWorkflowHandle, isCancellation, log, ParentClosePolicy, setHandler, startChild, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { PlannedShift, RotationPlan } from '../../activities/shifts/types';
import { CareKind, CareRecipientId, CareState, FamilyId, NextDueAt } from '../../temporal/search-attributes';
import { msUntil, workflowNow } from '../clock';
import { careShift } from './care-shift';
import {
  cancelShiftSignal,
  careShiftWorkflowId,
  deleteRotationSignal,
  rotationChangedSignal,
  rotationStateQuery,
  shiftChangedSignal,
  type RotationPhase,
  type RotationState,
  type ShiftRotationInput,
  type StartedShift,
} from './messages';
import { db } from './shift-activities';

/** A shift's workflow is over by the end of its local day (auto close); a day after its end is a safe bound. */
const SHIFT_OVER_MS = 2 * 86_400_000;
const DEFAULT_SHIFTS_PER_RUN = 60;

/**
 * The rotation's state and the messages it accepts. Edits and the delete only set flags;
 * the story (shift-rotation.ts) notices them, re-plans and acts.
 */
export class RotationRun {
  readonly state: RotationState;
  deleted = false;
  by: string | null = null;
  edits = 0;
  shiftsThisRun = 0;
  /** A new rotation's first plan looks from its start; later ones, and a continued run's, from now. */
  private fromStart: boolean;

  constructor(readonly input: ShiftRotationInput) {
    const c = input.carry;
    this.fromStart = !c;
    this.state = { phase: 'scheduled', version: c?.version ?? 0, started: c?.started ?? [], shiftsStarted: c?.shiftsStarted ?? 0, runs: (c?.runs ?? 0) + 1, nextOpenAt: null };
  }

  listen(): void {
    setHandler(rotationStateQuery, () => this.state);
    setHandler(rotationChangedSignal, ({ version, by }) => {
      this.state.version = Math.max(this.state.version, version);
      this.by = by ?? null;
      this.edits += 1;
    });
    setHandler(deleteRotationSignal, ({ by }) => {
      this.by = by ?? null;
      this.deleted = true;
    });
  }

  /** The activity keeps the horizon's rows in step with the rotation and says which shifts open now. */
  plan(): Promise<RotationPlan> {
    const nowUtc = new Date(workflowNow()).toISOString();
    // Not from this task's time: a worker busy when the first shift began would skip it silently.
    const fromUtc = this.fromStart ? workflowInfo().startTime.toISOString() : undefined;
    this.fromStart = false;
    return db('keep the horizon in step, and which shifts open').rotationPlan({ rotationId: this.input.rotationId, nowUtc, ...(fromUtc ? { fromUtc } : {}), startedIds: this.upcoming().map((s) => s.shiftId) });
  }

  /** Started shifts that have not begun: the ones an edit can still change. */
  private upcoming(): StartedShift[] {
    return this.state.started.filter((s) => msUntil(s.startUtc) > 0);
  }

  /** Tells each running shift not yet begun that its row changed, or that it no longer happens. */
  async applyChanges(plan: RotationPlan): Promise<void> {
    const now = new Map(plan.started.map((p) => [p.shiftId, p]));
    for (const shift of this.upcoming()) {
      const current = now.get(shift.shiftId);
      if (!current || current.state === 'cancelled') {
        await this.tell(shift.shiftId, (h) => h.signal(cancelShiftSignal, { by: this.by }), 'cancelled');
        this.state.started = this.state.started.filter((s) => s.shiftId !== shift.shiftId);
      } else if (current.startUtc !== shift.startUtc || current.endUtc !== shift.endUtc || current.assigneeId !== shift.assigneeId) {
        await this.tell(shift.shiftId, (h) => h.signal(shiftChangedSignal, { by: this.by }), 'changed');
        Object.assign(shift, { startUtc: current.startUtc, endUtc: current.endUtc, assigneeId: current.assigneeId });
      }
    }
  }

  /** Starts the shift's own workflow. ABANDON: it must outlive this run, which continues as new while shifts wait. */
  async openShift(p: PlannedShift): Promise<void> {
    if (this.state.started.some((s) => s.shiftId === p.shiftId)) return;
    const { familyId, careRecipientId } = this.input;
    try {
      await startChild(careShift, {
        workflowId: careShiftWorkflowId(p.shiftId),
        args: [{ shiftId: p.shiftId, familyId, careRecipientId }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        typedSearchAttributes: [
          { key: FamilyId, value: familyId },
          { key: CareRecipientId, value: careRecipientId },
          { key: CareKind, value: 'shift' },
          { key: CareState, value: 'scheduled' },
        ],
        staticSummary: `Care shift ${p.shiftId} of rotation ${this.input.rotationId}`,
      });
    } catch (err) {
      // Opened by an earlier run whose carry did not reach us: it is running, which is all we wanted.
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
    this.state.started.push({ shiftId: p.shiftId, startUtc: p.startUtc, endUtc: p.endUtc, assigneeId: p.assigneeId });
    this.state.shiftsStarted += 1;
    this.shiftsThisRun += 1;
  }

  /** Deleted: every started shift not yet begun is cancelled (begun ones are history). */
  async cancelUpcoming(): Promise<void> {
    for (const shift of this.upcoming()) await this.tell(shift.shiftId, (h) => h.signal(cancelShiftSignal, { by: this.by }), 'cancelled');
    this.state.started = [];
  }

  forgetFinished(): void {
    this.state.started = this.state.started.filter((s) => msUntil(new Date(Date.parse(s.endUtc) + SHIFT_OVER_MS).toISOString()) > 0);
  }

  lastShiftOverAt(): string | null {
    const ends = this.state.started.map((s) => Date.parse(s.endUtc) + SHIFT_OVER_MS);
    return ends.length ? new Date(Math.max(...ends)).toISOString() : null;
  }

  async sleepUntil(at: string, summary: string): Promise<boolean> {
    const edits = this.edits;
    return condition(() => this.deleted || this.edits !== edits, msUntil(at), { summary });
  }

  wantsFreshHistory(suggested: boolean): boolean {
    return suggested || this.shiftsThisRun >= (this.input.shiftsPerRun ?? DEFAULT_SHIFTS_PER_RUN);
  }

  carry(): ShiftRotationInput {
    const { version, started, shiftsStarted, runs } = this.state;
    return { ...this.input, carry: { version, started, shiftsStarted, runs } };
  }

  private async tell(shiftId: string, signal: (h: ReturnType<typeof getExternalWorkflowHandle>) => Promise<void>, what: string): Promise<void> {
    try {
      await signal(getExternalWorkflowHandle(careShiftWorkflowId(shiftId)));
    } catch (err) {
      if (isCancellation(err)) throw err;
      log.warn(`shift ${shiftId} of rotation ${this.input.rotationId} could not be told it was ${what}: it is no longer running`);
    }
  }

  setPhase(phase: RotationPhase, nextDueAt: string | null): void {
    this.state.phase = phase;
    this.state.nextOpenAt = nextDueAt;
    upsertSearchAttributes([
      { key: CareState, value: phase },
      { key: NextDueAt, value: nextDueAt ? new Date(nextDueAt) : null },
    ]);
  }
}
