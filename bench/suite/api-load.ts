import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { wallClockAt } from '../../activities/time/zoned-time';
import { signUp, type ApiSession } from '../../test/support/http';
import { line, report, summarize } from './figures';
import type { BenchOptions } from './options';
import { minuteAhead, waitScheduled, ZONE } from './seed';
import { apiErrors, type BenchStack } from './stack';

/** Fires `count` calls open-loop, one every 1000/rate ms (never waiting for the previous), and times each. */
async function atRate<T>(rate: number, count: number, call: (i: number) => Promise<{ status: number; value?: T }>) {
  const t0 = Date.now();
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const values: (T | undefined)[] = [];
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      await delay(Math.max(0, t0 + (i * 1000) / rate - Date.now()));
      const t = Date.now();
      const res = await call(i).catch(() => ({ status: 0, value: undefined }));
      latencies.push(Date.now() - t);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      values[i] = res.value;
    }),
  );
  return { latencies, statuses: [...statuses].map(([s, n]) => `${s}×${n}`).join(' '), values };
}

/** Wraps each phase of T5 (bench/api-latency.ts reads CPU around it); the full bench passes it through. */
export interface PhaseMeter {
  around<T>(phase: string, calls: number, fn: () => Promise<T>): Promise<T>;
}
const passThrough: PhaseMeter = { around: (_phase, _calls, fn) => fn() };

/**
 * T5: the real HTTP API (sessions, CSRF rules, validation, audit) on the stack: schedules
 * created at 20/s, then each one's first dose answered "taken" at 50/s (an hour early,
 * which the API accepts, so no reminder is sent).
 */
export async function apiLoad(stack: BenchStack, o: BenchOptions, meter = passThrough): Promise<void> {
  // Only what the API logged during this section is printed with it.
  apiErrors.clear();
  const { session, user } = await signUp(stack.apiUrl, 'Bench');
  const familyId = (await session.post('/api/families', { name: 'Bench API' })).body.family.id as string;
  const recipientId = (await session.post(`/api/families/${familyId}/recipients`, { displayName: 'Nan', timeZone: ZONE })).body.recipient.id as string;
  const dueMs = minuteAhead(60 * 60_000);
  const { localDate, localTime } = wallClockAt(ZONE, dueMs);
  const body = {
    medicationName: 'Metformin',
    dose: '500 mg',
    careRecipientId: recipientId,
    assignedCaregiverId: user.id,
    timeZone: ZONE,
    timesOfDay: [localTime],
    pattern: { kind: 'daily' },
    startDate: localDate,
  };
  const creates = await meter.around('create', 20 * o.apiSeconds, () =>
    atRate(20, 20 * o.apiSeconds, async () => {
      const res = await session.post(`/api/families/${familyId}/medications`, body);
      return { status: res.status, value: res.status === 201 ? (res.body.medication.id as string) : undefined };
    }),
  );
  report('T5', `${line(`create schedule at 20/s for ${o.apiSeconds} s`, summarize(creates.latencies))}; statuses ${creates.statuses}`);

  const ids = creates.values.filter((v): v is string => v !== undefined);
  if (ids.length === 0) {
    // Every create was refused (an overloaded machine answers 503): there is no dose to answer.
    report('T5', 'no schedule was created, so no answer was measured');
    reportApiErrors();
    return;
  }
  await waitScheduled(stack, Array<number>(ids.length).fill(dueMs), 'T5 created schedules', 120_000);
  const doseKey = `${localDate}T${localTime}`;
  const answer = (s: ApiSession, id: string) =>
    s.request('post', `/api/families/${familyId}/medications/${id}/doses/${doseKey}/taken`, undefined, { headers: { 'idempotency-key': randomUUID() } });
  const answers = await meter.around('answer', ids.length, () => atRate(50, ids.length, async (i) => ({ status: (await answer(session, ids[i]!)).status })));
  report('T5', `${line(`dose answer "taken" at 50/s (${ids.length} answers)`, summarize(answers.latencies))}; statuses ${answers.statuses}`);
  reportApiErrors();
}

function reportApiErrors(): void {
  if (apiErrors.size > 0) report('T5', `API errors logged: ${[...apiErrors].map(([m, n]) => `${m} ×${n}`).join(', ')}`);
}
