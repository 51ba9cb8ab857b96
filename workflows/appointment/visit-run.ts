import { ApplicationFailure, condition, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import type { VisitSettings } from '../../activities/appointments/types';
import { CareState, NextDueAt } from '../../temporal/search-attributes';
import { msUntil, workflowNow } from '../clock';
import { failureType, survivable } from '../failures';
import { db } from './appointment-activities';
import {
  cancelOccurrenceSignal,
  CHECK_IN_TOO_EARLY,
  checkInOpensAt,
  checkInUpdate,
  NO_SUCH_LEG,
  NOT_DONE_YET,
  NOT_YOUR_RIDE,
  occurrenceChangedSignal,
  RIDE_TAKEN,
  SUMMARY_ALREADY_SUBMITTED,
  submitSummaryUpdate,
  VISIT_CLOSED,
  VISIT_OPENING,
  visitStateQuery,
  volunteerRideUpdate,
  withdrawRideUpdate,
  type AppointmentVisitInput,
  type VisitState,
} from './messages';

export const nowIso = () => new Date(workflowNow()).toISOString();

/**
 * One visit's state and the messages it accepts. Every answer changes the state before
 * its first await (two volunteers at the same moment: the validator of the second already
 * sees the leg taken); the stories (appointment-visit.ts, ride.ts, visit-clock.ts) notice
 * and act. `changes` counts everything a sleeping story may need to look at again.
 */
export class VisitRun {
  readonly state: VisitState;
  settings: VisitSettings = { reminderLeads: [], rideLegs: [], rideDeadlineHours: 48, travelMinutes: 30 };
  /** Its settings (legs, reminders) are read: until then an answer could be judged against none. */
  opened = false;
  cancelled = false;
  cancelledBy: string | null = null;
  /** The occurrence that took over this visit and its rides (an edit replaced it). */
  movedTo: { seriesId: string; occurrenceKey: string } | null = null;
  /** Over by itself: summary in, no-show, or the summary window passed. */
  finished = false;
  /** When the current instants became known (opened or moved): steps due before that are skipped. */
  timingKnownAt = nowIso();
  changes = 0;
  /** Bumped when a ride leg is given back: the family is asked again. */
  reopenings = 0;

  constructor(readonly input: AppointmentVisitInput) {
    this.state = {
      phase: 'scheduled',
      occurrenceKey: input.occurrenceKey,
      startUtc: input.startUtc,
      endUtc: input.endUtc,
      rides: [],
      checkIns: [],
      summarySubmitted: false,
      rideEscalationId: null,
      noRide: false,
      remindersSent: [],
    };
  }

  get closed(): boolean {
    return this.cancelled || this.finished;
  }

  get key() {
    return { seriesId: this.input.seriesId, occurrenceKey: this.input.occurrenceKey, familyId: this.input.familyId };
  }

  ridesFilled(): boolean {
    return this.state.rides.every((r) => r.userId !== null);
  }

  companions(): string[] {
    return [...new Set(this.state.rides.flatMap((r) => (r.userId ? [r.userId] : [])))];
  }

  checkedIn(kind: 'done' | 'no_show'): boolean {
    return this.state.checkIns.some((c) => c.kind === kind);
  }

  changed(): void {
    this.changes += 1;
    this.refreshPhase();
  }

  listen(): void {
    setHandler(visitStateQuery, () => this.state);
    setHandler(occurrenceChangedSignal, ({ startUtc, endUtc }) => {
      Object.assign(this.state, { startUtc, endUtc });
      this.timingKnownAt = nowIso();
      this.changed();
    });
    setHandler(cancelOccurrenceSignal, ({ by, movedTo }) => {
      this.cancelledBy = by ?? null;
      this.movedTo = movedTo ?? null;
      this.cancelled = true;
      this.changed();
    });
    this.listenForRides();
    this.listenForTheDay();
  }

  private listenForRides(): void {
    setHandler(
      volunteerRideUpdate,
      async ({ userId, leg, travelMinutes }) => {
        const seat = this.state.rides.find((r) => r.leg === leg)!;
        if (seat.userId === userId) return this.state;
        Object.assign(seat, { userId, travelMinutes: travelMinutes ?? null, acceptedAt: nowIso() });
        this.changed();
        await this.write(`ride ${leg} taken`, () => db(`record ride ${leg}`).recordRide({ ...this.key, leg, userId, travelMinutes: seat.travelMinutes, at: seat.acceptedAt! }));
        return this.state;
      },
      {
        validator: ({ leg, userId }) => {
          this.refuseUnlessOpen();
          const seat = this.state.rides.find((r) => r.leg === leg);
          if (!seat) throw ApplicationFailure.create({ message: `This visit needs no ${leg} ride.`, type: NO_SUCH_LEG });
          if (seat.userId !== null && seat.userId !== userId) throw ApplicationFailure.create({ message: 'Someone else already took this ride.', type: RIDE_TAKEN });
        },
      },
    );
    setHandler(
      withdrawRideUpdate,
      async ({ leg, userId }) => {
        const seat = this.state.rides.find((r) => r.leg === leg)!;
        Object.assign(seat, { userId: null, travelMinutes: null, acceptedAt: null });
        this.reopenings += 1;
        this.changed();
        await this.write(`ride ${leg} given back`, () => db(`record ride ${leg} withdrawn`).recordRide({ ...this.key, leg, userId: null, withdrawnBy: userId, travelMinutes: null, at: nowIso() }));
        return this.state;
      },
      {
        validator: ({ leg, userId }) => {
          this.refuseUnlessOpen();
          if (this.state.rides.find((r) => r.leg === leg)?.userId !== userId) throw ApplicationFailure.create({ message: 'You are not driving this leg.', type: NOT_YOUR_RIDE });
        },
      },
    );
  }

  private listenForTheDay(): void {
    setHandler(
      checkInUpdate,
      async ({ userId, kind }) => {
        const at = nowIso();
        this.state.checkIns.push({ userId, kind, at });
        this.changed();
        await this.write(`check-in ${kind}`, () => db(`record check-in ${kind}`).recordCheckIn({ ...this.key, userId, kind, at }));
        return this.state;
      },
      {
        validator: ({ kind }) => {
          this.refuseUnlessOpen();
          // A tap days early would mark a visit under way or done before it happened. Refusing leaves no trace in history (no patch).
          const opensAt = checkInOpensAt(kind, this.state.startUtc);
          if (workflowNow() < Date.parse(opensAt)) {
            const message = kind === 'on_the_way' || kind === 'arrived' ? 'Too early: “On the way” and “Arrived” open 6 hours before the visit starts.' : 'Too early: “Done” and “No-show” open when the visit starts.';
            throw ApplicationFailure.create({ message, type: CHECK_IN_TOO_EARLY, details: [opensAt] });
          }
        },
      },
    );
    setHandler(
      submitSummaryUpdate,
      async ({ userId, notes, followUps, nextAppointmentSuggestion }) => {
        this.state.summarySubmitted = true;
        try {
          await db('record visit summary').recordSummary({ ...this.key, userId, notes, followUps, nextAppointmentSuggestion, at: nowIso() });
        } catch (err) {
          // The family must know the summary was not kept: the update fails and they can send it again.
          this.state.summarySubmitted = false;
          if (!survivable(err, 'visit summary')) throw err;
          throw ApplicationFailure.create({ message: 'The summary could not be stored.', type: failureType(err), nonRetryable: true });
        }
        this.changed();
        return this.state;
      },
      {
        validator: (_summary: unknown) => {
          this.refuseUnlessOpen();
          if (!this.checkedIn('done')) throw ApplicationFailure.create({ message: 'The visit is not marked done yet.', type: NOT_DONE_YET });
          if (this.state.summarySubmitted) throw ApplicationFailure.create({ message: 'A summary was already submitted.', type: SUMMARY_ALREADY_SUBMITTED });
        },
      },
    );
  }

  private refuseUnlessOpen(): void {
    if (this.closed) throw ApplicationFailure.create({ message: 'This visit is over or cancelled.', type: VISIT_CLOSED });
    // A validator that only rejects leaves no trace in history, so this needs no patch.
    if (!this.opened) throw ApplicationFailure.create({ message: 'This visit is still opening: try again in a moment.', type: VISIT_OPENING });
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
  async sleepUntil(at: string, summary: string, also: () => boolean = () => false): Promise<boolean> {
    const changes = this.changes;
    return condition(() => this.changes !== changes || also(), msUntil(at), { summary });
  }

  refreshPhase(nextDueAt?: string | null): void {
    const s = this.state;
    const kinds = new Set(s.checkIns.map((c) => c.kind));
    s.phase = this.cancelled
      ? 'cancelled'
      : kinds.has('no_show')
        ? 'no_show'
        : kinds.has('done')
          ? 'done'
          : kinds.size > 0
            ? 'under_way'
            : s.rides.length === 0
              ? 'scheduled'
              : this.ridesFilled()
                ? 'ride_filled'
                : 'ride_open';
    upsertSearchAttributes([{ key: CareState, value: s.phase }, ...(nextDueAt !== undefined ? [{ key: NextDueAt, value: nextDueAt ? new Date(nextDueAt) : null }] : [])]);
  }
}
