import type { Queryable } from './events/publisher';

/**
 * A secret the app generates once and keeps in PostgreSQL (VAPID keys, the answer-link
 * signing key), so every API replica and worker uses the same one and a restart keeps it.
 * The first writer wins; everyone reads back the stored value.
 */
export async function getOrCreateSecret<T>(db: Queryable, name: string, create: () => T): Promise<T> {
  await db.query('INSERT INTO app_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [name, JSON.stringify(create())]);
  const rows = (await db.query('SELECT value FROM app_secrets WHERE name = $1', [name])) as { value: T }[];
  return rows[0]!.value;
}
