import { ApplicationFailure, condition, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { ShiftSettings } from '../../activities/shifts/types';
import { CareState, NextDueAt } from '../../temporal/search-attributes';
import { msUntil, workflowNow } from '../clock';
import { failureType, survivable } from '../failures';
import { listenForSwaps } from './swap-handlers';
import {
  acceptShiftUpdate,
  ALREADY_CHECKED_IN,
  cancelShiftSignal,
  checkInUpdate,
  checkOutUpdate,
  declineShiftUpdate,
  HANDOFF_NOTE_REQUIRED,
  NOT_CHECKED_IN,
  NOT_YOUR_SHIFT,
  SHIFT_CLOSED,
  SHIFT_OPENING,
  SHIFT_STARTED,
  SHIFT_TAKEN,
  shiftChangedSignal,
  shiftStateQuery,
  type CareShiftInput,
  type ShiftPhase,
  type ShiftState,
} from './messages';
import { db } from './shift-activities';

export const nowIso = () => new Date(workflowNow()).toISOString();
const fail = (message: string, type: string) => ApplicationFailure.create({ message, type });

/**
 * One shift's state and the answers it accepts. Every answer changes the state before its
 * first await (two people accepting at the same moment: the validator of the second
 * already sees the shift taken); the story (care-shift.ts, shift-clock.ts) notices and acts.
 */
export class ShiftRun {
  readonly state: ShiftState;
  settings: Pick<ShiftSettings, 'reminderLeads' | 'dayEndUtc' | 'lateLadderMs'> = { reminderLeads: [], dayEndUtc: '' };
  cancelled = false;
  cancelledBy: string | null = null;
  /** Nobody came by the end: the shift was missed. */
  missed = false;
  /** When the current instants and assignee became known: steps due before that are skipped. */
  timingKnownAt = nowIso();
  /** When the shift became open (uncovered): the offer to everyone waits from here. */
  openedAt: string | null = null;
  changes = 0;
  /** Bumped by `shiftChanged`: the row must be read again. */
  rowEdits = 0;
  /** The swap news last told (requester / state / taker), so each is told once. */
  swapTold = '';

  constructor(readonly input: CareShiftInput) {
    this.state = {
      phase: 'scheduled',
      shiftId: input.shiftId,
      startUtc: '',
      endUtc: '',
      assigneeId: null,
      backupIds: [],
      open: false,
      offeredTo: null,
      swap: null,
      checkIn: null,
      checkOut: null,
      autoClosed: false,
      late: [],
      escalationId: null,
      remindersSent: [],
    };
  }

  get key() {
    return { shiftId: this.input.shiftId, familyId: this.input.familyId };
  }

  get closed(): boolean {
    return this.cancelled || this.missed || this.state.checkOut !== null;
  }

  begun(): boolean {
    return this.state.startUtc !== '' && msUntil(this.state.startUtc) === 0;
  }

  /** The row as read (opened, or re-read after `shiftChanged`): instants, people, reminders. */
  applySettings(s: ShiftSettings): void {
    Object.assign(this.state, { startUtc: s.startUtc, endUtc: s.endUtc, assigneeId: s.assigneeId, backupIds: s.backupIds });
    this.settings = { reminderLeads: s.reminderLeads, dayEndUtc: s.dayEndUtc, ...(s.lateLadderMs ? { lateLadderMs: s.lateLadderMs } : {}) };
    this.timingKnownAt = nowIso();
    this.setOpen(s.assigneeId === null);
    this.changed();
  }

  setOpen(open: boolean): void {
    if (open && !this.state.open) this.openedAt = nowIso();
    if (!open) this.state.offeredTo = null;
    this.state.open = open;
  }

  changed(): void {
    this.changes += 1;
    this.refreshPhase();
  }

  listen(): void {
    setHandler(shiftStateQuery, () => this.state);
    setHandler(shiftChangedSignal, () => {
      this.rowEdits += 1;
      this.changed();
    });
    setHandler(cancelShiftSignal, ({ by }) => {
      this.cancelledBy = by ?? null;
      this.cancelled = true;
      this.changed();
    });
    this.listenForCover();
    this.listenForTheShift();
    listenForSwaps(this);
  }

  private listenForCover(): void {
    setHandler(
      acceptShiftUpdate,
      async ({ userId }) => {
        if (this.state.assigneeId === userId && !this.state.open) return this.state;
        this.state.assigneeId = userId;
        this.setOpen(false);
        this.changed();
        await this.write('acceptance', () => db('record who took the shift').assignShift({ ...this.key, assigneeId: userId, state: this.state.phase }));
        return this.state;
      },
      {
        validator: ({ userId }) => {
          this.refuseUnlessReady();
          if (!this.state.open && this.state.assigneeId !== userId) throw fail('Someone else already took this shift.', SHIFT_TAKEN);
        },
      },
    );
    setHandler(
      declineShiftUpdate,
      async () => {
        this.state.assigneeId = null;
        if (this.state.swap?.state === 'open') this.state.swap.state = 'closed';
        this.setOpen(true);
        this.changed();
        await this.write('decline', () => db('record the decline').assignShift({ ...this.key, assigneeId: null, state: 'uncovered' }));
        return this.state;
      },
      {
        validator: ({ userId }) => {
          this.refuseUnlessReady();
          if (this.state.assigneeId !== userId) throw fail('This shift is not yours.', NOT_YOUR_SHIFT);
          if (this.state.checkIn) throw fail('You already checked in.', SHIFT_STARTED);
        },
      },
    );
  }

  private listenForTheShift(): void {
    setHandler(
      checkInUpdate,
      async ({ userId, via, location }) => {
        const at = nowIso();
        this.state.checkIn = { userId, at, via, farFromHome: false };
        this.setOpen(false);
        this.changed();
        try {
          const { farFromHome } = await db('record the check-in').recordShiftCheckIn({ ...this.key, userId, via, at, location: location ?? null });
          this.state.checkIn.farFromHome = farFromHome;
        } catch (err) {
          if (!survivable(err, 'shift check-in')) throw err;
          this.problem('The check-in could not be recorded.', failureType(err));
        }
        return this.state;
      },
      {
        validator: ({ userId }) => {
          this.refuseUnlessReady();
          if (this.state.checkIn) throw fail('Already checked in.', ALREADY_CHECKED_IN);
          if (this.state.assigneeId !== userId) throw fail(this.state.open ? 'Accept the shift first.' : 'This shift is not yours.', NOT_YOUR_SHIFT);
        },
      },
    );
    setHandler(
      checkOutUpdate,
      async ({ userId, via, handoffNote, tasksDone }) => {
        const at = nowIso();
        this.state.checkOut = { userId, at, via };
        try {
          await db('record the check-out and handoff note').recordShiftCheckOut({ ...this.key, userId, via, at, handoffNote: handoffNote.trim(), tasksDone });
        } catch (err) {
          // The next shift must get the note: the check-out fails and can be sent again.
          this.state.checkOut = null;
          if (!survivable(err, 'shift check-out')) throw err;
          throw ApplicationFailure.create({ message: 'The check-out could not be stored.', type: failureType(err), nonRetryable: true });
        }
        this.changed();
        return this.state;
      },
      {
        validator: ({ userId, handoffNote }) => {
          this.refuseUnlessReady();
          if (!this.state.checkIn) throw fail('Check in first.', NOT_CHECKED_IN);
          if (this.state.checkIn.userId !== userId) throw fail('Someone else is on this shift.', NOT_YOUR_SHIFT);
          if (typeof handoffNote !== 'string' || handoffNote.trim() === '') throw fail('A handoff note for the next person is required.', HANDOFF_NOTE_REQUIRED);
        },
      },
    );
  }

  /** Every answer's first check: a closed shift takes none, and one not yet read from its row cannot judge who may answer. */
  refuseUnlessReady(): void {
    if (this.closed) throw fail('This shift is over or cancelled.', SHIFT_CLOSED);
    if (this.state.startUtc === '') throw fail('This shift is still opening: try again in a moment.', SHIFT_OPENING);
  }

  /** A record that failed for good: the state (and the answer) stand, the family sees the problem. */
  async write(what: string, call: () => Promise<void>): Promise<void> {
    try {
      await call();
    } catch (err) {
      if (!survivable(err, what)) throw err;
      this.problem(`The ${what} could not be recorded.`, failureType(err));
    }
  }

  problem(message: string, type: string): void {
    this.state.problem = { at: nowIso(), message, type };
  }

  /** Sleeps until `at` unless anything changes meanwhile; true when woken by a change. */
  async sleepUntil(at: string, summary: string): Promise<boolean> {
    const changes = this.changes;
    return condition(() => this.changes !== changes, msUntil(at), { summary });
  }

  phaseNow(): ShiftPhase {
    const s = this.state;
    if (this.cancelled) return 'cancelled';
    if (s.checkOut) return 'done';
    if (s.checkIn) return 'on_shift';
    if (this.missed || s.assigneeId === null) return 'uncovered';
    return s.late.length > 0 ? 'late' : 'scheduled';
  }

  refreshPhase(nextDueAt?: string | null): void {
    this.state.phase = this.phaseNow();
    upsertSearchAttributes([{ key: CareState, value: this.state.phase }, ...(nextDueAt !== undefined ? [{ key: NextDueAt, value: nextDueAt ? new Date(nextDueAt) : null }] : [])]);
  }
}
