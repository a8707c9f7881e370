// Traceability: which controls are drawn from each section of each guidance document.
import type { Catalog } from './load.js';

export interface SectionCoverage {
  document: string;
  section: string;
  controls: string[];
  notCheckable?: string;
}

export function catalogCoverage(catalog: Catalog): SectionCoverage[] {
  const out: SectionCoverage[] = [];
  for (const doc of catalog.documents) {
    for (const s of doc.sections) {
      const controls = catalog.controls
        .filter((c) => [c.source, ...(c.alsoCovers ?? [])].some((p) => p.document === doc.title && p.section === s.title))
        .map((c) => c.id)
        .sort();
      out.push({ document: doc.title, section: s.title, controls, ...(s.notCheckable ? { notCheckable: s.notCheckable } : {}) });
    }
  }
  return out;
}

/** Controls whose source names a document or section the manifest does not list. */
export function untracedControls(catalog: Catalog): string[] {
  const known = new Set(catalog.documents.flatMap((d) => d.sections.map((s) => `${d.title}\u0000${s.title}`)));
  return catalog.controls
    .filter((c) => [c.source, ...(c.alsoCovers ?? [])].some((p) => !known.has(`${p.document}\u0000${p.section}`)))
    .map((c) => c.id);
}
