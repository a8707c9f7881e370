// Open Threat Model (OTM 0.2.0) for tools that read it (IriusRisk, Threat Dragon's importer): trust zones
// from boundaries, components from devices, edges, services (enrollment groups inside theirs) and
// principals, dataflows from flows, the library's threats that apply, and the controls that mitigate them.
import { STRIDE, type Control, type Severity, type StrideLetter } from '../catalog/control.js';
import type { Level } from '../catalog/threat.js';
import type { ThreatInstance } from '../engine/threats.js';
import type { ControlStatus } from '../engine/status.js';
import { worstStatus } from '../engine/compliance.js';
import { cmp } from '../model/diagnostics.js';
import type { ModelElement } from '../model/elements.js';
import { showInvisibles } from '../util/text.js';
import { TOOL_NAME, TOOL_VERSION } from '../util/version.js';
import type { OutputFile, OutputInput } from './input.js';

export const OTM_VERSION = '0.2.0';

const STRIDE_CATEGORY: Record<StrideLetter, string> = { S: 'Spoofing', T: 'Tampering', R: 'Repudiation', I: 'Information Disclosure', D: 'Denial of Service', E: 'Elevation of Privilege' };
/** OTM ratings are 0–100. */
const LEVEL_SCORE: Record<Level, number> = { low: 25, medium: 50, high: 75, critical: 100 };
/** How far a boundary is trusted (OTM trustRating, 0–100): the internet least, the cloud subscription most. */
const TRUST: Record<string, number> = { internet: 0, site: 50, network: 70, cloud: 80 };
/** The risk reduction of a mitigating control: the more severe the gap it closes, the more it reduces. */
const REDUCTION: Record<Severity, number> = { critical: 90, high: 75, medium: 50, low: 25 };
const THREAT_STATE: Record<ThreatInstance['status'], string> = { open: 'exposed', unverified: 'unverified', accepted: 'accepted', mitigated: 'mitigated' };
const MITIGATION_STATE: Record<ControlStatus, string> = { met: 'implemented', gap: 'required', unknown: 'unknown', accepted: 'accepted', 'not-applicable': 'not-applicable' };

/** Trust zone for elements placed in no boundary: OTM gives every component a parent. */
const UNPLACED = 'unplaced';

const COMPONENT_KINDS = new Set(['device', 'edge', 'service', 'enrollment-group', 'principal']);

export function otmDocument(input: OutputInput) {
  const a = input.assessment;
  const { index } = a.loaded;
  const s = a.loaded.model.solution;
  const controls = new Map(a.catalog.controls.map((c) => [c.id, c]));
  const instances = new Map<string, ThreatInstance[]>();
  for (const t of a.threats ?? []) {
    const list = instances.get(t.element);
    if (list) list.push(t);
    else instances.set(t.element, [t]);
  }
  const threatsOn = (id: string) =>
    (instances.get(id) ?? []).map((t) => {
      // One state per mitigating control: its worst over the elements it was checked on.
      const byControl = new Map<string, ControlStatus>();
      for (const m of t.mitigations) byControl.set(m.control, worstStatus([m.status, ...(byControl.has(m.control) ? [byControl.get(m.control)!] : [])])!);
      return {
        threat: t.threat,
        state: THREAT_STATE[t.status],
        mitigations: [...byControl].sort(([x], [y]) => cmp(x, y)).map(([control, st]) => ({ mitigation: control, state: MITIGATION_STATE[st] })),
      };
    });
  const boundaries = index.byKind.get('boundary') ?? [];
  const unplaced = [...index.byId.values()].some((e) => COMPONENT_KINDS.has(e.kind) && e.kind !== 'enrollment-group' && typeof e.data.boundary !== 'string');
  const parentOf = (e: ModelElement) => {
    if (e.kind === 'enrollment-group' && e.parent !== undefined) return { component: e.parent };
    const b = typeof e.data.boundary === 'string' ? e.data.boundary : undefined;
    return { trustZone: b !== undefined && index.byId.get(b)?.kind === 'boundary' ? b : UNPLACED };
  };
  const components = [...index.byId.values()]
    .filter((e) => COMPONENT_KINDS.has(e.kind))
    .map((e) => ({
      id: e.id,
      name: e.name,
      type: e.kind === 'service' ? `azure-${String(e.data.type ?? 'service')}` : e.kind === 'device' ? `iot-device${typeof e.data.kind === 'string' ? `-${e.data.kind}` : ''}` : e.kind === 'edge' ? `iot-edge${typeof e.data.runtime === 'string' ? `-${e.data.runtime}` : ''}` : e.kind,
      parent: parentOf(e),
      tags: [e.kind],
      threats: threatsOn(e.id),
      attributes: { kind: e.kind, ...(e.kind === 'device' && typeof e.data.count === 'number' ? { count: e.data.count } : {}) },
    }));
  const componentIds = new Set(components.map((c) => c.id));
  const flows = (index.byKind.get('flow') ?? []).filter((f) => componentIds.has(String(f.data.from)) && componentIds.has(String(f.data.to)));
  const usedControls = new Set<string>();
  for (const t of a.threats ?? []) for (const m of t.mitigations) usedControls.add(m.control);
  const libraryUsed = new Set((a.threats ?? []).map((t) => t.threat));
  return {
    otmVersion: OTM_VERSION,
    project: {
      name: s.name,
      id: input.file,
      description: s.description ?? null,
      owner: s.owner ?? null,
      tags: ['iot', 'azure', ...[s.architecture ?? []].flat()],
      attributes: { generator: `${TOOL_NAME} ${TOOL_VERSION}`, catalog: `${a.catalog.name} ${a.catalog.version}`, ...(s.version !== undefined ? { version: s.version } : {}) },
    },
    representations: [{ name: 'iotsec model', id: 'iotsec-model', type: 'code', repository: { url: input.file } }],
    trustZones: [
      ...boundaries.map((b) => ({
        id: b.id,
        name: b.name,
        type: String(b.data.kind ?? 'boundary'),
        risk: { trustRating: TRUST[String(b.data.kind)] ?? 50 },
        ...(typeof b.data.inside === 'string' && index.byId.get(b.data.inside)?.kind === 'boundary' ? { parent: { trustZone: b.data.inside } } : {}),
      })),
      ...(unplaced ? [{ id: UNPLACED, name: 'Not placed in a boundary', type: 'unplaced', risk: { trustRating: 50 } }] : []),
    ],
    components,
    dataflows: flows.map((f) => ({
      id: f.id,
      name: f.name,
      source: String(f.data.from),
      destination: String(f.data.to),
      bidirectional: false,
      tags: [String(f.data.protocol ?? 'flow')],
      threats: threatsOn(f.id),
      attributes: { ...(typeof f.data.protocol === 'string' ? { protocol: f.data.protocol } : {}), ...(Array.isArray(f.data.data) ? { data: (f.data.data as unknown[]).map(String).join(', ') } : {}) },
    })),
    threats: (a.catalog.threats ?? [])
      .filter((t) => libraryUsed.has(t.id))
      .sort((x, y) => cmp(x.id, y.id))
      .map((t) => ({
        id: t.id,
        name: t.title,
        description: t.description,
        categories: [STRIDE_CATEGORY[t.stride]],
        cwes: t.references.filter((r) => /^CWE-\d+$/.test(r)),
        risk: { likelihood: LEVEL_SCORE[t.likelihood], likelihoodComment: t.likelihood, impact: LEVEL_SCORE[t.impact], impactComment: t.impact },
        tags: [`stride:${t.stride}`],
      })),
    mitigations: [...usedControls]
      .sort(cmp)
      .map((id) => controls.get(id))
      .filter((c): c is Control => c !== undefined)
      .map((c) => ({ id: c.id, name: c.title, description: c.rationale, riskReduction: REDUCTION[c.severity], attributes: { severity: c.severity, area: c.area, stride: c.stride.filter((l) => (STRIDE as readonly string[]).includes(l)).join('') } })),
  };
}

export function renderOtm(input: OutputInput): OutputFile[] {
  return [{ suffix: '.otm.json', data: showInvisibles(JSON.stringify(otmDocument(input), null, 2)) + '\n' }];
}
