/**
 * Ops: from a family's name or a member's email to that family's workflows in Temporal UI.
 *
 *   npm run ops:find -- "The Martins"
 *   npm run ops:find -- anna@example.com
 *
 * Asks the running API (APP_BASE_URL, or --api <url>) with the ops credential: OPS_TOKEN,
 * or in the embedded mode the token `npm start` made in data/ops-token. Workflow ids and
 * search attributes hold ids only, so the name-to-id step can only happen on our side.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../api/config';
import type { FamilyWorkflowsLink } from '../api/ops/family-lookup';

export function formatFamilyLinks(families: FamilyWorkflowsLink[]): string {
  return families
    .map((f) => [`${f.name} (${f.members} member${f.members === 1 ? '' : 's'}), family ${f.familyId}`, `  List Filter:  ${f.listFilter}`, `  Temporal UI:  ${f.url}`].join('\n'))
    .join('\n\n');
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { api: { type: 'string' } } });
  const query = positionals.join(' ').trim();
  if (!query) {
    console.error('usage: npm run ops:find -- <family name | member email> [--api http://localhost:3000]');
    return 2;
  }
  const config = loadConfig();
  const tokenFile = path.join(config.dataDir, 'ops-token');
  const token = config.ops.token ?? (fs.existsSync(tokenFile) ? fs.readFileSync(tokenFile, 'utf8').trim() : null);
  if (!token) {
    console.error(`No ops credential: set OPS_TOKEN (or start the embedded stack once, which writes ${tokenFile}).`);
    return 2;
  }
  const base = (values.api ?? config.appBaseUrl).replace(/\/$/, '');
  let res: Response;
  try {
    res = await fetch(`${base}/ops/families?q=${encodeURIComponent(query)}`, { headers: { authorization: `Bearer ${token}` } });
  } catch (err) {
    console.error(`Cannot reach the API at ${base} (${(err as Error).message}); is it running? Use --api to point elsewhere.`);
    return 1;
  }
  const body = (await res.json()) as { families?: FamilyWorkflowsLink[]; error?: { message: string } };
  if (!res.ok) {
    console.error(`The API refused (${res.status}): ${body.error?.message ?? 'no message'}`);
    return 1;
  }
  if (!body.families?.length) {
    console.error(`No family named like "${query}" and no member with that email.`);
    return 1;
  }
  console.log(formatFamilyLinks(body.families));
  return 0;
}

if (import.meta.filename === process.argv[1]) process.exitCode = await main();
