import path from 'node:path';
import type { DataConverter } from '@temporalio/common';
import { EncryptionCodec } from './codec/encryption-codec';
import { parsePayloadKeys, PayloadKeyError, type PayloadKeyRing } from './codec/payload-keys';

/**
 * The one data converter shared by every client and worker: because the API, the worker,
 * the scripts and the tests all import this object they can never disagree about it (a
 * worker that cannot decode what the API encoded fails every task it picks up).
 *
 * Payloads (inputs, results, Update and signal arguments, memo, summaries) are encrypted
 * by the codec; failure messages and stack traces too (`encodeCommonAttributes`), since
 * an error can quote an input. Codecs run outside the workflow sandbox, in the worker's
 * main thread. Keys come from PAYLOAD_KEYS in the process environment, validated at
 * start-up by api/config.ts; `npm start` and the test runner set it for their children.
 */
export function createDataConverter(keys: () => PayloadKeyRing): DataConverter {
  return {
    payloadCodecs: [new EncryptionCodec(keys)],
    failureConverterPath: FAILURE_CONVERTER_PATH,
  };
}

const FAILURE_CONVERTER_PATH = path.resolve(import.meta.dirname, 'codec', 'failure-converter.ts');

let fromEnv: PayloadKeyRing | undefined;

/** Read at first use, not at import: scripts may set PAYLOAD_KEYS after importing this module. */
export function payloadKeysFromEnv(): PayloadKeyRing {
  if (fromEnv) return fromEnv;
  const text = process.env.PAYLOAD_KEYS;
  if (!text) {
    throw new PayloadKeyError('PAYLOAD_KEYS is not set: workflow payloads cannot be encrypted. `npm start` and `npm test` set it; elsewhere see the README.');
  }
  fromEnv = parsePayloadKeys(text);
  return fromEnv;
}

export const dataConverter: DataConverter = createDataConverter(payloadKeysFromEnv);
