/**
 * Records the replay-test fixtures from real runs: a throwaway PostgreSQL and dev server,
 * the real worker and activities, each invitation path once, each history exported.
 *
 *   node --import tsx temporal/record-histories.ts
 *
 * When a workflow changes on purpose, add new fixtures beside the old ones rather than
 * replacing them: the old histories stand for workflows still running in production.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createActivities } from '../activities';
import { openDatabase } from '../api/db/data-source';
import { startEmbeddedPostgres } from '../api/db/embedded-postgres';
import { freePort } from '../test/support/ports';
import { quietTemporalLogs, seedInvitation } from '../test/support/temporal';
import { invitationState } from '../workflows/invitation/invitation-expiry';
import { connectClient } from './client';
import { startDevServer } from './dev-server';
import { exportHistory } from './export-history';
import { signalInvitationAnswered, startInvitationExpiry } from './invitations';
import { connectWorker, createWorker } from './worker';

const OUT = path.resolve(import.meta.dirname, '..', 'workflows', 'invitation', 'histories');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'carecircle-record-'));
fs.chmodSync(tmp, 0o777); // embedded-postgres runs as an unprivileged user when we are root
quietTemporalLogs();

const pg = await startEmbeddedPostgres({ dir: path.join(tmp, 'pg'), port: await freePort() });
const temporal = await startDevServer({ dbFile: path.join(tmp, 'temporal.db'), grpcPort: await freePort(), uiPort: await freePort() });
const target = { address: temporal.address, namespace: 'default' };
const dataSource = await openDatabase(pg.url);
const { connection, client } = await connectClient(target);
const workerConnection = await connectWorker(temporal.address);
const taskQueue = 'record-histories';
const worker = await createWorker({ connection: workerConnection, namespace: 'default', taskQueue, activities: createActivities({ dataSource }) });

async function save(name: string, workflowId: string) {
  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(path.join(OUT, `${name}.json`), await exportHistory({ ...target, workflowId }));
  console.log(`wrote ${path.relative(process.cwd(), path.join(OUT, `${name}.json`))}`);
}

await worker.runUntil(async () => {
  // Nobody answers: the timer fires and the activity expires the row.
  const lapsing = await seedInvitation(dataSource, { ttlMs: 2_000 });
  const expired = await startInvitationExpiry(client, taskQueue, lapsing);
  await expired.result();
  await save('expired', expired.workflowId);

  // Accepted while the timer runs: the API commits the answer, then signals.
  const answered = await seedInvitation(dataSource, { ttlMs: 72 * 3_600_000 });
  const accepted = await startInvitationExpiry(client, taskQueue, answered);
  await accepted.query(invitationState); // the timer is scheduled once the first task has run
  await dataSource.query(`UPDATE invitations SET status = 'accepted', answered_at = now() WHERE id = $1`, [answered.invitationId]);
  await signalInvitationAnswered(client, answered.invitationId, 'accepted');
  await accepted.result();
  await save('accepted', accepted.workflowId);
});

await workerConnection.close();
await connection.close();
await dataSource.destroy();
await temporal.stop();
await pg.stop();
fs.rmSync(tmp, { recursive: true, force: true });
