import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The keys that encrypt workflow payloads. `PAYLOAD_KEYS="k2:<base64>,k1:<base64>"`: the
 * first key encrypts, every key decrypts, so a key is rotated by putting the new one
 * first and keeping the old ones for as long as histories written with them exist
 * (the namespace's retention, plus workflows still running).
 */
export interface PayloadKey {
  id: string;
  /** 32 bytes: AES-256. */
  key: Buffer;
}

export interface PayloadKeyRing {
  /** Encrypts every new payload. */
  current: PayloadKey;
  byId: ReadonlyMap<string, PayloadKey>;
}

export class PayloadKeyError extends Error {}

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Parses the PAYLOAD_KEYS format; every message names what to fix and never echoes key material. */
export function parsePayloadKeys(text: string): PayloadKeyRing {
  const entries = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (entries.length === 0) throw new PayloadKeyError('PAYLOAD_KEYS is empty: expected "keyId:base64key[,olderId:base64key…]".');
  const keys = entries.map((entry, i) => {
    const colon = entry.indexOf(':');
    const id = colon > 0 ? entry.slice(0, colon) : '';
    if (!KEY_ID.test(id)) {
      throw new PayloadKeyError(`PAYLOAD_KEYS entry ${i + 1} needs an id (letters, digits, . _ -) before a colon: "keyId:base64key".`);
    }
    const key = Buffer.from(entry.slice(colon + 1), 'base64');
    if (key.length !== 32) {
      throw new PayloadKeyError(`PAYLOAD_KEYS key "${id}" must be 32 bytes in base64 (AES-256), got ${key.length}; make one with \`openssl rand -base64 32\`.`);
    }
    return { id, key };
  });
  const byId = new Map<string, PayloadKey>();
  for (const k of keys) {
    if (byId.has(k.id)) throw new PayloadKeyError(`PAYLOAD_KEYS names key "${k.id}" twice; ids must be unique so old payloads find their key.`);
    byId.set(k.id, k);
  }
  return { current: keys[0]!, byId };
}

export function formatPayloadKeys(keys: PayloadKey[]): string {
  return keys.map((k) => `${k.id}:${k.key.toString('base64')}`).join(',');
}

export function generatePayloadKey(id: string): PayloadKey {
  return { id, key: randomBytes(32) };
}

/**
 * The embedded mode's key: generated at first start into data/ (owner-only, 0600) and
 * read back on every later start, so histories written before a restart stay readable.
 * data/ is git-ignored; losing this file makes the payloads in data/temporal unreadable.
 */
export function embeddedPayloadKeys(dataDir: string): string {
  const file = path.join(dataDir, 'payload-keys');
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    // 'wx' fails if the file exists: two starts at once cannot both generate a key.
    fs.writeFileSync(file, `${formatPayloadKeys([generatePayloadKey(`local-${Date.now().toString(36)}`)])}\n`, { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const text = fs.readFileSync(file, 'utf8').trim();
  parsePayloadKeys(text); // a hand-edited file fails here, naming the problem
  return text;
}
