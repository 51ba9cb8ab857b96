/**
 * What payload encryption costs:
 *   1. the codec alone: encode + decode of N payloads the size of our real ones;
 *   2. workflow tasks on a real dev server, without and with the codec: the same
 *      invitation-expiry workflow (input, activity call, activity result, result), timed
 *      from its history (workflow task started → completed, i.e. the worker's share,
 *      where decoding and encoding happen), by the SDK's own workflow-task execution metric
 *      (the figure the dashboard draws), and end to end (start → result at the client).
 *
 *   node --import tsx bench/codec-cost.ts [workflows per round, default 150]
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client, Connection } from '@temporalio/client';
import { defaultPayloadConverter, type DataConverter } from '@temporalio/common';
import { DefaultLogger, Runtime, Worker, type NativeConnection } from '@temporalio/worker';
import { EncryptionCodec } from '../temporal/codec/encryption-codec';
import { generatePayloadKey, parsePayloadKeys, formatPayloadKeys } from '../temporal/codec/payload-keys';
import { createDataConverter } from '../temporal/data-converter';
import { startDevServer } from '../temporal/dev-server';
import { workflowCodeOptions, connectWorker } from '../temporal/worker';
import { freePort } from '../test/support/ports';
import { temporalTelemetry } from '../temporal/worker-telemetry';
import { invitationExpiry } from '../workflows/invitation/invitation-expiry';
import { printSummary } from './figures';

const N = Number(process.argv[2] ?? 150);
const ring = parsePayloadKeys(formatPayloadKeys([generatePayloadKey('bench')]));

async function codecAlone() {
  const codec = new EncryptionCodec(() => ring);
  const small = defaultPayloadConverter.toPayload({ doseKey: '2026-03-29T08:00', userId: randomUUID(), via: 'app', reason: 'vomiting since 5am' });
  const state = defaultPayloadConverter.toPayload({ doses: Array.from({ length: 20 }, (_, i) => ({ key: `2026-03-${i}T08:00`, outcome: 'taken', by: randomUUID() })) });
  for (const [label, payload] of [['answer', small], ['state', state]] as const) {
    const batch = Array.from({ length: 10_000 }, () => payload);
    await codec.decode(await codec.encode(batch.slice(0, 500))); // warm-up
    const t0 = performance.now();
    const sealed = await codec.encode(batch);
    const t1 = performance.now();
    await codec.decode(sealed);
    const t2 = performance.now();
    const us = (ms: number) => ((ms * 1000) / batch.length).toFixed(1);
    console.log(`codec, ${label} payload (${payload.data!.length} B → ${sealed[0]!.data!.length} B): encode ${us(t1 - t0)} µs, decode ${us(t2 - t1)} µs per payload`);
  }
}

async function round(connection: Connection, workerConnection: NativeConnection, dataConverter: DataConverter) {
  const taskQueue = `codec-bench-${randomUUID()}`;
  const worker = await Worker.create({
    ...workflowCodeOptions,
    connection: workerConnection,
    taskQueue,
    dataConverter,
    activities: { expireInvitation: async () => ({ expired: true, status: 'expired' as const }) },
  });
  const client = new Client({ connection, dataConverter });
  const endToEnd: number[] = [];
  const taskMs: number[] = [];
  await worker.runUntil(async () => {
    const ids: string[] = [];
    for (let i = 0; i < N; i += 10) {
      await Promise.all(
        Array.from({ length: Math.min(10, N - i) }, async () => {
          const workflowId = `bench-${randomUUID()}`;
          ids.push(workflowId);
          const t0 = performance.now();
          // Already past its expiry: one activity, then done — every kind of payload once.
          const input = { invitationId: randomUUID(), familyId: randomUUID(), expiresAt: new Date(Date.now() - 1000).toISOString() };
          await client.workflow.execute(invitationExpiry, { taskQueue, workflowId, args: [input] });
          endToEnd.push(Math.round(performance.now() - t0));
        }),
      );
    }
    for (const id of ids) {
      const events = (await client.workflow.getHandle(id).fetchHistory()).events ?? [];
      const started = new Map<string, number>();
      for (const e of events) {
        const at = Number(e.eventTime!.seconds) * 1000 + e.eventTime!.nanos! / 1e6;
        if (e.workflowTaskStartedEventAttributes) started.set(String(e.eventId), at);
        const done = e.workflowTaskCompletedEventAttributes;
        if (done) taskMs.push(Math.round((at - started.get(String(done.startedEventId))!) * 10) / 10);
      }
    }
  });
  return { endToEnd, taskMs, taskQueue };
}

/** Mean of the SDK's workflow_task_execution_latency over the given task queues, from the runtime's Prometheus exporter. */
async function sdkTaskMeanMs(metricsPort: number, taskQueues: string[]): Promise<string> {
  const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  const sum = (name: string) =>
    text
      .split('\n')
      .filter((l) => l.startsWith(`temporal_workflow_task_execution_latency_seconds_${name}{`) && taskQueues.some((q) => l.includes(`task_queue="${q}"`)))
      .reduce((acc, l) => acc + Number(l.split(' ').pop()), 0);
  const count = sum('count');
  return `${((1000 * sum('sum')) / count).toFixed(2)} ms mean over ${count} tasks`;
}

await codecAlone();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carecircle-codec-bench-'));
const server = await startDevServer({ dbFile: path.join(dir, 'temporal.db'), grpcPort: await freePort(), uiPort: await freePort() });
// After the server holds its ports, so the exporter's port cannot be one of them.
const metricsPort = await freePort();
Runtime.install({ logger: new DefaultLogger('WARN'), telemetryOptions: temporalTelemetry({ host: '127.0.0.1', temporalPort: metricsPort }) });
const connection = await Connection.connect({ address: server.address });
// One native connection for every round: the runtime (and its metrics exporter) lives as long as it does.
const workerConnection = await connectWorker(server.address);
try {
  const plain: DataConverter = {};
  const encrypted = createDataConverter(() => ring);
  await round(connection, workerConnection, plain); // warm-up: bundle, caches, SQLite
  const empty = () => ({ endToEnd: [] as number[], taskMs: [] as number[], queues: [] as string[] });
  const results = { plain: empty(), encrypted: empty() };
  // Alternated, so drift on a shared machine hits both alike.
  for (const [name, dc] of [['plain', plain], ['encrypted', encrypted], ['plain', plain], ['encrypted', encrypted]] as const) {
    const r = await round(connection, workerConnection, dc);
    results[name].endToEnd.push(...r.endToEnd);
    results[name].taskMs.push(...r.taskMs);
    results[name].queues.push(r.taskQueue);
  }
  for (const name of ['plain', 'encrypted'] as const) {
    printSummary(`workflow task (started → completed), ${name}`, results[name].taskMs);
    printSummary(`start → result at the client, ${name}`, results[name].endToEnd);
    console.log(`SDK workflow task execution latency, ${name}: ${await sdkTaskMeanMs(metricsPort, results[name].queues)}`);
  }
} finally {
  await workerConnection.close();
  await connection.close();
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
