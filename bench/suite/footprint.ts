import { report } from './figures';
import { processMemory, type BenchStack } from './stack';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** T4: what the open schedules cost the worker processes' memory and Temporal's persistence. */
export async function footprint(stack: BenchStack, tag = 'T4'): Promise<void> {
  const open = Number((await stack.dataSource.query(`SELECT count(*) AS n FROM medication_schedules WHERE status = 'active'`))[0].n);
  const mem = stack.workerPids().map(processMemory);
  const rss = mem.reduce((s, m) => s + m.rss, 0);
  const peak = mem.reduce((s, m) => s + m.peak, 0);
  report(
    tag,
    `worker RSS ${(rss / MiB).toFixed(0)} MiB (peak ${(peak / MiB).toFixed(0)} MiB) in ${mem.length} process(es) at ${open} open schedules → ${Math.round((open * GiB) / rss)} open schedules per GiB of RSS (${Math.round((open * GiB) / peak)} per GiB of peak)`,
  );
  const bytes = await stack.temporalDbBytes();
  const grown = bytes - stack.temporalDbBytesAtStart;
  report(
    tag,
    `Temporal database ${(bytes / MiB).toFixed(1)} MiB (${(stack.temporalDbBytesAtStart / MiB).toFixed(1)} MiB when empty) → ${Math.round(grown / open)} bytes per open schedule (all the run wrote, over the open schedules)`,
  );
}
