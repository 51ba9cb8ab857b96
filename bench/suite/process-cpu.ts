import fs from 'node:fs';

const TICK = 100; // USER_HZ on Linux

function children(): Map<number, number[]> {
  const kids = new Map<number, number[]>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      kids.set(ppid, [...(kids.get(ppid) ?? []), Number(d)]);
    } catch {
      /* gone */
    }
  }
  return kids;
}

/** CPU ms of a process and its live descendants, counting reaped children (cutime + cstime). */
function treeCpuMs(root: number, kids: Map<number, number[]>): number {
  let ticks = 0;
  const todo = [root];
  while (todo.length) {
    const pid = todo.pop()!;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    } catch {
      continue;
    }
    todo.push(...(kids.get(pid) ?? []));
  }
  return (ticks * 1000) / TICK;
}

/** CPU ms so far of each named process tree, read from /proc (Linux). */
export function cpuSnapshot<K extends string>(roles: Record<K, number>): Record<K, number> {
  const kids = children();
  return Object.fromEntries(Object.entries(roles).map(([k, pid]) => [k, treeCpuMs(pid as number, kids)])) as Record<K, number>;
}

/** The dev stack's processes by role: the worker, the Temporal dev server and PostgreSQL. */
export function devStackProcesses(stack: { workerPids(): number[]; serverPids: number[] }): Record<'worker' | 'devServer' | 'postgres', number> {
  const [devServer, postgres] = stack.serverPids;
  return { worker: stack.workerPids()[0]!, devServer: devServer!, postgres: postgres! };
}
