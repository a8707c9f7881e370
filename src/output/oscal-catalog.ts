// The control catalog as an OSCAL 1.0.6 catalog: a group per area, a control per iotsec control with its
// statement (what must hold), guidance (remediation steps), the guidance passage it comes from, and its
// framework clauses, severity and STRIDE letters as properties; threats are not controls and stay out.
// The guidance documents are back-matter resources. Name-based UUIDs; the one timestamp is passed in.
import { AREAS, type Area, type Control } from '../catalog/control.js';
import type { Catalog } from '../catalog/load.js';
import { cmp } from '../model/diagnostics.js';
import { showInvisibles } from '../util/text.js';
import { TOOL_NAME, TOOL_VERSION } from '../util/version.js';
import { timestampOf } from './input.js';
import { IOTSEC_NS, OSCAL_VERSION } from './oscal.js';
import { uuidV5 } from './uuid.js';

const AREA_TITLE: Record<Area, string> = { device: 'Device security', connection: 'Connection security', edge: 'Edge security', cloud: 'Cloud security' };

const prop = (name: string, value: string, cls?: string) => ({ name, ns: IOTSEC_NS, value: value.replace(/\s+/g, ' ').trim() || '-', ...(cls ? { class: cls } : {}) });

function oscalControl(c: Control, documentUuid: (title: string) => string | undefined) {
  const doc = documentUuid(c.source.document);
  return {
    id: c.id,
    class: 'iotsec-control',
    title: c.title,
    props: [
      prop('label', c.id),
      prop('severity', c.severity),
      prop('stride', c.stride.join('')),
      ...Object.entries(c.frameworks).flatMap(([fw, ids]) => (ids ?? []).map((id) => prop('framework-clause', id, fw))),
    ],
    ...(c.references.length || doc ? {
      links: [
        ...(doc ? [{ href: `#${doc}`, rel: 'reference', text: `${c.source.document} — ${c.source.section}` }] : []),
        ...c.references.map((href) => ({ href, rel: 'related' })),
      ],
    } : {}),
    parts: [
      { id: `${c.id}_smt`, name: 'statement', prose: c.rationale },
      { id: `${c.id}_gdn`, name: 'guidance', prose: c.remediation.map((r, i) => `${i + 1}. ${r.for ? `(${r.for.join(', ')}) ` : ''}${r.step}`).join('\n') },
      { id: `${c.id}_src`, name: 'source', ns: IOTSEC_NS, title: `${c.source.document} — ${c.source.section}`, prose: c.source.quote },
    ],
  };
}

/** `date` is YYYY-MM-DD: the catalog's last-modified (the CLI passes --date, SOURCE_DATE_EPOCH or today). */
export function oscalCatalog(catalog: Pick<Catalog, 'name' | 'version' | 'controls' | 'documents'>, date: string) {
  const docUuids = new Map(catalog.documents.map((d) => [d.title, uuidV5(`document\u0000${d.title}`)]));
  return {
    catalog: {
      uuid: uuidV5(['catalog', catalog.name, catalog.version, ...catalog.controls.map((c) => JSON.stringify(c))].join('\u0000')),
      metadata: {
        title: `${catalog.name} — iotsec control catalog`,
        'last-modified': timestampOf(date),
        version: catalog.version,
        'oscal-version': OSCAL_VERSION,
        props: [prop('generator', `${TOOL_NAME} ${TOOL_VERSION}`)],
      },
      groups: AREAS.map((area) => ({ area, controls: catalog.controls.filter((c) => c.area === area).sort((x, y) => cmp(x.id, y.id)) }))
        .filter((g) => g.controls.length > 0)
        .map((g) => ({ id: `area-${g.area}`, class: 'area', title: AREA_TITLE[g.area], controls: g.controls.map((c) => oscalControl(c, (t) => docUuids.get(t))) })),
      ...(catalog.documents.length ? {
        'back-matter': {
          resources: catalog.documents.map((d) => ({ uuid: docUuids.get(d.title)!, title: d.title, ...(d.date ? { props: [prop('published', d.date)] } : {}) })),
        },
      } : {}),
    },
  };
}

export function renderOscalCatalog(catalog: Pick<Catalog, 'name' | 'version' | 'controls' | 'documents'>, date: string): string {
  return showInvisibles(JSON.stringify(oscalCatalog(catalog, date), null, 2)) + '\n';
}
