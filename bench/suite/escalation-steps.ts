import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { doseEscalationId } from '../../activities/medication/dose-escalation-id';
import { escalationWorkflowId } from '../../workflows/escalation/messages';
import { startEscalation } from '../../temporal/escalations';
import { ANSWER_WINDOW_MIN, type SeededDose } from './seed';
import type { BenchStack } from './stack';

const sentPages = async (stack: BenchStack, keyPattern: string) =>
  (await stack.dataSource.query(`SELECT idempotency_key AS key, updated_at AS at FROM delivery_attempts WHERE status = 'sent' AND idempotency_key LIKE $1`, [keyPattern])) as {
    key: string;
    at: Date;
  }[];

/**
 * Escalations opened directly (as an unanswered dose opens its chain) on families the
 * section seeded: "page Anna, wait 1 minute, page Ben". Step 2's lateness is Ben's page
 * sent − the instant its 1-minute timer was set to fire (read from the history).
 */
export async function openEscalations(stack: BenchStack, families: SeededDose[]): Promise<string[]> {
  const ids = families.map(() => randomUUID());
  await Promise.all(
    families.map((f, i) => startEscalation(stack.client, stack.taskQueue, { escalationId: ids[i]!, familyId: f.familyId, careRecipientId: f.recipientId, kind: 'test', urgency: 'urgent' })),
  );
  return ids;
}

export async function secondStepLateness(stack: BenchStack, escalationIds: string[], deadlineMs: number): Promise<{ lateness: number[]; sent: number }> {
  const wanted = new Set(escalationIds);
  let sent: { key: string; at: Date }[] = [];
  for (;;) {
    sent = (await sentPages(stack, 'esc/%/r1/s2/%')).filter((r) => wanted.has(r.key.split('/')[1]!));
    if (sent.length >= escalationIds.length || Date.now() > deadlineMs) break;
    await delay(1000);
  }
  const lateness: number[] = [];
  for (const s of sent) {
    const history = await stack.client.workflow.getHandle(escalationWorkflowId(s.key.split('/')[1]!)).fetchHistory();
    // The first timer is step 1's one-minute wait: step 2 is due the instant it fires.
    const timer = history.events?.find((e) => e.timerStartedEventAttributes);
    if (!timer) continue;
    const setAt = Number(timer.eventTime!.seconds) * 1000 + Math.floor((timer.eventTime!.nanos ?? 0) / 1e6);
    const fireAfter = Number(timer.timerStartedEventAttributes!.startToFireTimeout!.seconds) * 1000;
    lateness.push(new Date(s.at).getTime() - (setAt + fireAfter));
  }
  return { lateness, sent: sent.length };
}

/** An unanswered dose's chain: its first page sent − (due + answer window), the instant the workflow planned. */
export async function chainFirstPageLateness(stack: BenchStack, unanswered: SeededDose[], deadlineMs: number): Promise<{ lateness: number[]; sent: number }> {
  const planned = new Map(unanswered.map((d) => [doseEscalationId(d.scheduleId, d.doseKey), d.dueMs + ANSWER_WINDOW_MIN * 60_000]));
  let sent: { key: string; at: Date }[] = [];
  for (;;) {
    sent = (await sentPages(stack, 'esc/%/r1/s1/%')).filter((r) => planned.has(r.key.split('/')[1]!));
    if (sent.length >= unanswered.length || Date.now() > deadlineMs) break;
    await delay(1000);
  }
  return { lateness: sent.map((s) => new Date(s.at).getTime() - planned.get(s.key.split('/')[1]!)!), sent: sent.length };
}
