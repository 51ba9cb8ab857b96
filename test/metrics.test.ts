import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { subscribeToFamily, until } from '../api/medications/test-family';
import { watchdogScheduleId } from '../temporal/watchdog-schedule';
import { TEMPORAL_SDK_METRICS } from '../temporal/worker-telemetry';
import { startTestApp, testTemporalAddress, type TestApp } from './support/app';
import { signUp, type ApiSession } from './support/http';
import { freePort } from './support/ports';
import { labelValues, sampleSum, scrape } from './support/prometheus';
import { WatchedProcess } from './supervisor/start-process';

const ROOT = path.resolve(import.meta.dirname, '..');

/**
 * The API in this process and the worker as its own process (`temporal/worker-main.ts`, as
 * npm start and docker-compose run it), each with its metrics port: what Prometheus scrapes.
 */
describe('metrics on the real stack', () => {
  let app: TestApp;
  let worker: WatchedProcess;
  let workerMetrics: string;
  let sdkMetrics: string;
  let alice: { session: ApiSession; user: { id: string } };
  let familyId: string;

  before(async () => {
    app = await startTestApp({ withWorker: false, metrics: true });
    const [workerPort, temporalPort] = [await freePort(), await freePort()];
    const env = {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: app.databaseUrl,
      TEMPORAL_ADDRESS: testTemporalAddress(),
      TEMPORAL_TASK_QUEUE: app.taskQueue,
      APP_BASE_URL: app.baseUrl,
      METRICS_HOST: '127.0.0.1',
      WORKER_METRICS_PORT: String(workerPort),
      TEMPORAL_METRICS_PORT: String(temporalPort),
    };
    worker = new WatchedProcess(spawn(process.execPath, ['--import', 'tsx', 'temporal/worker-main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] }));
    await worker.seen(/worker ready/, 120_000);
    workerMetrics = `http://127.0.0.1:${workerPort}/metrics`;
    sdkMetrics = `http://127.0.0.1:${temporalPort}/metrics`;
    alice = await signUp(app.baseUrl, 'Alice');
    familyId = (await alice.session.post('/api/families', { name: 'Metrics' })).body.family.id as string;
  });

  after(async () => {
    worker?.child.kill('SIGTERM');
    await worker?.exited;
    // Each worker keeps a watchdog schedule per task queue; these queues are gone with the test.
    for (const queue of [app?.taskQueue, `${app?.taskQueue}-second`]) {
      await app?.client.schedule.getHandle(watchdogScheduleId(queue!)).delete().catch(() => {});
    }
    await app?.stop();
  });

  test('the API times requests by route template and status, never by a raw path', { timeout: 30_000 }, async () => {
    const route = { method: 'GET', route: '/api/families/:familyId', status: '200' };
    const before = sampleSum(await scrape(app.metricsUrl!), 'carecircle_http_request_duration_seconds_count', route);
    for (let i = 0; i < 3; i++) assert.equal((await alice.session.get(`/api/families/${familyId}`)).status, 200);
    const stranger = randomUUID();
    assert.equal((await alice.session.get(`/api/families/${stranger}`)).status, 403);
    assert.equal((await alice.session.get(`/api/no-such-thing/${stranger}`)).status, 404);

    const text = await scrape(app.metricsUrl!);
    assert.equal(sampleSum(text, 'carecircle_http_request_duration_seconds_count', route), before + 3);
    assert.equal(sampleSum(text, 'carecircle_http_request_duration_seconds_count', { ...route, status: '403' }), 1);
    assert.equal(sampleSum(text, 'carecircle_http_request_duration_seconds_count', { route: '(unmatched api)', status: '404' }), 1);
    const ids = labelValues(text).filter((v) => v.includes(familyId) || v.includes(stranger));
    assert.deepEqual(ids, [], 'no label value holds an id');
    // The public port does not serve it (the SPA answers that path like any other).
    assert.doesNotMatch(await (await fetch(`${app.baseUrl}/metrics`)).text(), /carecircle_http_request_duration_seconds/);
  });

  test('an emergency moves the worker counters: due, sent, lateness, open escalations, then acknowledgement latency', { timeout: 90_000 }, async (t) => {
    const emergency = { kind: 'emergency', channel: 'email' };
    const start = await scrape(workerMetrics);
    const apiStart = await scrape(app.metricsUrl!);
    const live = await subscribeToFamily(app.baseUrl, alice.session, familyId);
    assert.equal(sampleSum(await scrape(app.metricsUrl!), 'carecircle_ws_connections'), sampleSum(apiStart, 'carecircle_ws_connections') + 1);

    const raised = await alice.session.post(`/api/families/${familyId}/emergencies`, { note: 'Fell in the kitchen' });
    assert.equal(raised.status, 201);
    const escalationId = raised.body.escalation.id as string;
    await live.next((e) => e.type === 'delivery.changed' && e.delivery.channel === 'email' && e.delivery.status === 'sent');
    // The worker counts after the provider call returns, so the scrape may trail the live event by a moment.
    const lateness = 'carecircle_reminder_lateness_seconds_count';
    let sent = '';
    await until('the emergency page is counted', async () => {
      sent = await scrape(workerMetrics);
      return sampleSum(sent, lateness, emergency) > sampleSum(start, lateness, emergency);
    });
    assert.equal(sampleSum(sent, 'carecircle_reminders_sent_total', emergency), sampleSum(start, 'carecircle_reminders_sent_total', emergency) + 1);
    assert.ok(sampleSum(sent, 'carecircle_reminders_due_total', emergency) >= sampleSum(start, 'carecircle_reminders_due_total', emergency) + 1);
    assert.equal(sampleSum(sent, lateness, emergency), sampleSum(start, lateness, emergency) + 1);
    const latenessSum = 'carecircle_reminder_lateness_seconds_sum';
    t.diagnostic(`emergency page lateness: ${(sampleSum(sent, latenessSum, emergency) - sampleSum(start, latenessSum, emergency)).toFixed(3)} s`);
    assert.equal(sampleSum(sent, 'carecircle_open_escalations', { kind: 'emergency' }), 1);
    assert.ok(sampleSum(await scrape(app.metricsUrl!), 'carecircle_ws_events_fanned_out_total', { type: 'delivery.changed' }) >= 1);

    assert.equal((await alice.session.answer(`/api/families/${familyId}/escalations/${escalationId}/acknowledge`)).status, 200);
    // The answer is observed by the worker's activity after its commit: a scrape is the only way to see it.
    const answered = { kind: 'emergency', via: 'app' };
    await until('the acknowledgement latency is observed', async () => {
      const text = await scrape(workerMetrics);
      return sampleSum(text, 'carecircle_acknowledgement_latency_seconds_count', answered) === 1;
    });
    assert.equal(sampleSum(await scrape(workerMetrics), 'carecircle_open_escalations', { kind: 'emergency' }), 0);

    live.close();
    const apiWs = () => scrape(app.metricsUrl!).then((t) => sampleSum(t, 'carecircle_ws_connections'));
    await until('the closed socket leaves the gauge', async () => (await apiWs()) === sampleSum(apiStart, 'carecircle_ws_connections'));
  });

  test('a medication dose reminder is counted as sent, with its lateness from the dose due instant', { timeout: 150_000 }, async (t) => {
    const recipientId = (await alice.session.post(`/api/families/${familyId}/recipients`, { displayName: 'Nan', timeZone: 'UTC' })).body.recipient.id;
    // The next whole minute at least 15 s away: the reminder fires for real, no clock is faked.
    const due = new Date(Math.ceil((Date.now() + 15_000) / 60_000) * 60_000);
    const dose = { kind: 'dose_due', channel: 'email' };
    const start = await scrape(workerMetrics);
    const live = await subscribeToFamily(app.baseUrl, alice.session, familyId);
    const res = await alice.session.post(`/api/families/${familyId}/medications`, {
      medicationName: 'Metformin',
      dose: '500 mg',
      careRecipientId: recipientId,
      assignedCaregiverId: alice.user.id,
      timeZone: 'UTC',
      timesOfDay: [due.toISOString().slice(11, 16)],
      pattern: { kind: 'daily' },
      startDate: due.toISOString().slice(0, 10),
      doseCount: 1,
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const scheduleId = res.body.medication.id as string;
    await live.next((e) => e.type === 'delivery.changed' && e.delivery.scheduleId === scheduleId && e.delivery.status === 'sent');
    const sentAt = Date.now();
    live.close();

    // The worker counts after the provider call returns, so the scrape may trail the live event by a moment.
    let text = '';
    await until('the dose reminder is counted', async () => {
      text = await scrape(workerMetrics);
      return sampleSum(text, 'carecircle_reminder_lateness_seconds_count', dose) > sampleSum(start, 'carecircle_reminder_lateness_seconds_count', dose);
    });
    assert.equal(sampleSum(text, 'carecircle_reminders_sent_total', dose), sampleSum(start, 'carecircle_reminders_sent_total', dose) + 1);
    const count = sampleSum(text, 'carecircle_reminder_lateness_seconds_count', dose) - sampleSum(start, 'carecircle_reminder_lateness_seconds_count', dose);
    const seconds = sampleSum(text, 'carecircle_reminder_lateness_seconds_sum', dose) - sampleSum(start, 'carecircle_reminder_lateness_seconds_sum', dose);
    assert.equal(count, 1);
    t.diagnostic(`dose reminder lateness: ${seconds.toFixed(3)} s`);
    // Measured from the dose's own due instant: between zero and the time we saw it arrive.
    assert.ok(seconds >= 0 && seconds <= (sentAt - due.getTime()) / 1000 + 1, `lateness ${seconds} s`);
  });

  test('a second worker in test mode, given no metrics ports, takes free ones beside the first', { timeout: 150_000 }, async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', DATABASE_URL: app.databaseUrl, TEMPORAL_ADDRESS: testTemporalAddress() };
    Object.assign(env, { TEMPORAL_TASK_QUEUE: `${app.taskQueue}-second`, APP_BASE_URL: app.baseUrl });
    for (const name of ['METRICS_PORT', 'WORKER_METRICS_PORT', 'TEMPORAL_METRICS_PORT']) delete env[name];
    const second = new WatchedProcess(spawn(process.execPath, ['--import', 'tsx', 'temporal/worker-main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] }));
    try {
      const line = await second.seen(/worker metrics on http:\/\/\S+/, 120_000);
      const url = /(http:\/\/[^\s,]+)/.exec(line)![1]!;
      assert.notEqual(url, workerMetrics);
      assert.match(await scrape(url), /carecircle_reminders_sent_total/);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });

  test("the worker process exports Temporal's SDK metrics the dashboard draws", { timeout: 30_000 }, async (t) => {
    const text = await scrape(sdkMetrics);
    const wft = 'temporal_workflow_task_execution_latency_seconds';
    t.diagnostic(`workflow task execution: ${sampleSum(text, `${wft}_count`)} tasks, mean ${((1000 * sampleSum(text, `${wft}_sum`)) / sampleSum(text, `${wft}_count`)).toFixed(1)} ms`);
    const missing = TEMPORAL_SDK_METRICS.filter((name) => !new RegExp(`^${name}(_bucket|_count|_sum)?[{ ]`, 'm').test(text));
    assert.deepEqual(missing, []);
    // The labels the dashboard groups by.
    assert.ok(sampleSum(text, 'temporal_activity_execution_latency_seconds_count', { activity_type: 'deliver' }) >= 1);
    assert.ok(sampleSum(text, 'temporal_worker_task_slots_available', { worker_type: 'WorkflowWorker' }) >= 1);
  });
});
