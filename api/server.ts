import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AppDeps } from './deps';
import { createApp } from './app';
import { listenForFamilyEvents } from './events/listener';
import { apiRegistry } from './metrics/api-metrics';
import { startMetricsServer, type MetricsServer } from './metrics/server';
import { attachGateway } from './ws/gateway';

export interface RunningApi {
  url: string;
  /** Set when started with `metrics`: the Prometheus endpoint on its own port. */
  metricsUrl: string | null;
  close(): Promise<void>;
}

export class PortInUseError extends Error {}

/**
 * How long an idle kept-alive connection stays open. A proxy or load balancer in front reuses
 * its connections for up to 60 s (nginx's and the clouds' default); if the API closed one first
 * (Node's default is 5 s), a request sent on it just then would be reset, a 502 for the user.
 */
export const KEEP_ALIVE_MS = 65_000;

export interface ApiServerOptions {
  host: string;
  port: number;
  databaseUrl: string;
  webDist?: string;
  /** Where `/metrics` listens; never the public port (docs/decisions.md 19). */
  metrics?: { host: string; port: number };
}

/** REST, the SPA and `/ws` on one port, with family events fanned in from PostgreSQL. */
export async function startApiServer(deps: AppDeps, opts: ApiServerOptions): Promise<RunningApi> {
  const app = createApp(deps, { webDist: opts.webDist });
  const server = http.createServer(app.callback());
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  // Node times a request's headers from the moment its socket is reused, so this must outlast the idle limit.
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
  const gateway = attachGateway(server, deps);
  const listener = listenForFamilyEvents(opts.databaseUrl, gateway.dispatch, deps.log, gateway.revoke);
  await listener.ready;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) =>
        reject(
          err.code === 'EADDRINUSE'
            ? new PortInUseError(`Port ${opts.port} on ${opts.host} is already in use. Stop whatever uses it or set PORT to another port.`)
            : err,
        ),
      );
      server.listen(opts.port, opts.host, resolve);
    });
  } catch (err) {
    // The LISTEN connection would otherwise keep the process alive after the caller gave up.
    gateway.close();
    await listener.stop();
    throw err;
  }
  let metrics: MetricsServer | undefined;
  try {
    metrics = opts.metrics && (await startMetricsServer(apiRegistry, { ...opts.metrics, envVar: 'METRICS_PORT' }));
  } catch (err) {
    gateway.close();
    await listener.stop();
    server.close();
    throw err;
  }
  const { port } = server.address() as AddressInfo;
  return {
    metricsUrl: metrics?.url ?? null,
    url: `http://${opts.host === '0.0.0.0' ? '127.0.0.1' : opts.host}:${port}`,
    async close() {
      gateway.close();
      await listener.stop();
      await metrics?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
