import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The worker's own metrics. Activities record them (they run in the worker process);
 * workflow code never does, as a replayed workflow would count its past again.
 * Temporal's SDK metrics come from the runtime's own exporter on another port.
 */
export const workerRegistry = new Registry();
collectDefaultMetrics({ register: workerRegistry });

const registers = [workerRegistry];

export const remindersDue = new Counter({
  name: 'carecircle_reminders_due_total',
  help: 'Sends begun, by kind and channel: counted once per send, when its delivery record is first claimed.',
  labelNames: ['kind', 'channel'] as const,
  registers,
});

export const remindersSent = new Counter({
  name: 'carecircle_reminders_sent_total',
  help: 'Sends a provider (or the dev outbox) accepted, by kind and channel; a duplicate of a sent key is not counted.',
  labelNames: ['kind', 'channel'] as const,
  registers,
});

export const reminderLateness = new Histogram({
  name: 'carecircle_reminder_lateness_seconds',
  help: 'From when a reminder was due to when its provider accepted it, by kind and channel.',
  labelNames: ['kind', 'channel'] as const,
  buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600],
  registers,
});

export const acknowledgementLatency = new Histogram({
  name: 'carecircle_acknowledgement_latency_seconds',
  help: 'From an escalation starting (or a dose falling due) to its first answer, by kind and the channel it came through.',
  labelNames: ['kind', 'via'] as const,
  buckets: [5, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200],
  registers,
});

export const deliveryFailures = new Counter({
  name: 'carecircle_delivery_failures_total',
  help: 'Failed send attempts by provider and reason (refused, no_address, rate_limited, provider_error, network, gave_up, other).',
  labelNames: ['provider', 'reason'] as const,
  registers,
});

export const activityRetries = new Counter({
  name: 'carecircle_activity_retries_total',
  help: 'Activity attempts after the first (attempt > 1), by activity type.',
  labelNames: ['activity'] as const,
  registers,
});

export const activitiesRetrying = new Gauge({
  name: 'carecircle_activities_retrying',
  help: 'Activity retry attempts running now on this worker, by activity type.',
  labelNames: ['activity'] as const,
  registers,
});
