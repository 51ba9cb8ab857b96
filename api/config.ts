import path from 'node:path';
import { z } from 'zod';
import { parsePayloadKeys, PayloadKeyError } from '../temporal/codec/payload-keys';

/**
 * Every setting CareCircle reads, validated once at start-up.
 * Defaults describe the embedded mode (one machine, no accounts); production
 * (NODE_ENV=production) must name its external services explicitly.
 */
const port = z.coerce.number().int().min(1).max(65535);
const anyPort = z.coerce.number().int().min(0).max(65535);
const minutes = z.coerce.number().int().min(1);
const optionalText = z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: port.default(3000),
  APP_BASE_URL: z.url().optional(),
  DATA_DIR: z.string().default(path.resolve(import.meta.dirname, '..', 'data')),

  DATABASE_URL: z.url().optional(),
  EMBEDDED_PG_PORT: port.default(5433),
  /** The API gives up on a database connection / one statement after this long (a request answers 503, not hangs). */
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  DATABASE_QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),

  TEMPORAL_ADDRESS: z.string().optional(),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('carecircle'),
  TEMPORAL_GRPC_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  TEMPORAL_UI_URL: z.url().optional(),
  /** How long one API request may wait on Temporal before answering 503 (api/http/unavailable.ts). */
  TEMPORAL_REQUEST_DEADLINE_MS: z.coerce.number().int().min(500).max(60_000).default(3_000),

  /**
   * Prometheus endpoints: never on the public port; loopback unless an internal network is
   * named. 0 takes any free port, the default under NODE_ENV=test so that test files
   * starting workers in parallel (or beside a running `npm start`) never collide.
   */
  METRICS_HOST: z.string().default('127.0.0.1'),
  METRICS_PORT: anyPort.optional(),
  WORKER_METRICS_PORT: anyPort.optional(),
  TEMPORAL_METRICS_PORT: anyPort.optional(),

  /** "id:base64,older:base64": the first key encrypts workflow payloads, all decrypt. `npm start` generates one into data/. */
  PAYLOAD_KEYS: optionalText,
  /** The ops credential for the codec server and the ops routes; unset, they refuse everyone. `npm start` generates one into data/. */
  OPS_TOKEN: optionalText.pipe(z.string().min(24, 'OPS_TOKEN must be at least 24 characters (e.g. `openssl rand -hex 24`)').optional()),
  /** Origins allowed to call the codec server from a browser: Temporal UI's. Defaults to the embedded UI on TEMPORAL_UI_PORT. */
  CODEC_CORS_ORIGINS: optionalText,

  SESSION_IDLE_MINUTES: minutes.default(60 * 12),
  SESSION_ABSOLUTE_MINUTES: minutes.default(60 * 24 * 30),
  INVITATION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(72),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).default(20),
  LOGIN_WINDOW_MINUTES: minutes.default(15),
  /** Scales every limit on what makes the app send email or SMS (api/auth/rate-limits.ts); tests raise it. */
  RATE_LIMIT_MULTIPLIER: z.coerce.number().min(0.01).max(10_000).default(1),
  /**
   * Tests only: "nudge,page,admins" seconds after a shift's start for its late ladder (normally
   * 300, 900, 1800), so the browser test sees the backups paged without waiting 15 minutes.
   * Refused in production.
   */
  SHIFT_LATE_LADDER_SECONDS_FOR_TESTS: z
    .string()
    .regex(/^\d{1,5},\d{1,5},\d{1,5}$/, 'SHIFT_LATE_LADDER_SECONDS_FOR_TESTS is "nudge,page,admins" seconds, e.g. 20,40,900')
    .optional(),
  /**
   * Set when a TLS-terminating proxy forwards to the API: only then are X-Forwarded-Proto
   * and X-Forwarded-For believed (a direct client could forge them). TRUST_PROXY_HOPS is the
   * number of proxies in front, so a client cannot prepend a fake address of its own.
   */
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  TRUST_PROXY_HOPS: z.coerce.number().int().min(1).max(10).default(1),
  /** Secure cookies need HTTPS; production sits behind TLS, the embedded mode does not. */
  COOKIE_SECURE: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),

  // Delivery providers. A channel uses its provider only when all its settings are set,
  // otherwise the dev outbox. docker-compose passes unset ones as empty strings.
  SENDGRID_API_KEY: optionalText,
  SENDGRID_FROM: optionalText.pipe(z.email().optional()),
  TWILIO_ACCOUNT_SID: optionalText,
  /** Also verifies Twilio webhook signatures, so it is read even when SMS sending is not configured. */
  TWILIO_AUTH_TOKEN: optionalText,
  TWILIO_FROM_NUMBER: optionalText,
  /** Unset: generated once and kept in app_secrets. Set both or neither. */
  VAPID_PUBLIC_KEY: optionalText,
  VAPID_PRIVATE_KEY: optionalText,
  VAPID_SUBJECT: optionalText,
  /** Test hooks only: point the real SDKs at local servers speaking the providers' protocols. */
  SENDGRID_API_BASE_URL: optionalText.pipe(z.url().optional()),
  TWILIO_API_BASE_URL: optionalText.pipe(z.url().optional()),
});

export type Config = ReturnType<typeof loadConfig>;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env) {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production) {
    const missing = (['DATABASE_URL', 'TEMPORAL_ADDRESS', 'APP_BASE_URL', 'PAYLOAD_KEYS'] as const).filter((k) => !e[k]);
    if (missing.length > 0) {
      throw new ConfigError(
        `Production mode (NODE_ENV=production) needs ${missing.join(', ')}; the embedded defaults are for one machine only.`,
      );
    }
  }
  const delivery = deliveryConfig(e);
  if (e.PAYLOAD_KEYS) {
    try {
      parsePayloadKeys(e.PAYLOAD_KEYS);
    } catch (err) {
      if (err instanceof PayloadKeyError) throw new ConfigError(`Invalid configuration: ${err.message}`);
      throw err;
    }
  }
  return {
    env: e.NODE_ENV,
    production,
    host: e.HOST,
    port: e.PORT,
    appBaseUrl: e.APP_BASE_URL ?? `http://localhost:${e.PORT}`,
    dataDir: e.DATA_DIR,
    database: {
      ...(e.DATABASE_URL ? ({ mode: 'external', url: e.DATABASE_URL } as const) : ({ mode: 'embedded', port: e.EMBEDDED_PG_PORT } as const)),
      connectTimeoutMs: e.DATABASE_CONNECT_TIMEOUT_MS,
      queryTimeoutMs: e.DATABASE_QUERY_TIMEOUT_MS,
    },
    temporal: {
      mode: e.TEMPORAL_ADDRESS ? ('external' as const) : ('embedded' as const),
      address: e.TEMPORAL_ADDRESS ?? `127.0.0.1:${e.TEMPORAL_GRPC_PORT}`,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      grpcPort: e.TEMPORAL_GRPC_PORT,
      uiPort: e.TEMPORAL_UI_PORT,
      uiUrl: e.TEMPORAL_UI_URL ?? `http://localhost:${e.TEMPORAL_UI_PORT}`,
      requestDeadlineMs: e.TEMPORAL_REQUEST_DEADLINE_MS,
    },
    metrics: {
      host: e.METRICS_HOST,
      apiPort: e.METRICS_PORT ?? (e.NODE_ENV === 'test' ? 0 : 9464),
      workerPort: e.WORKER_METRICS_PORT ?? (e.NODE_ENV === 'test' ? 0 : 9465),
      temporalPort: e.TEMPORAL_METRICS_PORT ?? (e.NODE_ENV === 'test' ? 0 : 9466),
    },
    sessions: {
      idleMs: e.SESSION_IDLE_MINUTES * 60_000,
      absoluteMs: e.SESSION_ABSOLUTE_MINUTES * 60_000,
      secureCookie: e.COOKIE_SECURE ?? production,
    },
    /** Read by api/app.ts; `hops` becomes Koa's maxIpsCount. */
    proxy: { trusted: e.TRUST_PROXY, hops: e.TRUST_PROXY_HOPS },
    invitations: { ttlMs: e.INVITATION_TTL_HOURS * 3_600_000 },
    loginLimits: {
      perAccount: e.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      perIp: e.LOGIN_MAX_FAILURES_PER_IP,
      windowMs: e.LOGIN_WINDOW_MINUTES * 60_000,
    },
    rateLimitMultiplier: e.RATE_LIMIT_MULTIPLIER,
    shifts: { lateLadderMs: lateLadder(e) },
    delivery,
    ops: {
      /** Bearer token (or the ops cookie) that the codec server and the ops routes require; null: nobody gets in. */
      token: e.OPS_TOKEN ?? null,
      codecCorsOrigins: codecCorsOrigins(e),
    },
    /** Checks X-Twilio-Signature on inbound SMS webhooks; null when unset. */
    twilioAuthToken: e.TWILIO_AUTH_TOKEN ?? null,
  };
}

type Env = z.infer<typeof EnvSchema>;

/**
 * For the processes that talk to Temporal on their own (api/main.ts, the worker): without
 * a key they would start, then fail on their first workflow call. `npm start` sets it.
 */
export function requirePayloadKeys(env: NodeJS.ProcessEnv = process.env): void {
  if (!env.PAYLOAD_KEYS) {
    throw new ConfigError('PAYLOAD_KEYS is not set: workflow payloads are encrypted with it. Set it ("keyId:base64 32 bytes"), or use `npm start`, which makes one in data/.');
  }
}

function lateLadder(e: Env): { nudge: number; page: number; admins: number } | null {
  if (!e.SHIFT_LATE_LADDER_SECONDS_FOR_TESTS) return null;
  if (e.NODE_ENV === 'production') throw new ConfigError('SHIFT_LATE_LADDER_SECONDS_FOR_TESTS is for tests only: unset it in production.');
  const [nudge, page, admins] = e.SHIFT_LATE_LADDER_SECONDS_FOR_TESTS.split(',').map((x) => Number(x) * 1000) as [number, number, number];
  return { nudge, page, admins };
}

/** Exact origins (scheme://host:port); a browser's Origin header is compared to them as strings. */
function codecCorsOrigins(e: Env): string[] {
  if (!e.CODEC_CORS_ORIGINS) {
    const local = [`http://localhost:${e.TEMPORAL_UI_PORT}`, `http://127.0.0.1:${e.TEMPORAL_UI_PORT}`];
    return e.TEMPORAL_UI_URL ? [...new Set([new URL(e.TEMPORAL_UI_URL).origin, ...local])] : local;
  }
  return e.CODEC_CORS_ORIGINS.split(',').map((o) => {
    const text = o.trim();
    let origin: string;
    try {
      origin = new URL(text).origin;
    } catch {
      throw new ConfigError(`CODEC_CORS_ORIGINS: "${text}" is not an origin like https://temporal-ui.example.com.`);
    }
    if (origin !== text.replace(/\/$/, '')) throw new ConfigError(`CODEC_CORS_ORIGINS: "${text}" must be an origin only (scheme, host, port), e.g. ${origin}.`);
    return origin;
  });
}

/**
 * Which provider each channel uses. Half-configured providers are a start-up error (a
 * typo must not silently divert real alerts into the dev outbox); nothing configured
 * means the dev outbox. Push always goes through web-push: its "provider" is each
 * subscription's push service, and only the VAPID keys are ours.
 */
function deliveryConfig(e: Env) {
  const need = (names: (keyof Env)[]) => {
    const missing = names.filter((n) => !e[n]);
    if (missing.length > 0 && missing.length < names.length) {
      throw new ConfigError(`Delivery settings are incomplete: set ${missing.join(', ')} too, or unset ${names.filter((n) => e[n]).join(', ')}.`);
    }
    return missing.length === 0;
  };
  const email =
    need(['SENDGRID_API_KEY', 'SENDGRID_FROM'])
      ? ({ provider: 'sendgrid', apiKey: e.SENDGRID_API_KEY!, from: e.SENDGRID_FROM!, baseUrl: e.SENDGRID_API_BASE_URL ?? null } as const)
      : ({ provider: 'outbox' } as const);
  // TWILIO_AUTH_TOKEN alone is fine (webhook checks); sending needs the account and a number too.
  const twilioSending = need(['TWILIO_ACCOUNT_SID', 'TWILIO_FROM_NUMBER']);
  if (twilioSending && !e.TWILIO_AUTH_TOKEN) throw new ConfigError('Delivery settings are incomplete: set TWILIO_AUTH_TOKEN too.');
  const sms = twilioSending
    ? ({
        provider: 'twilio',
        accountSid: e.TWILIO_ACCOUNT_SID!,
        authToken: e.TWILIO_AUTH_TOKEN!,
        from: e.TWILIO_FROM_NUMBER!,
        baseUrl: e.TWILIO_API_BASE_URL ?? null,
      } as const)
    : ({ provider: 'outbox' } as const);
  need(['VAPID_PUBLIC_KEY', 'VAPID_PRIVATE_KEY']);
  const push = {
    provider: 'webpush' as const,
    vapidKeys: e.VAPID_PUBLIC_KEY ? { publicKey: e.VAPID_PUBLIC_KEY, privateKey: e.VAPID_PRIVATE_KEY! } : null,
    /** Push services contact this if we misbehave; it must be an https: or mailto: URL. */
    subject: e.VAPID_SUBJECT ?? (e.APP_BASE_URL?.startsWith('https://') ? e.APP_BASE_URL : 'mailto:carecircle@example.invalid'),
    /** Outside production, pushes are also copied into the dev outbox so the SPA shows them. */
    copyToOutbox: e.NODE_ENV !== 'production',
    /**
     * Origins besides the known push services that push may be sent to. Never read from the
     * environment, and ignored in production: only the delivery tests set it, for their local fakes.
     */
    testServiceOrigins: [] as readonly string[],
  };
  return { email, sms, push };
}
