import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { EncryptionCodec, ENCODING_ENCRYPTED, METADATA_KEY_ID } from './encryption-codec';
import { embeddedPayloadKeys, formatPayloadKeys, generatePayloadKey, parsePayloadKeys, PayloadKeyError } from './payload-keys';

const k1 = generatePayloadKey('k1');
const k2 = generatePayloadKey('k2');
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString();
const plain = (value: unknown): Payload => defaultPayloadConverter.toPayload(value);
const codecFor = (...keys: (typeof k1)[]) => {
  const ring = parsePayloadKeys(formatPayloadKeys(keys));
  return new EncryptionCodec(() => ring);
};

describe('EncryptionCodec', { timeout: 10_000 }, () => {
  test('round trip: the stored payload holds no clear text, only the encoding and the key id', async () => {
    const codec = codecFor(k1);
    const [stored] = await codec.encode([plain({ reason: 'vomiting since 5am' })]);
    assert.equal(text(stored!.metadata!.encoding), ENCODING_ENCRYPTED);
    assert.equal(text(stored!.metadata![METADATA_KEY_ID]), 'k1');
    assert.deepEqual(Object.keys(stored!.metadata!).sort(), ['encoding', METADATA_KEY_ID].sort());
    assert.ok(!text(stored!.data).includes('vomiting'));
    assert.ok(!text(stored!.data).includes('json/plain'));
    const [back] = await codec.decode([stored!]);
    assert.deepEqual(defaultPayloadConverter.fromPayload(back!), { reason: 'vomiting since 5am' });
  });

  test('a fresh IV per payload: the same value encrypts differently each time', async () => {
    const codec = codecFor(k1);
    const [a, b] = await codec.encode([plain('same'), plain('same')]);
    assert.notDeepEqual(Buffer.from(a!.data!), Buffer.from(b!.data!));
    assert.notDeepEqual(Buffer.from(a!.data!).subarray(0, 12), Buffer.from(b!.data!).subarray(0, 12));
  });

  test('payloads written before encryption pass through decode unchanged', async () => {
    const old = plain({ at: '2026-01-01' });
    const [back] = await codecFor(k1).decode([old]);
    assert.equal(back, old);
  });

  test('rotation: the first key encrypts, older keys still decrypt', async () => {
    const [before] = await codecFor(k1).encode([plain('written under k1')]);
    const rotated = codecFor(k2, k1);
    const [after] = await rotated.encode([plain('written under k2')]);
    assert.equal(text(after!.metadata![METADATA_KEY_ID]), 'k2');
    const decoded = await rotated.decode([before!, after!]);
    assert.deepEqual(decoded.map((p) => defaultPayloadConverter.fromPayload(p)), ['written under k1', 'written under k2']);
  });

  test('a payload whose key was dropped fails with the key id named', async () => {
    const [stored] = await codecFor(k1).encode([plain('x')]);
    await assert.rejects(codecFor(k2).decode([stored!]), /key "k1", which is not in PAYLOAD_KEYS/);
  });

  test('tampered ciphertext or a relabelled key id fails authentication', async () => {
    const [stored] = await codecFor(k1).encode([plain('dose 5 mg')]);
    const flipped = Buffer.from(stored!.data!);
    flipped[20] = flipped[20]! ^ 1;
    await assert.rejects(codecFor(k1).decode([{ ...stored!, data: flipped }]));
    // Same key bytes under another id: the id is authenticated data, so this must not decrypt.
    const alias = { id: 'alias', key: k1.key };
    const relabelled = { ...stored!, metadata: { ...stored!.metadata, [METADATA_KEY_ID]: Buffer.from('alias') } };
    await assert.rejects(codecFor(k1, alias).decode([relabelled]));
  });
});

describe('PAYLOAD_KEYS', { timeout: 10_000 }, () => {
  test('bad values are refused with a message that names the fix and never the key', () => {
    assert.throws(() => parsePayloadKeys(''), PayloadKeyError);
    assert.throws(() => parsePayloadKeys('nocolon'), /needs an id/);
    assert.throws(() => parsePayloadKeys(`k1:${Buffer.alloc(16).toString('base64')}`), /32 bytes/);
    const dup = formatPayloadKeys([k1, { id: 'k1', key: k2.key }]);
    assert.throws(() => parsePayloadKeys(dup), /twice/);
    const secret = Buffer.alloc(16, 9).toString('base64');
    assert.throws(() => parsePayloadKeys(`k1:${secret}`), (err: Error) => !err.message.includes(secret));
  });

  test('the embedded key is generated once into data/, owner-only, and read back on the next start', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'carecircle-keys-'));
    try {
      const first = embeddedPayloadKeys(dir);
      assert.equal(fs.statSync(path.join(dir, 'payload-keys')).mode & 0o777, 0o600);
      assert.equal(embeddedPayloadKeys(dir), first);
      assert.equal(parsePayloadKeys(first).current.key.length, 32);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
