// The report id: traces an archived report to its inputs. SHA-256 over the model's bytes, the catalog
// (name, version, and every control and threat by id and content) and the tool version; the first 16
// hex digits. The same inputs always give the same id; a changed control, threat or model gives another.
import { createHash } from 'node:crypto';
import type { Catalog } from '../catalog/load.js';
import { cmp } from '../model/diagnostics.js';

export function reportId(modelBytes: Uint8Array, catalog: Pick<Catalog, 'name' | 'version' | 'controls' | 'threats'>, toolVersion: string): string {
  const h = createHash('sha256');
  const part = (s: string | Uint8Array) => {
    h.update(String(typeof s === 'string' ? Buffer.byteLength(s) : s.byteLength));
    h.update(':');
    h.update(s);
  };
  part('iotsec-report-id/1');
  part(modelBytes);
  part(catalog.name);
  part(catalog.version);
  for (const c of [...catalog.controls].sort((a, b) => cmp(a.id, b.id))) {
    part(c.id);
    part(createHash('sha256').update(JSON.stringify(c)).digest('hex'));
  }
  for (const t of [...(catalog.threats ?? [])].sort((a, b) => cmp(a.id, b.id))) {
    part(t.id);
    part(createHash('sha256').update(JSON.stringify(t)).digest('hex'));
  }
  part(toolVersion);
  return h.digest('hex').slice(0, 16);
}
