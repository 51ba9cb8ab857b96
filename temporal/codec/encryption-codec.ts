import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { METADATA_ENCODING_KEY } from '@temporalio/common';
import type { PayloadKeyRing } from './payload-keys';

export const ENCODING_ENCRYPTED = 'binary/encrypted';
export const METADATA_KEY_ID = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

// The CommonJS module object: an ESM import of it would not expose the generated namespaces.
const require = createRequire(import.meta.url);
const { temporal } = require('@temporalio/proto') as typeof import('@temporalio/proto');
const PayloadProto = temporal.api.common.v1.Payload;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * AES-256-GCM over the whole serialized payload (metadata included, so even the JSON
 * encoding name is hidden), with a fresh random 12-byte IV per payload. The stored
 * payload keeps only `encoding: binary/encrypted` and the key id in clear; the key id is
 * also bound as additional authenticated data, so relabelling a payload with another
 * key id fails authentication instead of decrypting garbage.
 * Runs in the worker's main thread, never in the workflow sandbox.
 */
export class EncryptionCodec implements PayloadCodec {
  /** A getter, so the key ring can be read from the environment at first use. */
  constructor(private readonly keys: () => PayloadKeyRing) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const { id, key } = this.keys().current;
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(Buffer.from(id));
      const plain = PayloadProto.encode(payload).finish();
      const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: { [METADATA_ENCODING_KEY]: encoder.encode(ENCODING_ENCRYPTED), [METADATA_KEY_ID]: encoder.encode(id) },
        data: sealed,
      };
    });
  }

  /** Payloads written before encryption (plain JSON) pass through unchanged: old histories keep replaying. */
  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (!isEncrypted(payload)) return payload;
      const keyId = decoder.decode(payload.metadata![METADATA_KEY_ID] ?? new Uint8Array());
      const entry = this.keys().byId.get(keyId);
      if (!entry) throw new Error(`Payload encrypted with key "${keyId}", which is not in PAYLOAD_KEYS; add it (older keys decrypt, the first encrypts).`);
      const sealed = Buffer.from(payload.data ?? new Uint8Array());
      if (sealed.length < IV_BYTES + TAG_BYTES) throw new Error(`Encrypted payload (key "${keyId}") is truncated.`);
      const decipher = createDecipheriv('aes-256-gcm', entry.key, sealed.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(keyId));
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      const plain = Buffer.concat([decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)), decipher.final()]);
      return PayloadProto.decode(plain) as Payload;
    });
  }
}

export function isEncrypted(payload: Payload): boolean {
  const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
  return encoding !== undefined && decoder.decode(encoding) === ENCODING_ENCRYPTED;
}
