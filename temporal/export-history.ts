/**
 * Writes one workflow's event history as JSON (the same format as
 * `temporal workflow show --output json`), for replay-test fixtures:
 *
 *   node --import tsx temporal/export-history.ts <workflowId> [--run <runId>] [--out file.json]
 *
 * The server is the configured one (TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE), or --address / --namespace.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../api/config';
import { connectClient } from './client';
import { historyToJson } from './history-json';

export async function exportHistory(opts: { address: string; namespace: string; workflowId: string; runId?: string }): Promise<string> {
  const { connection, client } = await connectClient(opts);
  try {
    const history = await client.workflow.getHandle(opts.workflowId, opts.runId).fetchHistory();
    return historyToJson(history);
  } finally {
    await connection.close();
  }
}

if (import.meta.filename === process.argv[1]) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { run: { type: 'string' }, out: { type: 'string' }, address: { type: 'string' }, namespace: { type: 'string' } },
  });
  const workflowId = positionals[0];
  if (!workflowId) {
    console.error('usage: export-history.ts <workflowId> [--run <runId>] [--out file.json] [--address host:port] [--namespace ns]');
    process.exit(2);
  }
  const { temporal } = loadConfig();
  const json = await exportHistory({
    address: values.address ?? temporal.address,
    namespace: values.namespace ?? temporal.namespace,
    workflowId,
    runId: values.run,
  });
  if (values.out) fs.writeFileSync(values.out, json);
  else process.stdout.write(json);
}
