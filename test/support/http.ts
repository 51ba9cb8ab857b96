import { randomBytes } from 'node:crypto';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A browser-like caller: keeps its session cookie between requests. */
export class ApiSession {
  cookie = '';
  constructor(readonly baseUrl: string) {}

  async request<T = any>(method: string, path: string, body?: unknown, init: { raw?: string; headers?: Record<string, string> } = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...init.headers };
    if (this.cookie) headers.cookie = this.cookie;
    let payload: string | undefined = init.raw;
    if (body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const res = await fetch(this.baseUrl + path, { method: method.toUpperCase(), headers, body: payload });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const pair = setCookie.split(';')[0]!;
      this.cookie = pair.endsWith('=') ? '' : pair;
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
}

export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}@example.test`;
}

export const PASSWORD = 'correct horse battery';

/** Signs up a new account and returns its logged-in session. */
export async function signUp(baseUrl: string, name = 'Alex', email = uniqueEmail(name.toLowerCase())) {
  const session = new ApiSession(baseUrl);
  const res = await session.post('/api/auth/signup', { email, password: PASSWORD, displayName: name, timeZone: 'Europe/Paris' });
  if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { session, user: res.body.user as { id: string; email: string }, email };
}

/** The invitation link the dev outbox holds for this session's account. */
export async function invitationTokenFromOutbox(session: ApiSession): Promise<string> {
  const res = await session.get('/api/outbox');
  const link = (res.body.messages as { link: string | null }[]).find((m) => m.link?.includes('/invitations/accept'))?.link;
  if (!link) throw new Error('no invitation in the outbox');
  return new URL(link).searchParams.get('token')!;
}
