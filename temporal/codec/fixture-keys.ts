import fs from 'node:fs';
import path from 'node:path';
import { formatPayloadKeys, generatePayloadKey } from './payload-keys';

/** Beside recorded histories: the test-only keys that decrypt them in workflows/replay.test.ts. */
export const FIXTURE_KEYS_FILE = 'TEST-ONLY-payload-keys.txt';

/**
 * For the scripts that record replay fixtures (and the benchmark): payloads are encrypted
 * as in production, but with a key made for this run, never a real one from the
 * environment. `remember` appends it to the fixture folder's test-only key file, so the
 * histories written there stay replayable.
 */
export function useFixtureKey() {
  const key = generatePayloadKey(`fixture-${Date.now().toString(36)}`);
  process.env.PAYLOAD_KEYS = formatPayloadKeys([key]);
  return {
    remember(outDir: string) {
      const file = path.join(outDir, FIXTURE_KEYS_FILE);
      const known = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      if (!known.includes(`${key.id}:`)) fs.appendFileSync(file, `${formatPayloadKeys([key])}\n`);
    },
  };
}
