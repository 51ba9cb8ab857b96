import {
  ApplicationFailure,
  CancellationScope,
  condition,
  isCancellation,
  patched,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { Activities } from '../../activities';
import type { AnswerVia } from '../../api/contracts/notifications';
import type { EscalationRowAnswer, PolicySnapshot, RecordedEvent, TimelineEventInput } from '../../activities/escalation/types';
import { CareState, EscalationLevel, NextDueAt } from '../../temporal/search-attributes';
import { msUntil, workflowNow } from '../clock';
import { notifyPerson, planContacts, type DeliveryActivities, type NotifyOptions } from './notify-person';
import { recordTimelineEvent, type RecordActivities } from './timeline-record';
import {
  ALREADY_FINISHED,
  EXTERNAL_CLAIM_MINUTES,
  NOT_A_MEMBER,
  acknowledgeUpdate,
  claimUpdate,
  escalationStateQuery,
  externalAnswerSignal,
  resolveUpdate,
  taskDoneSignal,
  type EscalationInput,
  type EscalationOutcome,
  type EscalationState,
} from './messages';

export { openEscalation, type RecordActivities } from './timeline-record';

// Compile-time check that the worker registers every activity this workflow calls, with these shapes.
type Registered<T extends RecordActivities & DeliveryActivities> = T;
export type EscalationActivitiesRegistered = Registered<Activities>;

/** What a long emergency carries into its next run (continue-as-new). */
export interface EscalationCarry {
  policy: PolicySnapshot;
  nextRound: number;
  state: EscalationState;
  claims: number;
}

type Event = Omit<TimelineEventInput, 'escalationId' | 'familyId'>;
export interface Where {
  round: number;
  step: number;
}
const CARRIED_DELIVERIES = 50;

/**
 * Record writes became non-cancellable. Runs that started before cancelled a write in
 * flight when an answer stopped the step, and their histories hold that cancel request:
 * they keep the cancellable write so they still replay.
 */
export const RECORD_NOT_CANCELLABLE = 'record-not-cancellable';

/**
 * The escalation's state and the answers it accepts. Answers change the state at once
 * (so the chain stops in the same workflow task); writing them down follows.
 */
export class EscalationRun {
  readonly state: EscalationState;
  policy: PolicySnapshot | null;
  private claims: number;

  constructor(
    readonly input: EscalationInput,
    carry?: EscalationCarry,
  ) {
    this.policy = carry?.policy ?? null;
    this.claims = carry?.claims ?? 0;
    this.state = carry?.state ?? { phase: 'active', round: 0, step: 0, answeredBy: null, answeredVia: null, claimUntil: null, deliveries: [] };
  }

  get open(): boolean {
    return this.state.phase === 'active' || this.state.phase === 'claimed';
  }

  carry(nextRound: number): EscalationCarry {
    const state = { ...this.state, deliveries: this.state.deliveries.slice(-CARRIED_DELIVERIES) };
    return { policy: this.policy!, nextRound, state, claims: this.claims };
  }

  /** Registered before anything else, so no answer arriving early finds no handler. */
  listen(): void {
    setHandler(escalationStateQuery, () => this.state);
    setHandler(
      acknowledgeUpdate,
      async ({ userId, via }) => {
        await this.checked(userId);
        await this.acknowledge(userId, via);
        return this.state;
      },
      { validator: ({ userId }) => this.validate(userId) },
    );
    setHandler(
      claimUpdate,
      async ({ userId, via, minutes }) => {
        await this.checked(userId);
        await this.claim(userId, via, minutes);
        return this.state;
      },
      {
        validator: ({ userId, minutes }) => {
          this.validate(userId);
          if (!Number.isInteger(minutes) || minutes < 1 || minutes > 240) {
            throw ApplicationFailure.nonRetryable('A claim lasts 1 to 240 minutes.', 'InvalidClaim');
          }
        },
      },
    );
    setHandler(
      resolveUpdate,
      async ({ userId, note }) => {
        await this.checked(userId);
        await this.resolve(userId, 'app', note);
        return this.state;
      },
      { validator: ({ userId }) => this.validate(userId) },
    );
    // Webhook answers are authenticated by the API but cannot be refused: a stranger's or a late one is dropped.
    setHandler(externalAnswerSignal, async (a) => {
      await condition(() => this.policy !== null);
      if (!this.open || !this.policy!.memberIds.includes(a.userId)) return;
      if (a.action === 'claim') await this.claim(a.userId, a.via, a.minutes ?? EXTERNAL_CLAIM_MINUTES);
      else await this.acknowledge(a.userId, a.via);
    });
    setHandler(taskDoneSignal, async ({ userId }) => {
      if (this.open) await this.resolve(userId, null, null);
    });
  }

  /** Refuses an answer before it reaches history: finished, or not one of the members at the start. */
  private validate(userId: string): void {
    if (!this.open) throw ApplicationFailure.nonRetryable('This escalation has already finished.', ALREADY_FINISHED);
    if (this.policy && !this.policy.memberIds.includes(userId)) {
      throw ApplicationFailure.nonRetryable('Only members of the family can answer this escalation.', NOT_A_MEMBER);
    }
  }

  /** The same checks for an update that arrived before the chain was loaded. */
  private async checked(userId: string): Promise<void> {
    if (this.policy === null) await condition(() => this.policy !== null);
    this.validate(userId);
  }

  private async acknowledge(userId: string, via: AnswerVia): Promise<void> {
    Object.assign(this.state, { phase: 'acknowledged', answeredBy: userId, answeredVia: via, claimUntil: null });
    this.progress();
    await this.record({ type: 'acknowledged', userId, via, status: 'acknowledged', claimUntil: null, dedupeKey: 'acknowledged' });
  }

  private async claim(userId: string, via: AnswerVia, minutes: number): Promise<void> {
    const claimUntil = new Date(workflowNow() + minutes * 60_000).toISOString();
    Object.assign(this.state, { phase: 'claimed', answeredBy: userId, answeredVia: via, claimUntil });
    this.claims += 1;
    this.progress(claimUntil);
    await this.record({ type: 'claimed', userId, via, status: 'claimed', claimUntil, detail: { minutes }, dedupeKey: `claimed/${this.claims}` });
  }

  private async resolve(userId: string | null, via: AnswerVia | null, note: string | null): Promise<void> {
    const by = this.state.answeredBy ?? userId;
    Object.assign(this.state, { phase: 'resolved', answeredBy: by, answeredVia: this.state.answeredVia ?? via, claimUntil: null });
    this.progress();
    await this.record({
      type: 'resolved',
      userId,
      via,
      status: 'resolved',
      claimUntil: null,
      ...(note ? { resolutionNote: note } : { detail: { reason: 'task_done' } }),
      dedupeKey: 'resolved',
    });
  }

  /**
   * A new step begins: ops see its level and when its wait ends; the record shows how many
   * were paged, and brings back an answer on the row that never reached this run.
   */
  async startStep(where: Where, people: number, waitMinutes: number): Promise<void> {
    Object.assign(this.state, where);
    this.progress(new Date(workflowNow() + waitMinutes * 60_000).toISOString());
    const { row } = await this.record({ type: 'step_started', ...where, detail: { people, waitMinutes }, dedupeKey: `step_started/r${where.round}/s${where.step}` });
    if (!row || !this.takeRowAnswer(row) || this.state.phase !== 'claimed') return;
    // A claim holds this step until it runs out, then the step pages (results without the row replay as before).
    await this.waitOutClaim();
    if (this.open) this.progress(new Date(workflowNow() + waitMinutes * 60_000).toISOString());
  }

  /**
   * An answer on the escalation's row that never reached this run (the API or a worker died
   * between the two, or the dev server lost the last seconds of history) is taken before the
   * step pages anyone: an acknowledgement or a resolve ends the chain, a claim holds it until
   * the time the row says. Nothing is recorded again: the row already says so. True when taken.
   */
  private takeRowAnswer(row: EscalationRowAnswer): boolean {
    if (this.state.phase !== 'active') return false;
    const { answeredBy, answeredVia } = row;
    if (row.status === 'acknowledged' || row.status === 'resolved') {
      Object.assign(this.state, { phase: row.status, answeredBy, answeredVia, claimUntil: null });
    } else if (row.status === 'claimed' && row.claimUntil !== null && Date.parse(row.claimUntil) > workflowNow()) {
      // Its own number: the claim's expiry is then recorded under a key of its own.
      this.claims += 1;
      Object.assign(this.state, { phase: 'claimed', answeredBy, answeredVia, claimUntil: row.claimUntil });
    } else {
      return false;
    }
    this.progress(this.state.claimUntil);
    return true;
  }

  /** How one person is paged in this step: the key names the step, the callback writes each send down. */
  pageOptions(where: Where, userId: string): NotifyOptions {
    const { escalationId, familyId, urgency } = this.input;
    const emergency = urgency === 'emergency';
    return {
      request: { familyId, escalationId, template: emergency ? 'emergency' : 'escalation', urgency },
      keyPrefix: `esc/${escalationId}/r${where.round}/s${where.step}`,
      label: `round ${where.round}, step ${where.step}`,
      everyChannel: emergency,
      onResult: async ({ channel, ok, error }) => {
        this.state.deliveries.push({ ...where, userId, channel, ok });
        await this.record({
          type: 'delivery',
          ...where,
          userId,
          channel,
          detail: { ok, error: error ?? null },
          dedupeKey: `delivery/r${where.round}/s${where.step}/${userId}/${channel}`,
        });
      },
    };
  }

  /** Nobody answered: every admin hears it once, on the first of their channels that works. */
  async notifyAdmins(): Promise<void> {
    const { escalationId, familyId } = this.input;
    const admins = await planContacts({ userIds: this.policy!.adminIds, channels: ['push', 'sms', 'email'], urgency: 'urgent' });
    await Promise.all(
      admins.map((plan) =>
        notifyPerson(plan, {
          request: { familyId, escalationId, template: 'unreached', urgency: 'urgent' },
          keyPrefix: `esc/${escalationId}/unreached`,
          label: 'nobody reached',
          everyChannel: false,
        }),
      ),
    );
  }

  /**
   * A write is never cancelled halfway: an answer or a cancel arriving meanwhile waits for
   * it (milliseconds; in a database outage, until PostgreSQL is back, as DB_CALL retries
   * without limit), so the record says for sure what happened. Cancelling it would
   * also buy nothing (record writes do not heartbeat, so they never hear of a cancel) and
   * the cancel request can race the write's completion, which the time-skipping test server
   * rejects (ACTIVITY_UNKNOWN), leaving the workflow task open for good.
   */
  record(e: Event): Promise<RecordedEvent> {
    const write = () => recordTimelineEvent({ ...e, escalationId: this.input.escalationId, familyId: this.input.familyId });
    return patched(RECORD_NOT_CANCELLABLE) ? CancellationScope.nonCancellable(write) : write();
  }

  /** CareState, EscalationLevel and NextDueAt, so ops can find "who is being paged, and until when". */
  progress(nextDueAt: string | null = null): void {
    upsertSearchAttributes([
      { key: CareState, value: this.state.phase },
      { key: EscalationLevel, value: this.state.step },
      { key: NextDueAt, value: nextDueAt ? new Date(nextDueAt) : null },
    ]);
  }

  /**
   * Runs one step's paging and waiting, and stops it the moment someone answers:
   * the pending timer and any send still in flight are cancelled.
   */
  async unlessAnswered(work: () => Promise<void>): Promise<void> {
    if (this.state.phase !== 'active') return;
    const scope = new CancellationScope();
    const running = scope.run(work);
    await Promise.race([running, condition(() => this.state.phase !== 'active')]);
    if (this.state.phase !== 'active') scope.cancel();
    try {
      await running;
    } catch (err) {
      // Our own cancel is the happy path; a cancel from outside (the workflow is cancelled) is not.
      if (!isCancellation(err) || this.state.phase === 'active') throw err;
    }
  }

  /**
   * Someone said "I'm on it": hold the chain until they resolve it or their time runs
   * out (a later claim extends it). Out of time → the chain resumes where it stopped.
   */
  async waitOutClaim(): Promise<void> {
    while (this.state.phase === 'claimed') {
      const until = this.state.claimUntil!;
      const settled = await condition(() => this.state.phase !== 'claimed' || this.state.claimUntil !== until, msUntil(until), {
        summary: `claimed by member ${this.state.answeredBy?.slice(0, 8)} until ${until}`,
      });
      if (settled) continue;
      Object.assign(this.state, { phase: 'active', claimUntil: null });
      this.progress();
      await this.record({ type: 'claim_expired', userId: this.state.answeredBy, status: 'active', claimUntil: null, dedupeKey: `claim_expired/${this.claims}` });
    }
  }

  giveUp(): Promise<RecordedEvent> {
    Object.assign(this.state, { phase: 'unreached' });
    this.progress();
    return this.record({ type: 'unreached', status: 'unreached', detail: { rounds: this.state.round }, dedupeKey: 'unreached' });
  }

  async cancelled(): Promise<void> {
    Object.assign(this.state, { phase: 'cancelled', claimUntil: null });
    this.progress();
    await this.record({ type: 'cancelled', status: 'cancelled', dedupeKey: 'cancelled' });
  }

  outcome(): EscalationOutcome {
    const { phase, answeredBy, answeredVia } = this.state;
    const outcome = phase === 'active' || phase === 'claimed' ? 'cancelled' : phase;
    return { outcome, by: outcome === 'unreached' || outcome === 'cancelled' ? null : answeredBy, via: outcome === 'unreached' ? null : answeredVia };
  }
}
