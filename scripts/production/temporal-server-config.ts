/**
 * The Temporal server's static config, shaped after config/development-postgres12.yaml of
 * the server module (v1.32.2) but with our ports, credentials and shard count. JSON is YAML,
 * so no YAML writer is needed.
 */
export interface TemporalServerPorts {
  frontend: number;
  frontendMembership: number;
  frontendHttp: number;
  history: number;
  historyMembership: number;
  matching: number;
  matchingMembership: number;
  worker: number;
  workerMembership: number;
  metrics: number;
}

export const TEMPORAL_PORT_NAMES: (keyof TemporalServerPorts)[] = [
  'frontend', 'frontendMembership', 'frontendHttp', 'history', 'historyMembership',
  'matching', 'matchingMembership', 'worker', 'workerMembership', 'metrics',
];

export interface TemporalServerConfigOptions {
  postgres: { host: string; port: number; user: string; password: string };
  ports: TemporalServerPorts;
  /**
   * Fixed for the life of a cluster (changing it needs a new cluster and a migration), so
   * it is chosen with headroom: each shard is a unit of history-service work and of
   * database row contention.
   */
  numHistoryShards: number;
  dynamicConfigFile: string;
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
}

export function temporalServerConfig(o: TemporalServerConfigOptions): string {
  const sql = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `${o.postgres.host}:${o.postgres.port}`,
      connectProtocol: 'tcp',
      user: o.postgres.user,
      password: o.postgres.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const rpc = (grpcPort: number, membershipPort: number, extra: Record<string, number> = {}) => ({
    rpc: { grpcPort, membershipPort, bindOnLocalHost: true, ...extra },
  });
  const config = {
    log: { stdout: true, level: o.logLevel ?? 'warn' },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      numHistoryShards: o.numHistoryShards,
      datastores: { 'postgres-default': sql('temporal', 20), 'postgres-visibility': sql('temporal_visibility', 5) },
    },
    global: {
      membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' },
      metrics: { prometheus: { framework: 'tally', timerType: 'histogram', listenAddress: `127.0.0.1:${o.ports.metrics}` } },
    },
    services: {
      frontend: rpc(o.ports.frontend, o.ports.frontendMembership, { httpPort: o.ports.frontendHttp }),
      history: rpc(o.ports.history, o.ports.historyMembership),
      matching: rpc(o.ports.matching, o.ports.matchingMembership),
      worker: rpc(o.ports.worker, o.ports.workerMembership),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: { enabled: true, initialFailoverVersion: 1, rpcName: 'frontend', rpcAddress: `127.0.0.1:${o.ports.frontend}` },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    dynamicConfigClient: { filepath: o.dynamicConfigFile, pollInterval: '10s' },
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

/**
 * Dynamic config: search attributes added through the operator API are read at once
 * instead of after the frontend's cache refresh, so the workers that register them at
 * start-up can use them straight away. Eager activity execution hands a due dose's
 * reminder back to the worker with its workflow task's completion, without a matching
 * round trip: measured on the dev server (temporal/dev-server.ts, DEV_SERVER_DYNAMIC_CONFIG).
 */
export function temporalDynamicConfig(): string {
  const on = (key: string) => `${key}:\n  - value: true\n    constraints: {}\n`;
  return on('system.forceSearchAttributesCacheRefreshOnRead') + on('system.enableActivityEagerExecution');
}
