import proto from '@temporalio/proto';
import type { AppDeps } from '../deps';

export interface Check {
  ok: boolean;
  detail: string;
}

const CHECK_TIMEOUT_MS = 3_000;

function withTimeout<T>(p: Promise<T>): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS).unref())]);
}

async function check(fn: () => Promise<string>): Promise<Check> {
  try {
    return { ok: true, detail: await withTimeout(fn()) };
  } catch (err) {
    return { ok: false, detail: (err as Error).message.split('\n')[0] ?? 'failed' };
  }
}

export async function checkReadiness(deps: AppDeps): Promise<Record<'database' | 'temporal' | 'worker', Check>> {
  const { client, taskQueue } = deps.temporal;
  const [database, temporalCheck, worker] = await Promise.all([
    check(async () => {
      await deps.dataSource.query('SELECT 1');
      return 'PostgreSQL answers';
    }),
    check(async () => {
      const info = await client.workflowService.getSystemInfo({});
      return `Temporal server ${info.serverVersion || 'answers'}`;
    }),
    check(async () => {
      const res = await client.workflowService.describeTaskQueue({
        namespace: client.options.namespace,
        taskQueue: { name: taskQueue },
        taskQueueType: proto.temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
      });
      // The server lists only pollers it has heard from lately (it forgets one a few minutes
      // after its last poll), so presence is the server's own judgement of "alive". Comparing
      // lastAccessTime with this host's clock would report a healthy worker missing whenever
      // the two clocks disagree by more than a poll interval.
      const live = res.pollers ?? [];
      if (live.length === 0) throw new Error(`no worker is polling task queue ${taskQueue}`);
      return `${live.length} worker(s) polling ${taskQueue}`;
    }),
  ]);
  return { database, temporal: temporalCheck, worker };
}
