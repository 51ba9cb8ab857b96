import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { rateLimited } from '../http/errors';
import type { KnownDevice } from './known-device';

/**
 * Failed logins are counted in PostgreSQL over a sliding window, so every API replica
 * enforces the same limits:
 * - per client IP, whoever the account: one address cannot spray guesses;
 * - per account, counting only failures from browsers not known to that account: a
 *   stranger slows every other stranger down but cannot lock the owner out of a browser
 *   they have logged in from before;
 * - per known browser: a stolen laptop gets the same five guesses as anyone.
 */
export async function assertLoginAllowed(
  ds: DataSource,
  config: Config,
  emailKey: string,
  ip: string,
  device: KnownDevice | null,
  now = new Date(),
) {
  const since = new Date(now.getTime() - config.loginLimits.windowMs);
  const [row] = (await ds.query(
    `SELECT count(*) FILTER (WHERE email_key = $1 AND device_id IS NULL) AS by_account,
            count(*) FILTER (WHERE email_key = $1 AND device_id = $3) AS by_device,
            count(*) FILTER (WHERE ip = $2) AS by_ip
       FROM login_failures WHERE at > $4 AND (email_key = $1 OR ip = $2)`,
    [emailKey, ip, device?.deviceId ?? null, since],
  )) as { by_account: string; by_device: string; by_ip: string }[];
  const perAccount = device ? Number(row?.by_device ?? 0) : Number(row?.by_account ?? 0);
  const limited = perAccount >= config.loginLimits.perAccount || Number(row?.by_ip ?? 0) >= config.loginLimits.perIp;
  if (limited) {
    // The same answer whether or not the account exists.
    throw rateLimited('Too many failed logins. Wait a few minutes and try again.', Math.ceil(config.loginLimits.windowMs / 1000));
  }
}

export async function recordLoginFailure(ds: DataSource, emailKey: string, ip: string, device: KnownDevice | null, now = new Date()) {
  await ds.query('INSERT INTO login_failures (email_key, ip, device_id, at) VALUES ($1, $2, $3, $4)', [emailKey, ip, device?.deviceId ?? null, now]);
}

/** After a success, forgets the failures of the same kind only: the owner logging in at home does not reset a stranger's count. */
export async function clearLoginFailures(ds: DataSource, emailKey: string, device: KnownDevice | null) {
  if (device) await ds.query('DELETE FROM login_failures WHERE email_key = $1 AND device_id = $2', [emailKey, device.deviceId]);
  else await ds.query('DELETE FROM login_failures WHERE email_key = $1 AND device_id IS NULL', [emailKey]);
}
