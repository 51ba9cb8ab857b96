import type { TelemetryOptions } from '@temporalio/worker';

/**
 * Temporal's own worker metrics (task latencies, slots, pollers, sticky cache), exported by
 * the SDK's Rust core on its own port. Seconds and `_total` suffixes match the Prometheus
 * conventions our metrics follow, so one dashboard reads both the same way.
 */
export function temporalTelemetry(metrics: { host: string; temporalPort: number }): TelemetryOptions {
  return {
    metrics: {
      prometheus: {
        bindAddress: `${metrics.host}:${metrics.temporalPort}`,
        countersTotalSuffix: true,
        unitSuffix: true,
        useSecondsForDurations: true,
      },
    },
  };
}

/**
 * The SDK metrics our dashboard draws (as the exporter names them with the options above).
 * test/metrics.test.ts scrapes a real worker and checks each one is exported.
 */
export const TEMPORAL_SDK_METRICS = [
  'temporal_workflow_task_execution_latency_seconds',
  'temporal_workflow_task_schedule_to_start_latency_seconds',
  'temporal_activity_execution_latency_seconds',
  'temporal_activity_schedule_to_start_latency_seconds',
  'temporal_worker_task_slots_available',
  'temporal_sticky_cache_size',
] as const;
