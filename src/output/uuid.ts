// Name-based UUIDs (RFC 4122 version 5): the same name always gives the same UUID, so documents that
// need UUIDs (OSCAL) stay byte-identical for the same inputs and keep an item's UUID across runs.
import { createHash } from 'node:crypto';

/** iotsec's namespace: the v5 UUID of its URL in the URL namespace (RFC 4122 appendix C). */
const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';

export function uuidV5(name: string, namespace: string = IOTSEC_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const b = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const IOTSEC_NAMESPACE = uuidV5('https://iotsec.dev/', URL_NAMESPACE);
