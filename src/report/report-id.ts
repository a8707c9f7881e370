// The report id: traces an archived report to its inputs. SHA-256 over the model's bytes, the assessment
// date (decision expiry depends on it), the catalog (name, version, and every control and threat by id
// and content), the compliance frameworks as loaded and the tool version; the first 16 hex digits. The
// same inputs always give the same id; a changed control, threat, framework, model or date gives another.
// The catalog and frameworks part is the same for every model of a run: catalogDigest computes it once.
import { createHash, type Hash } from 'node:crypto';
import type { Catalog } from '../catalog/load.js';
import type { Framework } from '../catalog/frameworks.js';
import { cmp } from '../model/diagnostics.js';

export type IdCatalog = Pick<Catalog, 'name' | 'version' | 'controls' | 'threats'>;

function parts(h: Hash): (s: string | Uint8Array) => void {
  return (s) => {
    h.update(String(typeof s === 'string' ? Buffer.byteLength(s) : s.byteLength));
    h.update(':');
    h.update(s);
  };
}

const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** SHA-256 (hex) over the catalog and the frameworks: compute once per catalog, pass to reportId. */
export function catalogDigest(catalog: IdCatalog, frameworks: readonly Framework[]): string {
  const h = createHash('sha256');
  const part = parts(h);
  part(catalog.name);
  part(catalog.version);
  for (const c of [...catalog.controls].sort((a, b) => cmp(a.id, b.id))) {
    part(c.id);
    part(digest(c));
  }
  for (const t of [...(catalog.threats ?? [])].sort((a, b) => cmp(a.id, b.id))) {
    part(t.id);
    part(digest(t));
  }
  part('frameworks');
  for (const f of [...frameworks].sort((a, b) => cmp(a.id, b.id))) {
    part(f.id);
    part(digest(f));
  }
  return h.digest('hex');
}

/** `date` is the assessment date (YYYY-MM-DD); `catalog` comes from catalogDigest. */
export function reportId(modelBytes: Uint8Array, date: string, catalog: string, toolVersion: string): string {
  const h = createHash('sha256');
  const part = parts(h);
  part('iotsec-report-id/2');
  part(modelBytes);
  part(date);
  part(catalog);
  part(toolVersion);
  return h.digest('hex').slice(0, 16);
}
