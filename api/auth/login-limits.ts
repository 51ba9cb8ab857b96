import type { DataSource } from 'typeorm';
import type { Config } from '../config';
import { rateLimited } from '../http/errors';

/**
 * Failed logins are counted in PostgreSQL, per account and per client IP, over a sliding
 * window, so every API replica enforces the same limit.
 */
export async function assertLoginAllowed(ds: DataSource, config: Config, emailKey: string, ip: string, now = new Date()) {
  const since = new Date(now.getTime() - config.loginLimits.windowMs);
  const [row] = (await ds.query(
    `SELECT count(*) FILTER (WHERE email_key = $1) AS by_account,
            count(*) FILTER (WHERE ip = $2) AS by_ip
       FROM login_failures WHERE at > $3 AND (email_key = $1 OR ip = $2)`,
    [emailKey, ip, since],
  )) as { by_account: string; by_ip: string }[];
  const limited =
    Number(row?.by_account ?? 0) >= config.loginLimits.perAccount || Number(row?.by_ip ?? 0) >= config.loginLimits.perIp;
  if (limited) {
    // The same answer whether or not the account exists.
    throw rateLimited('Too many failed logins. Wait a few minutes and try again.', Math.ceil(config.loginLimits.windowMs / 1000));
  }
}

export async function recordLoginFailure(ds: DataSource, emailKey: string, ip: string, now = new Date()) {
  await ds.query('INSERT INTO login_failures (email_key, ip, at) VALUES ($1, $2, $3)', [emailKey, ip, now]);
}

export async function clearLoginFailures(ds: DataSource, emailKey: string) {
  await ds.query('DELETE FROM login_failures WHERE email_key = $1', [emailKey]);
}
