import proto from '@temporalio/proto';
import type { AppDeps } from '../deps';

export interface Check {
  ok: boolean;
  detail: string;
}

// A worker long-polls for about a minute at a time; no poll for longer than this means no live worker.
const WORKER_SILENCE_MS = 90_000;
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
      const now = Date.now();
      const live = (res.pollers ?? []).filter((p) => {
        const seconds = Number(p.lastAccessTime?.seconds ?? 0);
        return now - seconds * 1000 < WORKER_SILENCE_MS;
      });
      if (live.length === 0) throw new Error(`no worker is polling task queue ${taskQueue}`);
      return `${live.length} worker(s) polling ${taskQueue}`;
    }),
  ]);
  return { database, temporal: temporalCheck, worker };
}
