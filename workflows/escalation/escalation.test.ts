import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { Context } from '@temporalio/activity';
import { WorkflowUpdateFailedError, WorkflowUpdateStage } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { Channel } from '../../api/contracts/notifications';
import {
  PERMANENT_DELIVERY_FAILURE,
  type DeliveryRequest,
  type EscalationRowAnswer,
  type PolicySnapshot,
  type TimelineEventInput,
} from '../../activities/escalation/types';
import { signalExternalAnswer, startEscalation, type EscalationHandle } from '../../temporal/escalations';
import { CareKind, CareState, EscalationLevel } from '../../temporal/search-attributes';
import { createWorker } from '../../temporal/worker';
import { startTimeSkipping } from '../../test/support/temporal';
import type { DeliveryActivities } from './notify-person';
import type { EscalationCarry, RecordActivities } from './escalation-run';
import {
  ALREADY_FINISHED,
  NOT_A_MEMBER,
  acknowledgeUpdate,
  claimUpdate,
  escalationStateQuery,
  resolveUpdate,
  escalationWorkflowId,
  type EscalationInput,
} from './messages';
import { escalation } from './escalation';

const MINUTE = 60_000;
const taskQueue = 'escalation-test';
const ALL: Channel[] = ['push', 'sms', 'email'];

/**
 * The escalation workflow's story under the time-skipping server. Every activity is a
 * fake that writes down what it was asked and when (server time), so each scenario can
 * check who was paged, on which channel, at what minute, and what was recorded.
 */
describe('escalation workflow (time-skipping server)', () => {
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let running: Promise<void>;

  /** "The database" the fakes read: the policy openEscalation snapshots, per escalation. */
  const policies = new Map<string, PolicySnapshot>();
  /** Per person: the channels they can receive, in their order (default: the step's). */
  const preferences = new Map<string, Channel[]>();
  /** `userId/channel` → how that send misbehaves. */
  const faults = new Map<string, 'permanent' | 'reply-lost-once' | 'hang'>();
  /** Gates that hold a record activity (by `escalationId/type`) until the test opens them. */
  const gates = new Map<string, Promise<void>>();
  /** Where an escalation's row stands when a step starts: an answer written there that never reached the workflow. */
  const rows = new Map<string, EscalationRowAnswer>();

  const opened: string[] = [];
  const events: (TimelineEventInput & { atMs: number })[] = [];
  const attempts: (DeliveryRequest & { atMs: number; attempt: number })[] = [];
  /** What actually left the building: one per idempotency key, as the real outbox keeps it. */
  const sent = new Map<string, DeliveryRequest & { atMs: number }>();
  let releaseHang = () => {};
  let hung = new Promise<void>((r) => (releaseHang = r));
  const waiters: (() => void)[] = [];
  const changed = () => waiters.splice(0).forEach((wake) => wake());

  before(async () => {
    env = await startTimeSkipping();
    const activities: RecordActivities & DeliveryActivities = {
      async openEscalation(input) {
        opened.push(input.escalationId);
        // A copy: later edits of "the database" must not reach into history by reference.
        return structuredClone(policies.get(input.escalationId)!);
      },
      async recordEscalationEvent(e) {
        await gates.get(`${e.escalationId}/${e.type}`);
        events.push({ ...e, atMs: await env.currentTimeMs() });
        changed();
        const row = e.type === 'step_started' ? rows.get(e.escalationId) : undefined;
        return row ? { recorded: true, row } : { recorded: true };
      },
      async planContacts({ userIds, channels }) {
        return userIds.map((userId) => ({
          userId,
          channels: (preferences.get(userId) ?? channels).filter((c) => channels.includes(c)),
          quietUntil: null,
        }));
      },
      async deliver(req) {
        const { attempt } = Context.current().info;
        attempts.push({ ...req, atMs: await env.currentTimeMs(), attempt });
        changed();
        const fault = faults.get(`${req.userId}/${req.channel}`);
        if (fault === 'permanent') throw ApplicationFailure.nonRetryable('number not in service', PERMANENT_DELIVERY_FAILURE);
        // A provider that does not answer. While it hangs the test server cannot skip time, so each test releases it.
        if (fault === 'hang') await hung;
        const duplicate = sent.has(req.idempotencyKey);
        if (!duplicate) sent.set(req.idempotencyKey, { ...req, atMs: await env.currentTimeMs() });
        // The provider took the message but its answer never came back: the activity is retried.
        if (fault === 'reply-lost-once' && attempt === 1) throw new Error('provider timed out');
        return { status: duplicate ? 'duplicate' : 'sent', provider: 'fake', providerMessageId: null };
      },
    };
    worker = await createWorker({ connection: env.nativeConnection, namespace: 'default', taskQueue, activities });
    running = worker.run();
  });

  after(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
  });

  /** Resolves once `check` holds; re-checked whenever a fake activity is called. */
  async function until(check: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await Promise.race([new Promise<void>((wake) => waiters.push(wake)), delay(200)]);
    }
  }

  type HistoryEvent = NonNullable<Awaited<ReturnType<EscalationHandle['fetchHistory']>>['events']>[number];

  /** Polls the workflow's history until `count` events match: the history is what the server has decided. */
  async function untilHistory(handle: EscalationHandle, match: (e: HistoryEvent) => boolean, what: string, count = 1): Promise<void> {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const history = await handle.fetchHistory();
      if ((history.events ?? []).filter(match).length >= count) return;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await delay(50);
    }
  }

  /** The wait timer is started after the sends are recorded; skipping time before it exists would skip nothing. */
  const untilTimers = (handle: EscalationHandle, count: number) =>
    untilHistory(handle, (e) => Boolean(e.timerStartedEventAttributes), `${count} timers`, count);

  const people = () => ({ anna: randomUUID(), ben: randomUUID(), carla: randomUUID(), dora: randomUUID() });

  function escalationOf(policy: Omit<PolicySnapshot, 'ackCode'>, urgency: EscalationInput['urgency'] = 'urgent'): EscalationInput {
    const input: EscalationInput = {
      escalationId: randomUUID(),
      familyId: randomUUID(),
      careRecipientId: randomUUID(),
      kind: urgency === 'emergency' ? 'emergency' : 'medication',
      urgency,
    };
    policies.set(input.escalationId, { ackCode: '4821', ...policy });
    return input;
  }

  /** Two 15-minute steps: `first` by push, then `second` on `channels`. */
  const twoSteps = (first: string, second: string, channels: Channel[] = ['push']) => [
    { userIds: [first], channels: ['push'] as Channel[], waitMinutes: 15 },
    { userIds: [second], channels, waitMinutes: 15 },
  ];
  const eventsOf = (id: string) => events.filter((e) => e.escalationId === id);
  const sentOf = (id: string) => [...sent.values()].filter((s) => s.escalationId === id);
  const types = (id: string) => eventsOf(id).map((e) => e.type);

  test('nobody answers → after step 1 waits its 15 minutes, step 2 is paged, exactly then', async () => {
    const { anna, ben } = people();
    const input = escalationOf({
      steps: [
        { userIds: [anna], channels: ['push'], waitMinutes: 15 },
        { userIds: [ben], channels: ['sms'], waitMinutes: 15 },
      ],
      repeat: 1,
      memberIds: [anna, ben],
      adminIds: [ben],
    });
    const handle = await startEscalation(env.client, taskQueue, input);
    const outcome = await handle.result();

    assert.equal(outcome.outcome, 'unreached');
    const [step1, step2] = sentOf(input.escalationId).filter((s) => s.template === 'escalation');
    assert.deepEqual([step1!.userId, step1!.channel, step1!.idempotencyKey], [anna, 'push', `esc/${input.escalationId}/r1/s1/${anna}/push`]);
    assert.deepEqual([step2!.userId, step2!.channel, step2!.idempotencyKey], [ben, 'sms', `esc/${input.escalationId}/r1/s2/${ben}/sms`]);
    // The wait starts once step 1's sends are written down: a few real milliseconds after the send.
    const gap = step2!.atMs - step1!.atMs;
    assert.ok(gap >= 15 * MINUTE && gap < 15 * MINUTE + 2_000, `step 2 paged ${(gap / MINUTE).toFixed(3)} min after step 1`);
    const described = await handle.describe();
    assert.equal(described.typedSearchAttributes.get(CareKind), 'escalation');
    assert.equal(described.typedSearchAttributes.get(CareState), 'unreached');
    assert.equal(described.typedSearchAttributes.get(EscalationLevel), 2);
  });

  test('Ben acknowledges by SMS 5 minutes into step 1 → the wait is cancelled, step 2 never paged, who and how recorded', async () => {
    const { anna, ben, carla } = people();
    const input = escalationOf({
      steps: [
        { userIds: [anna, ben], channels: ['push'], waitMinutes: 15 },
        { userIds: [carla], channels: ALL, waitMinutes: 15 },
      ],
      repeat: 2,
      memberIds: [anna, ben, carla],
      adminIds: [carla],
    });
    const handle = await startEscalation(env.client, taskQueue, input);
    await untilTimers(handle, 1);
    await env.sleep(5 * MINUTE);

    const state = await handle.executeUpdate(acknowledgeUpdate, { args: [{ userId: ben, via: 'sms' }] });
    assert.equal(state.phase, 'acknowledged');
    assert.deepEqual(await handle.result(), { outcome: 'acknowledged', by: ben, via: 'sms' });

    assert.deepEqual(sentOf(input.escalationId).map((s) => s.userId).sort(), [anna, ben].sort(), 'only step 1 was paged');
    const acknowledged = eventsOf(input.escalationId).filter((e) => e.type === 'acknowledged');
    assert.equal(acknowledged.length, 1);
    assert.deepEqual([acknowledged[0]!.userId, acknowledged[0]!.via, acknowledged[0]!.status], [ben, 'sms', 'acknowledged']);
    const history = (await handle.fetchHistory()).events ?? [];
    assert.equal(history.filter((e) => e.timerCanceledEventAttributes).length, 1, 'the 15-minute wait was cancelled');
    const described = await handle.describe();
    assert.ok(described.closeTime!.getTime() - described.startTime.getTime() < 6 * MINUTE, 'closed at the answer, not at the end of the wait');
  });

  test('Ben acknowledged by SMS on the row, the workflow never told → step 2 starts but pages nobody; the chain ends acknowledged by Ben', async () => {
    const { anna, ben, carla } = people();
    const input = escalationOf({
      steps: twoSteps(anna, carla, ALL),
      repeat: 2,
      memberIds: [anna, ben, carla],
      adminIds: [carla],
    });
    const handle = await startEscalation(env.client, taskQueue, input);
    await untilTimers(handle, 1);
    rows.set(input.escalationId, { status: 'acknowledged', answeredBy: ben, answeredVia: 'sms', claimUntil: null });

    assert.deepEqual(await handle.result(), { outcome: 'acknowledged', by: ben, via: 'sms' });
    assert.deepEqual(sentOf(input.escalationId).map((s) => s.userId), [anna], 'only step 1 was paged');
    assert.deepEqual(types(input.escalationId).filter((t) => t !== 'delivery'), ['step_started', 'step_started'], 'nothing recorded again');
    assert.equal((await handle.describe()).typedSearchAttributes.get(CareState), 'acknowledged');
  });

  test('Carla claimed for 30 minutes on the row, the workflow never told → step 2 waits out her claim, then pages her', async () => {
    const { anna, carla } = people();
    const input = escalationOf({
      steps: twoSteps(anna, carla, ['sms']),
      repeat: 1,
      memberIds: [anna, carla],
      adminIds: [carla],
    });
    const handle = await startEscalation(env.client, taskQueue, input);
    await untilTimers(handle, 1);
    const claimUntil = new Date((await env.currentTimeMs()) + 30 * MINUTE).toISOString();
    rows.set(input.escalationId, { status: 'claimed', answeredBy: carla, answeredVia: 'app', claimUntil });

    assert.equal((await handle.result()).outcome, 'unreached');
    const [first, second] = sentOf(input.escalationId).filter((s) => s.template === 'escalation');
    assert.equal(first!.userId, anna);
    assert.equal(second!.userId, carla);
    assert.ok(second!.atMs >= Date.parse(claimUntil), 'paged once the claim ran out');
    const expired = eventsOf(input.escalationId).filter((e) => e.type === 'claim_expired');
    assert.deepEqual(expired.map((e) => [e.userId, e.dedupeKey]), [[carla, 'claim_expired/1']]);
  });

  test('an answer while a send is still in flight cancels that send and tries no further channel', async () => {
    const { anna, ben } = people();
    faults.set(`${anna}/push`, 'hang');
    const input = escalationOf({
      steps: [{ userIds: [anna], channels: ALL, waitMinutes: 15 }],
      repeat: 1,
      memberIds: [anna, ben],
      adminIds: [ben],
    });
    // Hold the write of the answer, so we can look at the workflow between "answered" and "closed".
    let openGate!: () => void;
    gates.set(`${input.escalationId}/acknowledged`, new Promise<void>((r) => (openGate = r)));
    const handle = await startEscalation(env.client, taskQueue, input);
    await until(() => attempts.some((a) => a.escalationId === input.escalationId), 'the hanging send');

    const answer = await handle.startUpdate(acknowledgeUpdate, { args: [{ userId: ben, via: 'app' }], waitForStage: WorkflowUpdateStage.ACCEPTED });
    // The workflow does not wait for a stuck provider: it asks for the cancel at once.
    await untilHistory(handle, (e) => Boolean(e.activityTaskCancelRequestedEventAttributes), 'the cancel request');
    // The provider finally answers; the test server cannot skip time while an activity is out, so let it finish first.
    releaseHang();
    hung = new Promise<void>((r) => (releaseHang = r));
    openGate();
    await answer.result();
    assert.equal((await handle.result()).outcome, 'acknowledged');

    assert.deepEqual(
      attempts.filter((a) => a.escalationId === input.escalationId).map((a) => a.channel),
      ['push'],
      'no fallback to SMS or email after the answer',
    );
  });

  test('three rounds with no answer → "unreached" recorded and every admin told once, urgently', async () => {
    const { anna, ben, carla } = people();
    preferences.set(carla, ['email', 'sms']);
    const input = escalationOf({
      steps: [{ userIds: [anna], channels: ALL, waitMinutes: 10 }],
      repeat: 3,
      memberIds: [anna, ben, carla],
      adminIds: [ben, carla],
    });
    const handle = await startEscalation(env.client, taskQueue, input);
    assert.equal((await handle.result()).outcome, 'unreached');

    const pages = sentOf(input.escalationId).filter((s) => s.template === 'escalation').map((s) => s.idempotencyKey);
    assert.deepEqual(pages, [1, 2, 3].map((r) => `esc/${input.escalationId}/r${r}/s1/${anna}/push`), 'Anna paged once per round, on her first channel');
    const told = sentOf(input.escalationId).filter((s) => s.template === 'unreached');
    assert.deepEqual(
      told.map((s) => [s.userId, s.channel, s.urgency]).sort(),
      [[ben, 'push', 'urgent'], [carla, 'email', 'urgent']].sort(),
    );
    assert.deepEqual(types(input.escalationId).filter((t) => t !== 'delivery'), ['step_started', 'step_started', 'step_started', 'unreached']);
    const unreached = eventsOf(input.escalationId).find((e) => e.type === 'unreached')!;
    assert.equal(unreached.status, 'unreached');
    assert.ok(unreached.atMs < told[0]!.atMs, 'recorded before the admins are told');
  });

  test('SMS fails permanently → email goes out; a send retried after a lost reply is not sent twice', async () => {
    const { anna, ben } = people();
    preferences.set(anna, ['sms', 'email', 'push']);
    faults.set(`${anna}/sms`, 'permanent');
    faults.set(`${ben}/push`, 'reply-lost-once');
    const input = escalationOf({
      steps: [{ userIds: [anna, ben], channels: ALL, waitMinutes: 15 }],
      repeat: 1,
      memberIds: [anna, ben],
      adminIds: [],
    });
    const handle = await startEscalation(env.client, taskQueue, input);
    await untilTimers(handle, 1);
    await handle.executeUpdate(acknowledgeUpdate, { args: [{ userId: anna, via: 'email' }] });
    await handle.result();

    const annas = attempts.filter((a) => a.escalationId === input.escalationId && a.userId === anna);
    assert.deepEqual(annas.map((a) => a.channel), ['sms', 'email'], 'SMS failed once (not retried), then email');
    const bens = attempts.filter((a) => a.escalationId === input.escalationId && a.userId === ben);
    assert.deepEqual(bens.map((a) => a.attempt), [1, 2], 'the push activity was retried');
    assert.equal(new Set(bens.map((a) => a.idempotencyKey)).size, 1, 'with the same idempotency key');
    assert.deepEqual(sentOf(input.escalationId).map((s) => `${s.userId === anna ? 'anna' : 'ben'}/${s.channel}`).sort(), ['anna/email', 'ben/push']);
    const deliveries = eventsOf(input.escalationId).filter((e) => e.type === 'delivery' && e.userId === anna);
    assert.deepEqual(deliveries.map((e) => [e.channel, e.detail?.ok, e.detail?.error]), [
      ['sms', false, PERMANENT_DELIVERY_FAILURE],
      ['email', true, null],
    ]);
  });

  test('the policy is edited during round 1 → round 2 still pages the chain as it was at the start', async () => {
    const { anna, ben } = people();
    const input = escalationOf({ steps: [{ userIds: [anna], channels: ['push'], waitMinutes: 15 }], repeat: 2, memberIds: [anna, ben], adminIds: [ben] });
    const handle = await startEscalation(env.client, taskQueue, input);
    await untilTimers(handle, 1);
    // An admin now puts Ben first. The running escalation already holds its snapshot.
    policies.get(input.escalationId)!.steps = [{ userIds: [ben], channels: ['sms'], waitMinutes: 1 }];

    assert.equal((await handle.result()).outcome, 'unreached');
    const pages = sentOf(input.escalationId).filter((s) => s.template === 'escalation');
    assert.deepEqual(pages.map((s) => [s.userId, s.channel]), [[anna, 'push'], [anna, 'push']]);
    assert.equal(pages[1]!.atMs - pages[0]!.atMs >= 15 * MINUTE, true, 'still 15 minutes between rounds');
    assert.equal(opened.filter((id) => id === input.escalationId).length, 1, 'the policy was read once');
  });

  test('Anna claims for 30 minutes and does not resolve → the chain waits, records the lapse, then pages step 2', async () => {
    const { anna, ben } = people();
    const input = escalationOf({
      steps: twoSteps(anna, ben),
      repeat: 1,
      memberIds: [anna, ben],
      adminIds: [ben],
    });
    const handle = await startEscalation(env.client, taskQueue, input);
    await untilTimers(handle, 1);
    await env.sleep(2 * MINUTE);
    const claimedAt = await env.currentTimeMs();
    const state = await handle.executeUpdate(claimUpdate, { args: [{ userId: anna, via: 'app', minutes: 30 }] });
    assert.equal(state.phase, 'claimed');
    assert.ok(Math.abs(Date.parse(state.claimUntil!) - (claimedAt + 30 * MINUTE)) < 2_000, 'claimed until 30 minutes from now');

    assert.equal((await handle.result()).outcome, 'unreached');
    const step2 = sentOf(input.escalationId).find((s) => s.userId === ben && s.template === 'escalation')!;
    const resumedAfter = step2.atMs - claimedAt;
    assert.ok(resumedAfter >= 30 * MINUTE && resumedAfter < 30 * MINUTE + 2_000, `step 2 paged ${(resumedAfter / MINUTE).toFixed(2)} min after the claim`);
    assert.deepEqual(types(input.escalationId).filter((t) => t !== 'delivery'), ['step_started', 'claimed', 'claim_expired', 'step_started', 'unreached']);
    const expired = eventsOf(input.escalationId).find((e) => e.type === 'claim_expired')!;
    assert.deepEqual([expired.userId, expired.status, expired.claimUntil], [anna, 'active', null]);
  });

  test('Anna claims, then resolves with a note → closed as resolved by her, nobody else paged', async () => {
    const { anna, ben } = people();
    const input = escalationOf({
      steps: twoSteps(anna, ben),
      repeat: 1,
      memberIds: [anna, ben],
      adminIds: [ben],
    });
    const handle = await startEscalation(env.client, taskQueue, input);
    await untilTimers(handle, 1);
    await handle.executeUpdate(claimUpdate, { args: [{ userId: anna, via: 'push', minutes: 60 }] });
    await env.sleep(20 * MINUTE);
    assert.equal((await handle.query(escalationStateQuery)).phase, 'claimed');
    await handle.executeUpdate(resolveUpdate, { args: [{ userId: anna, note: 'Dose given at 8:20' }] });

    assert.deepEqual(await handle.result(), { outcome: 'resolved', by: anna, via: 'push' });
    assert.deepEqual(sentOf(input.escalationId).map((s) => s.userId), [anna]);
    const resolved = eventsOf(input.escalationId).find((e) => e.type === 'resolved')!;
    assert.deepEqual([resolved.userId, resolved.resolutionNote, resolved.status], [anna, 'Dose given at 8:20', 'resolved']);
  });

  test('a stranger, then a late answer, are refused by the validator and nothing is recorded', async () => {
    const { anna, ben } = people();
    const stranger = randomUUID();
    const input = escalationOf({ steps: [{ userIds: [anna], channels: ['push'], waitMinutes: 15 }], repeat: 1, memberIds: [anna, ben], adminIds: [ben] });
    // Hold the write of Anna's acknowledgement, so the workflow is finished but still open for a moment.
    let release!: () => void;
    gates.set(`${input.escalationId}/acknowledged`, new Promise<void>((r) => (release = r)));
    const handle = await startEscalation(env.client, taskQueue, input);
    await untilTimers(handle, 1);

    await assert.rejects(
      handle.executeUpdate(acknowledgeUpdate, { args: [{ userId: stranger, via: 'app' }] }),
      (err) => err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type === NOT_A_MEMBER,
    );
    // A webhook answer from a stranger cannot be refused, only ignored.
    await signalExternalAnswer(env.client, input.escalationId, { userId: stranger, via: 'sms', action: 'acknowledge' });
    assert.equal((await handle.query(escalationStateQuery)).phase, 'active');

    const first = handle.executeUpdate(acknowledgeUpdate, { args: [{ userId: anna, via: 'app' }] });
    await assert.rejects(
      async () => {
        // The first update may not have reached the workflow yet: ask until the phase says it has.
        while ((await handle.query(escalationStateQuery)).phase === 'active') await delay(20);
        await handle.executeUpdate(acknowledgeUpdate, { args: [{ userId: ben, via: 'app' }] });
      },
      (err) => err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type === ALREADY_FINISHED,
    );
    await signalExternalAnswer(env.client, input.escalationId, { userId: ben, via: 'sms', action: 'claim' });
    release();
    await first;

    assert.deepEqual(await handle.result(), { outcome: 'acknowledged', by: anna, via: 'app' });
    assert.deepEqual(types(input.escalationId).filter((t) => t !== 'delivery'), ['step_started', 'acknowledged']);
    const history = (await handle.fetchHistory()).events ?? [];
    assert.equal(history.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length, 1, 'only the good answer reached history');
  });

  test('emergency: everyone on every channel, every 5 minutes, until Ben acknowledges in round 3', async () => {
    const { anna, ben } = people();
    const input = escalationOf(
      { steps: [{ userIds: [anna, ben], channels: ALL, waitMinutes: 5 }], repeat: 1, memberIds: [anna, ben], adminIds: [anna] },
      'emergency',
    );
    const handle = await startEscalation(env.client, taskQueue, input);
    for (const round of [1, 2, 3]) {
      await untilTimers(handle, round);
      if (round < 3) await env.sleep(5 * MINUTE);
    }
    await handle.executeUpdate(acknowledgeUpdate, { args: [{ userId: ben, via: 'push' }] });
    assert.deepEqual(await handle.result(), { outcome: 'acknowledged', by: ben, via: 'push' });

    const pages = sentOf(input.escalationId);
    assert.ok(pages.every((s) => s.template === 'emergency' && s.urgency === 'emergency'));
    for (const round of [1, 2, 3]) {
      const inRound = pages.filter((s) => s.idempotencyKey.includes(`/r${round}/`));
      assert.equal(inRound.length, 6, `round ${round}: two people × three channels`);
    }
    assert.equal(pages.length, 18);
    assert.equal((await handle.describe()).typedSearchAttributes.get(CareKind), 'emergency');
  });

  test('a long emergency continued as new picks up where it stopped: no second open, rounds and claims count on', async () => {
    const { anna, ben } = people();
    const input = escalationOf(
      { steps: [{ userIds: [anna], channels: ['push'], waitMinutes: 5 }], repeat: 1, memberIds: [anna, ben], adminIds: [anna] },
      'emergency',
    );
    // What run 1 hands over after round 6 (the workflow builds this with run.carry(7) when the server suggests it).
    const carry: EscalationCarry = {
      policy: policies.get(input.escalationId)!,
      nextRound: 7,
      claims: 2,
      state: { phase: 'active', round: 6, step: 1, answeredBy: ben, answeredVia: 'sms', claimUntil: null, deliveries: [{ round: 6, step: 1, userId: anna, channel: 'push', ok: true }] },
    };
    const handle = await env.client.workflow.start(escalation, { taskQueue, workflowId: escalationWorkflowId(input.escalationId), args: [input, carry] });
    await untilTimers(handle, 1);
    await handle.executeUpdate(claimUpdate, { args: [{ userId: ben, via: 'app', minutes: 30 }] });
    await handle.executeUpdate(resolveUpdate, { args: [{ userId: ben, note: 'Handled' }] });
    await handle.result();

    assert.equal(opened.includes(input.escalationId), false, 'the snapshot came from the previous run');
    assert.deepEqual(sentOf(input.escalationId).map((s) => s.idempotencyKey), [`esc/${input.escalationId}/r7/s1/${anna}/push`]);
    assert.deepEqual(eventsOf(input.escalationId).filter((e) => e.type === 'claimed').map((e) => e.dedupeKey), ['claimed/3']);
    const state = await handle.query(escalationStateQuery);
    assert.deepEqual(state.deliveries.map((d) => d.round), [6, 7]);
  });

  test('an emergency with nobody left to page does not spin: it is "unreached" at once and the admin hears it', async () => {
    const { anna } = people();
    const input = escalationOf({ steps: [{ userIds: [], channels: ALL, waitMinutes: 5 }], repeat: 1, memberIds: [anna], adminIds: [anna] }, 'emergency');
    const handle = await startEscalation(env.client, taskQueue, input);
    assert.equal((await handle.result()).outcome, 'unreached');
    assert.deepEqual(types(input.escalationId), ['unreached']);
    assert.deepEqual(sentOf(input.escalationId).map((s) => [s.userId, s.template]), [[anna, 'unreached']]);
  });
});
