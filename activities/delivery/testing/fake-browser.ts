import { createDecipheriv, createECDH, createPublicKey, hkdfSync, randomBytes, verify } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * The receiving side of web push, written from the RFCs rather than borrowed from
 * web-push, so the test proves interoperability instead of agreeing with itself:
 * a browser's subscription keys, aes128gcm decryption (RFC 8291 over RFC 8188) and
 * the VAPID Authorization check a push service performs (RFC 8292).
 */
export interface FakeBrowser {
  p256dh: string;
  auth: string;
  decrypt(body: Buffer): string;
}

export function fakeBrowserSubscription(): FakeBrowser {
  const ua = createECDH('prime256v1');
  ua.generateKeys();
  const uaPublic = ua.getPublicKey();
  const authSecret = randomBytes(16);
  return {
    p256dh: uaPublic.toString('base64url'),
    auth: authSecret.toString('base64url'),
    decrypt(body: Buffer): string {
      // RFC 8188 §2.1 header: salt (16) | record size (4) | key id length (1) | key id = sender's public key.
      const salt = body.subarray(0, 16);
      const idlen = body.readUInt8(20);
      const asPublic = body.subarray(21, 21 + idlen);
      const record = body.subarray(21 + idlen);
      // RFC 8291 §3.3–3.4: the ECDH secret mixed with the auth secret, then the content key and nonce.
      const ecdhSecret = ua.computeSecret(asPublic);
      const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), uaPublic, asPublic]);
      const ikm = Buffer.from(hkdfSync('sha256', ecdhSecret, authSecret, keyInfo, 32));
      const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
      const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
      const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
      decipher.setAuthTag(record.subarray(record.length - 16));
      const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
      // The last (only) record ends with the delimiter 0x02, then optional zero padding.
      let end = padded.length - 1;
      while (end >= 0 && padded[end] === 0) end--;
      if (padded[end] !== 2) throw new Error('not a final record');
      return padded.subarray(0, end).toString('utf8');
    },
  };
}

export interface VapidClaims {
  aud: string;
  exp: number;
  sub: string;
}

/** `Authorization: vapid t=<JWT>, k=<public key>`: checks the ES256 signature against k and returns the claims. */
export function verifyVapid(headers: IncomingHttpHeaders, expectedPublicKey: string): VapidClaims {
  const m = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(headers.authorization ?? '');
  if (!m) throw new Error(`not a VAPID Authorization header: ${headers.authorization}`);
  const [, jwt, k] = m as unknown as [string, string, string];
  if (k !== expectedPublicKey) throw new Error('signed with another VAPID key');
  const [header, payload, signature] = jwt.split('.') as [string, string, string];
  const point = Buffer.from(k, 'base64url');
  const key = createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: point.subarray(1, 33).toString('base64url'), y: point.subarray(33, 65).toString('base64url') },
    format: 'jwk',
  });
  const ok = verify('sha256', Buffer.from(`${header}.${payload}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));
  if (!ok) throw new Error('bad VAPID signature');
  if (JSON.parse(Buffer.from(header, 'base64url').toString()).alg !== 'ES256') throw new Error('VAPID JWT must be ES256');
  return JSON.parse(Buffer.from(payload, 'base64url').toString()) as VapidClaims;
}
