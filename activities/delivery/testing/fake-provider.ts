import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { TEST_TLS_CERT, TEST_TLS_KEY } from './test-tls';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export interface ScriptedResponse {
  status: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON. */
  body?: unknown;
}

/**
 * A local HTTP(S) server standing in for a provider, so the real SDKs run unmodified.
 * It records every request; `answerNext` queues responses, otherwise `accept` answers.
 */
export class FakeProvider {
  readonly requests: RecordedRequest[] = [];
  private readonly queue: ScriptedResponse[] = [];
  private server!: http.Server;
  url = '';

  private constructor(private readonly accept: (req: RecordedRequest) => ScriptedResponse) {}

  static async start(accept: (req: RecordedRequest) => ScriptedResponse, opts: { tls?: boolean } = {}): Promise<FakeProvider> {
    const fake = new FakeProvider(accept);
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const recorded = { method: req.method!, path: req.url!, headers: req.headers, body: Buffer.concat(chunks) };
        fake.requests.push(recorded);
        const answer = fake.queue.shift() ?? fake.accept(recorded);
        const json = answer.body !== undefined && typeof answer.body !== 'string';
        const body = answer.body === undefined ? '' : json ? JSON.stringify(answer.body) : (answer.body as string);
        res.writeHead(answer.status, { ...(json ? { 'content-type': 'application/json' } : {}), ...answer.headers });
        res.end(body);
      });
    };
    fake.server = opts.tls ? https.createServer({ key: TEST_TLS_KEY, cert: TEST_TLS_CERT }, handler) : http.createServer(handler);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    const { port } = fake.server.address() as AddressInfo;
    fake.url = `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
    return fake;
  }

  answerNext(...responses: ScriptedResponse[]): void {
    this.queue.push(...responses);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** SendGrid v3: POST /v3/mail/send → 202, empty body, the message id in X-Message-Id. */
export const startFakeSendGrid = () =>
  FakeProvider.start((req) =>
    req.method === 'POST' && req.path === '/v3/mail/send'
      ? { status: 202, headers: { 'x-message-id': `sg-${randomBytes(8).toString('hex')}` } }
      : { status: 404, body: { errors: [{ message: 'not found', field: null }] } },
  );

/** Twilio: POST /2010-04-01/Accounts/{Sid}/Messages.json (form-encoded) → 201 with the message resource. */
export const startFakeTwilio = () =>
  FakeProvider.start((req) => {
    const m = /^\/2010-04-01\/Accounts\/(AC\w+)\/Messages\.json$/.exec(req.path);
    if (req.method !== 'POST' || !m) return { status: 404, body: { code: 20404, message: 'not found', status: 404 } };
    const form = new URLSearchParams(req.body.toString('utf8'));
    return {
      status: 201,
      body: { sid: `SM${randomBytes(16).toString('hex')}`, account_sid: m[1], to: form.get('To'), from: form.get('From'), body: form.get('Body'), status: 'queued' },
    };
  });

/** A push service (RFC 8030): POST to the subscription endpoint → 201 with the message's Location. */
export const startFakePushService = () =>
  FakeProvider.start(() => ({ status: 201, headers: { location: `/messages/${randomBytes(6).toString('hex')}` } }), { tls: true });

/** SendGrid's and Twilio's error bodies, as their docs show them. */
export const sendGridError = (status: number, field: string | null, message: string, headers?: Record<string, string>): ScriptedResponse => ({
  status,
  headers,
  body: { errors: [{ message, field, help: null }] },
});
export const twilioError = (status: number, code: number, message: string, headers?: Record<string, string>): ScriptedResponse => ({
  status,
  headers,
  body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
});
