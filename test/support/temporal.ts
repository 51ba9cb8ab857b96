import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ClosedGate } from '../../temporal/closing-connection';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import type { InvitationStatus } from '../../api/db/entities/invitation';
import { resolveTestServer } from '../../temporal/binaries';
import { dataConverter } from '../../temporal/data-converter';
import { startDevServer, type DevServer } from '../../temporal/dev-server';
import { ensureSearchAttributes } from '../../temporal/search-attributes';
import { freePort } from './ports';

export interface TestTemporal {
  address: string;
  namespace: string;
}

let own: Promise<DevServer> | undefined;

/**
 * A real Temporal dev server for integration tests. The suite runner starts one for all
 * files and passes TEST_TEMPORAL_ADDRESS; a file run on its own starts a private one on
 * free ports with a throwaway SQLite file, stopped when the process exits.
 * Files share the server, so each should use its own task queue.
 */
export async function getTestTemporal(): Promise<TestTemporal> {
  const namespace = process.env.TEST_TEMPORAL_NAMESPACE ?? 'default';
  const shared = process.env.TEST_TEMPORAL_ADDRESS;
  if (shared) return { address: shared, namespace };
  own ??= (async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carecircle-temporal-'));
    const server = await startDevServer({
      dbFile: path.join(dir, 'temporal.sqlite'),
      grpcPort: await freePort(),
      uiPort: await freePort(),
      namespace,
    });
    // startDevServer already kills the child on exit; this also removes the files.
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    return server;
  })();
  return { address: (await own).address, namespace };
}

/** Stops the private server, if this file started one (a no-op against the shared one). */
export async function stopTestTemporal(): Promise<void> {
  const server = await own;
  own = undefined;
  await server?.stop();
}

/**
 * Worker logs at INFO (including the webpack report) drown test output; keep warnings.
 * Must run before anything creates the Temporal runtime; later calls are ignored.
 */
export function quietTemporalLogs(): void {
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed by an earlier call or an earlier worker: keep that one.
  }
}

/**
 * The rows an invitation workflow works on: an admin, their family and an invitation
 * that lapses `ttlMs` from now. Names and emails are synthetic.
 */
export async function seedInvitation(
  dataSource: DataSource,
  opts: { ttlMs: number; status?: InvitationStatus },
): Promise<{ invitationId: string; familyId: string; expiresAt: string }> {
  const [user] = await dataSource.query(
    `INSERT INTO users (email, password_hash, display_name, time_zone) VALUES ($1, 'x', 'Admin', 'Europe/Paris') RETURNING id`,
    [`admin-${randomUUID()}@example.test`],
  );
  const [family] = await dataSource.query(`INSERT INTO families (name) VALUES ('The Martins') RETURNING id`);
  const expiresAt = new Date(Date.now() + opts.ttlMs);
  const [invitation] = await dataSource.query(
    `INSERT INTO invitations (family_id, email, role, token_hash, invited_by, status, expires_at)
     VALUES ($1, 'aunt@example.test', 'caregiver', $2, $3, $4, $5) RETURNING id`,
    [family.id, randomUUID(), user.id, opts.status ?? 'pending', expiresAt],
  );
  return { invitationId: invitation.id, familyId: family.id, expiresAt: expiresAt.toISOString() };
}

/**
 * A time-skipping test server found through the project's binary lookup, with worker
 * logs quietened and our search attributes registered (it starts without them).
 */
export async function startTimeSkipping(): Promise<TestWorkflowEnvironment> {
  quietTemporalLogs();
  const source = await resolveTestServer();
  const gate = new ClosedGate();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    // env.client must encrypt and decrypt like the workers do.
    client: { dataConverter },
    server: { executable: source.kind === 'cached-download' ? { type: 'cached-download' } : { type: 'existing-path', path: source.path } },
    plugins: [gate.plugin],
  });
  // teardown() closes env.connection: a call then waiting to be retried must not re-send on it (temporal/closing-connection.ts).
  const teardown = env.teardown.bind(env);
  env.teardown = async () => {
    gate.close();
    await teardown();
  };
  await ensureSearchAttributes(env.connection, 'default');
  return env;
}
