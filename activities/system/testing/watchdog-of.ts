import { loadConfig } from '../../../api/config';
import type { TestApp } from '../../../test/support/app';
import { watchdogActivities } from '../watchdog';

/** The watchdog as the test app's worker runs it: its database, its Temporal client, its own task queue. */
export function watchdogOf(app: Pick<TestApp, 'dataSource' | 'baseUrl' | 'taskQueue' | 'client'>) {
  return watchdogActivities({
    dataSource: app.dataSource,
    config: loadConfig({ NODE_ENV: 'test', APP_BASE_URL: app.baseUrl, TEMPORAL_TASK_QUEUE: app.taskQueue }),
    temporal: app.client,
  });
}
