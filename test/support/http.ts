import { randomBytes } from 'node:crypto';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A browser-like caller: keeps its session cookie, and the known-device cookie a login leaves, between requests. */
export class ApiSession {
  cookie = '';
  deviceCookie = '';
  constructor(readonly baseUrl: string) {}

  async request<T = any>(method: string, path: string, body?: unknown, init: { raw?: string; headers?: Record<string, string> } = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...init.headers };
    const cookies = [this.cookie, this.deviceCookie].filter(Boolean).join('; ');
    if (cookies && !headers.cookie) headers.cookie = cookies;
    let payload: string | undefined = init.raw;
    if (body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const res = await fetch(this.baseUrl + path, { method: method.toUpperCase(), headers, body: payload });
    for (const setCookie of res.headers.getSetCookie()) {
      const pair = setCookie.split(';')[0]!;
      const value = pair.endsWith('=') ? '' : pair;
      if (pair.startsWith('cc_device=')) this.deviceCookie = value;
      else this.cookie = value;
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // non-JSON bodies (the SPA, 204s) stay as text
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get = <T = any>(path: string) => this.request<T>('get', path);
  post = <T = any>(path: string, body?: unknown) => this.request<T>('post', path, body);
  patch = <T = any>(path: string, body?: unknown) => this.request<T>('patch', path, body);
  delete = <T = any>(path: string) => this.request<T>('delete', path);

  /**
   * One answer (one tap), sent as the SPA sends it: under one Idempotency-Key, and again on a
   * 503 (three tries at most), which the API gives when Temporal does not take the Update within
   * its deadline (over 2.9 s seen beside a second suite). The key makes a repeat return the
   * first one's result.
   */
  async answer<T = any>(path: string, body?: unknown): Promise<ApiResponse<T>> {
    const headers = { 'idempotency-key': `test-${randomBytes(8).toString('hex')}` };
    for (let tries = 1; ; tries++) {
      const res = await this.request<T>('post', path, body, { headers });
      if (res.status !== 503 || tries === 3) return res;
    }
  }
}

export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}@example.test`;
}

export const PASSWORD = 'correct horse battery';

/**
 * Signs up a new account and returns its logged-in session. The address is verified
 * through the link in the dev outbox, as a person would, unless `verifyEmail: false`.
 */
export async function signUp(baseUrl: string, name = 'Alex', email = uniqueEmail(name.toLowerCase()), options: { verifyEmail?: boolean } = {}) {
  const session = new ApiSession(baseUrl);
  const res = await session.post('/api/auth/signup', { email, password: PASSWORD, displayName: name, timeZone: 'Europe/Paris' });
  if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${JSON.stringify(res.body)}`);
  if (options.verifyEmail !== false) await verifyEmail(session);
  return { session, user: res.body.user as { id: string; email: string }, email };
}

/** Opens the newest verify-email link in this account's outbox (through the API, as the SPA's landing page does). */
export async function verifyEmail(session: ApiSession): Promise<void> {
  const token = await emailVerificationToken(session);
  const res = await session.post('/api/auth/verify-email', { token });
  if (res.status !== 204) throw new Error(`email verification failed: ${res.status} ${JSON.stringify(res.body)}`);
}

export async function emailVerificationToken(session: ApiSession): Promise<string> {
  const res = await session.get('/api/outbox');
  const link = (res.body.messages as { link: string | null }[]).find((m) => m.link?.includes('/verify-email'))?.link;
  if (!link) throw new Error('no verification link in the outbox');
  return new URL(link).searchParams.get('token')!;
}

/** The newest SMS code sent to `phone` that this account's outbox shows. */
export async function phoneCodeFromOutbox(session: ApiSession, phone: string): Promise<string> {
  const res = await session.get('/api/outbox');
  const sms = (res.body.messages as { channel: string; toAddress: string; body: string }[]).find(
    (m) => m.channel === 'sms' && m.toAddress === phone && /code: \d{6}/.test(m.body),
  );
  if (!sms) throw new Error(`no verification code for ${phone} in the outbox`);
  return /code: (\d{6})/.exec(sms.body)![1]!;
}

/** Sets this account's phone and proves it with the SMS code from the dev outbox. */
export async function verifyPhone(session: ApiSession, phone: string): Promise<void> {
  const set = await session.patch('/api/me', { phone });
  if (set.status !== 200) throw new Error(`setting the phone failed: ${set.status} ${JSON.stringify(set.body)}`);
  const res = await session.post('/api/me/phone/verify', { code: await phoneCodeFromOutbox(session, phone) });
  if (res.status !== 200) throw new Error(`phone verification failed: ${res.status} ${JSON.stringify(res.body)}`);
}

/** The invitation link the dev outbox holds for this session's account. */
export async function invitationTokenFromOutbox(session: ApiSession): Promise<string> {
  const res = await session.get('/api/outbox');
  const link = (res.body.messages as { link: string | null }[]).find((m) => m.link?.includes('/invitations/accept'))?.link;
  if (!link) throw new Error('no invitation in the outbox');
  return new URL(link).searchParams.get('token')!;
}
