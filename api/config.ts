import path from 'node:path';
import { z } from 'zod';

/**
 * Every setting CareCircle reads, validated once at start-up.
 * Defaults describe the embedded mode (one machine, no accounts); production
 * (NODE_ENV=production) must name its external services explicitly.
 */
const port = z.coerce.number().int().min(1).max(65535);
const minutes = z.coerce.number().int().min(1);

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: port.default(3000),
  APP_BASE_URL: z.url().optional(),
  DATA_DIR: z.string().default(path.resolve(import.meta.dirname, '..', 'data')),

  DATABASE_URL: z.url().optional(),
  EMBEDDED_PG_PORT: port.default(5433),

  TEMPORAL_ADDRESS: z.string().optional(),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('carecircle'),
  TEMPORAL_GRPC_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  TEMPORAL_UI_URL: z.url().optional(),

  SESSION_IDLE_MINUTES: minutes.default(60 * 12),
  SESSION_ABSOLUTE_MINUTES: minutes.default(60 * 24 * 30),
  INVITATION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(72),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).default(20),
  LOGIN_WINDOW_MINUTES: minutes.default(15),
  /** Secure cookies need HTTPS; production sits behind TLS, the embedded mode does not. */
  COOKIE_SECURE: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),
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
    const missing = (['DATABASE_URL', 'TEMPORAL_ADDRESS', 'APP_BASE_URL'] as const).filter((k) => !e[k]);
    if (missing.length > 0) {
      throw new ConfigError(
        `Production mode (NODE_ENV=production) needs ${missing.join(', ')}; the embedded defaults are for one machine only.`,
      );
    }
  }
  return {
    env: e.NODE_ENV,
    production,
    host: e.HOST,
    port: e.PORT,
    appBaseUrl: e.APP_BASE_URL ?? `http://localhost:${e.PORT}`,
    dataDir: e.DATA_DIR,
    database: e.DATABASE_URL
      ? ({ mode: 'external', url: e.DATABASE_URL } as const)
      : ({ mode: 'embedded', port: e.EMBEDDED_PG_PORT } as const),
    temporal: {
      mode: e.TEMPORAL_ADDRESS ? ('external' as const) : ('embedded' as const),
      address: e.TEMPORAL_ADDRESS ?? `127.0.0.1:${e.TEMPORAL_GRPC_PORT}`,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      grpcPort: e.TEMPORAL_GRPC_PORT,
      uiPort: e.TEMPORAL_UI_PORT,
      uiUrl: e.TEMPORAL_UI_URL ?? `http://localhost:${e.TEMPORAL_UI_PORT}`,
    },
    sessions: {
      idleMs: e.SESSION_IDLE_MINUTES * 60_000,
      absoluteMs: e.SESSION_ABSOLUTE_MINUTES * 60_000,
      secureCookie: e.COOKIE_SECURE ?? production,
    },
    invitations: { ttlMs: e.INVITATION_TTL_HOURS * 3_600_000 },
    loginLimits: {
      perAccount: e.LOGIN_MAX_FAILURES_PER_ACCOUNT,
      perIp: e.LOGIN_MAX_FAILURES_PER_IP,
      windowMs: e.LOGIN_WINDOW_MINUTES * 60_000,
    },
  };
}
