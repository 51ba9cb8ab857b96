import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'koa';
import type { AppDeps } from '../deps';
import type { Queryable } from '../events/publisher';
import { getOrCreateSecret } from '../secrets';

/**
 * A browser that has logged in to an account before carries a signed cookie naming the
 * account and a random device id. It grants no access by itself; it only lets the owner
 * keep logging in from that browser while strangers have locked the account for everyone
 * else (docs/decisions.md, "Lock-out is not a weapon").
 */
export const DEVICE_COOKIE = 'cc_device';
const DEVICE_COOKIE_MS = 365 * 86_400_000;

export interface KnownDevice {
  userId: string;
  deviceId: string;
}

async function deviceKey(db: Queryable): Promise<Buffer> {
  return Buffer.from(await getOrCreateSecret(db, 'device-cookie-key', () => randomBytes(32).toString('hex')), 'hex');
}

const mac = (key: Buffer, body: string) => createHmac('sha256', key).update(`device:${body}`).digest();

/** The device in the request's cookie if it is ours and names this account; otherwise null. */
export async function knownDeviceFor(ctx: Context, deps: AppDeps, userId: string | undefined): Promise<KnownDevice | null> {
  const value = ctx.cookies.get(DEVICE_COOKIE);
  if (!value || !userId) return null;
  const [cookieUser, deviceId, sig, extra] = value.split('.');
  if (!cookieUser || !deviceId || !sig || extra !== undefined || cookieUser !== userId) return null;
  const given = Buffer.from(sig, 'base64url');
  const expected = mac(await deviceKey(deps.dataSource), `${cookieUser}.${deviceId}`);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { userId, deviceId };
}

/** After a successful login: this browser is now known for the account (one account per browser, the latest). */
export async function rememberDevice(ctx: Context, deps: AppDeps, userId: string, known: KnownDevice | null): Promise<void> {
  const deviceId = known?.deviceId ?? randomBytes(16).toString('base64url');
  const body = `${userId}.${deviceId}`;
  ctx.cookies.set(DEVICE_COOKIE, `${body}.${mac(await deviceKey(deps.dataSource), body).toString('base64url')}`, {
    httpOnly: true,
    sameSite: 'lax',
    secure: deps.config.sessions.secureCookie,
    maxAge: DEVICE_COOKIE_MS,
    overwrite: true,
  });
}
