import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client, type Payload } from '@temporalio/client';
import { dataConverter } from '../temporal/data-converter';
import { FamilyId } from '../temporal/search-attributes';
import { subscribeToFamily, until, wallClock } from '../api/medications/test-family';
import { startTestApp, type TestApp } from './support/app';
import { signUp } from './support/http';

/**
 * Canaries: a whole caregiving story on the real stack (API → workflows → activities)
 * with a marked string in every free-text field, then Temporal's own database file (and
 * its WAL) and the logs are searched for them. Workflow payloads are encrypted, so none
 * may appear. Two controls show the search would have found them: the same histories,
 * decrypted with the key, hold the canaries; and a payload written without the codec is
 * found in the very same files.
 */
const RUN = randomBytes(4).toString('hex');
const canary = (field: string) => `CANARY-${RUN}-${field}`;

function temporalFiles(): string[] {
  const db = process.env.TEST_TEMPORAL_DB_FILE;
  assert.ok(db, 'TEST_TEMPORAL_DB_FILE is not set: run through `npm test -- canaries`');
  const dir = path.dirname(db);
  return [db, `${db}-wal`, `${db}-shm`, path.join(dir, 'temporal-dev-server.log')].filter((f) => fs.existsSync(f));
}

/** Every file byte for byte: a canary is found whether it sits in a row, a WAL frame or a log line. */
function hitsIn(files: string[], needle: string): string[] {
  return files.filter((f) => fs.readFileSync(f).includes(Buffer.from(needle)));
}

/** Every Payload anywhere in a history, decrypted with the app's codec. */
async function decryptedText(value: unknown): Promise<string> {
  const payloads: Payload[] = [];
  const walk = (v: unknown) => {
    if (!v || typeof v !== 'object') return;
    if ('data' in v && 'metadata' in v && (v as Payload).metadata) payloads.push(v as Payload);
    else Object.values(v).forEach(walk);
  };
  walk(value);
  let decoded = payloads;
  for (const codec of [...(dataConverter.payloadCodecs ?? [])].reverse()) decoded = await codec.decode(decoded);
  return decoded.map((p) => Buffer.from(p.data ?? []).toString()).join('\n');
}

describe('canaries: no free text reaches Temporal in clear', { timeout: 240_000 }, () => {
  let app: TestApp;
  const logged: string[] = [];
  const writes = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };

  before(async () => {
    // Everything this process logs while the story runs: the API's and the worker's logs.
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => (logged.push(String(chunk)), writes.out(chunk, ...rest))) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: never[]) => (logged.push(String(chunk)), writes.err(chunk, ...rest))) as typeof process.stderr.write;
    app = await startTestApp();
  });
  after(async () => {
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
    await app.stop();
  });

  test('a medication skipped with a reason and an emergency resolved with a note leave no canary in the database file or the logs', async () => {
    const zone = 'UTC';
    const admin = await signUp(app.baseUrl, canary('memberName'));
    const familyId = (await admin.session.post('/api/families', { name: canary('familyName') })).body.family.id as string;
    const recipientId = (await admin.session.post(`/api/families/${familyId}/recipients`, { displayName: canary('recipientName'), timeZone: zone })).body
      .recipient.id as string;
    const live = await subscribeToFamily(app.baseUrl, admin.session, familyId);

    // A dose due within the hour, skipped early with a reason (an Update: its argument goes into history).
    const due = wallClock(zone, new Date(Date.now() + 30 * 60_000).toISOString());
    const created = await admin.session.post(`/api/families/${familyId}/medications`, {
      medicationName: canary('medicationName'),
      dose: canary('dose'),
      instructions: canary('instructions'),
      careRecipientId: recipientId,
      assignedCaregiverId: admin.user.id,
      timeZone: zone,
      timesOfDay: [due.time],
      pattern: { kind: 'daily' },
      startDate: wallClock(zone, new Date(Date.now() - 86_400_000).toISOString()).date,
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const scheduleId = created.body.medication.id as string;
    const skipPath = `/api/families/${familyId}/medications/${scheduleId}/doses/${due.date}T${due.time}/skipped`;
    // The workflow works out its next dose in an activity first; until then the dose is not yet askable.
    await until('the early skip to be accepted', async () => (await admin.session.post(skipPath, { reason: canary('skipReason') })).status === 200, 30_000);

    // An emergency pages everyone (activities send through the dev outbox), then is resolved with a note.
    const raised = await admin.session.post(`/api/families/${familyId}/emergencies`, { note: canary('emergencyNote') });
    assert.equal(raised.status, 201, JSON.stringify(raised.body));
    const escalationId = raised.body.escalation.id as string;
    await live.next((e) => e.type === 'delivery.changed' && e.delivery.status === 'sent');
    const resolved = await admin.session.answer(`/api/families/${familyId}/escalations/${escalationId}/resolve`, { note: canary('resolveNote') });
    assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
    live.close();

    // The family's workflows, found as ops find them: by the FamilyId search attribute.
    const ids: string[] = [];
    await until('the family workflows to be visible', async () => {
      ids.length = 0;
      for await (const wf of app.client.workflow.list({ query: `${FamilyId.name} = '${familyId}'` })) ids.push(wf.workflowId);
      return ids.length >= 2;
    });
    const histories = await Promise.all(ids.map((id) => app.client.workflow.getHandle(id).fetchHistory()));
    await app.client.workflow.getHandle(ids.find((id) => id.includes(scheduleId))!).terminate('canary test over');

    const fields = ['memberName', 'familyName', 'recipientName', 'medicationName', 'dose', 'instructions', 'skipReason', 'emergencyNote', 'resolveNote'];
    const files = temporalFiles();
    assert.ok(files.some((f) => f.endsWith('.db')) && files.some((f) => f.endsWith('.log')), files.join(', '));
    const leaks = fields.flatMap((field) => hitsIn(files, canary(field)).map((f) => `${field} in ${path.basename(f)}`));
    const logLeaks = fields.filter((field) => logged.some((line) => line.includes(canary(field))));
    assert.deepEqual(leaks, []);
    assert.deepEqual(logLeaks, []);

    // Control 1: decrypted with the key, the same histories hold what the workflows were told.
    const clear = await decryptedText(histories);
    for (const field of ['skipReason', 'resolveNote']) assert.ok(clear.includes(canary(field)), `${field} is not in the decrypted history`);
    // Control 2: a payload written without the codec is found in these same files by the same search.
    const plainClient = new Client({ connection: app.client.connection, namespace: 'default' });
    const control = await plainClient.workflow.start('medicationSchedule', { taskQueue: `nobody-${RUN}`, workflowId: `canary-control-${RUN}`, args: [canary('control')] });
    await control.terminate('control written');
    assert.notDeepEqual(hitsIn(temporalFiles(), canary('control')), []);
  });
});
