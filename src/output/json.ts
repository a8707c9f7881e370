// The JSON assessment: a contract other tools read. Keys in a fixed order, arrays sorted, no clock.
import { createHash } from 'node:crypto';
import { FRAMEWORK_IDS, type Control, type Product } from '../catalog/control.js';
import type { Framework } from '../catalog/frameworks.js';
import type { Assessment } from '../engine/assess.js';
import { complianceByFramework } from '../engine/compliance.js';
import { reportedState } from '../engine/decisions.js';
import type { Finding } from '../engine/evaluate.js';
import { effectOf } from '../model/merge-evidence.js';
import { driftMessage } from '../engine/drift.js';
import type { ObservedProvenance } from '../model/provenance.js';
import type { ControlStatus } from '../engine/status.js';
import { productsOf, tailoredSteps } from '../engine/remediation.js';
import type { AssessmentJson } from './json-schema.js';
import { compareDiagnostics } from '../model/diagnostics.js';
import { recordedFileOf } from '../model/include.js';
import type { SourceLocation } from '../model/source.js';
import { hasInvisibles, showInvisibles } from '../util/text.js';
import { JsonLines, jsonPieces, TextChunks } from '../util/text-chunks.js';
import { TOOL_NAME, TOOL_VERSION } from '../util/version.js';

// 1.3: the file's layout: one line per item of each top-level array (the value is unchanged).
// 1.2: with evidence, findings may carry `provenance`; `drift` and `evidence` arrays.
// 1.1: findings carry clauses, tailored remediation and references; mitigations their clauses; `compliance`.
export const JSON_SCHEMA_VERSION = '1.3';

export interface JsonOptions {
  /** Only when the user asks for it (--date): the assessment date to record. */
  assessmentDate?: string;
  modelBytes: Uint8Array;
  /** The model file as recorded in outputs (relative, never machine-specific); default: as loaded. */
  file?: string;
  /** Compliance frameworks (catalogs/frameworks.yaml); without them, `compliance` lists the clause ids controls cite. */
  frameworks?: readonly Framework[];
}

/** A control's clauses by framework, in FRAMEWORK_IDS order (not the catalog file's). */
export function clausesOf(c: Pick<Control, 'frameworks'>): Partial<Record<(typeof FRAMEWORK_IDS)[number], string[]>> {
  const out: Partial<Record<(typeof FRAMEWORK_IDS)[number], string[]>> = {};
  for (const id of FRAMEWORK_IDS) if (c.frameworks[id]) out[id] = [...c.frameworks[id]!];
  return out;
}

/** Products per element, computed once per element: the remediation steps shown for its findings depend on them. */
export function productsByElement(a: Assessment): (element: string) => ReadonlySet<Product> {
  const cache = new Map<string, ReadonlySet<Product>>();
  const { index } = a.loaded;
  return (id) => {
    let p = cache.get(id);
    if (!p) {
      const e = index.byId.get(id);
      cache.set(id, (p = e ? productsOf(index, e) : new Set()));
    }
    return p;
  };
}

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * The JSON assessment as a plain value (keys in contract order), for tools that compare results (diff,
 * --baseline). The file is written from the same parts by renderJsonChunks.
 */
export function assessmentJson(a: Assessment, options: JsonOptions): AssessmentJson {
  const parts = assessmentParts(a, options);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(parts)) out[k] = v instanceof JsonItems ? v.items.map((x) => v.value(x)) : v;
  return out as unknown as AssessmentJson;
}

/**
 * A top-level array made one item at a time: as a value (assessmentJson) or as one line of JSON text
 * (the file). `text` must give JSON.stringify(value(x)); it may splice in cached text of shared parts.
 */
class JsonItems<S = unknown> {
  constructor(
    readonly items: readonly S[],
    readonly value: (x: S) => unknown,
    readonly text: (x: S) => string = (x) => JSON.stringify(value(x)),
  ) {}

  lines(): JsonLines {
    const { items, text } = this;
    return new JsonLines(items.length, function* () {
      for (const x of items) yield text(x);
    });
  }
}

/** JSON.stringify(x) without its outer braces: the members of an object, to splice into another one. */
function members(x: object): string {
  return JSON.stringify(x).slice(1, -1);
}

/**
 * The assessment's top-level members in contract order; findings and threats (the bulk of a large model)
 * as JsonItems, so that neither the values nor the text of all of them are ever held at once.
 */
function assessmentParts(a: Assessment, options: JsonOptions): Record<string, unknown> {
  const { model, source } = a.loaded;
  const file = options.file ?? source.file;
  const controls = new Map(a.catalog.controls.map((c) => [c.id, c]));
  const risks = model.risks ?? [];
  const threats = new Map((a.catalog.threats ?? []).map((t) => [t.id, t]));
  const elementLocations = new Map<string, SourceLocation>();
  const stateOf = new Map(a.decisions.map((o) => [o.index, o.state]));
  const products = productsByElement(a);
  const clauses = new Map(a.catalog.controls.map((c) => [c.id, clausesOf(c)]));
  const clausesText = new Map<string, string>();
  const clausesTextOf = (control: string) => {
    let t = clausesText.get(control);
    if (t === undefined) clausesText.set(control, (t = JSON.stringify(clauses.get(control) ?? {})));
    return t;
  };
  const decisionOf = (index: number | undefined) => {
    const d = index !== undefined ? risks[index] : undefined;
    if (!d) return undefined;
    return { status: d.status, state: stateOf.get(index!), justification: d.justification, owner: d.owner ?? null, expires: d.expires ?? null, ticket: d.ticket ?? null, approvedBy: d.approvedBy ?? null, reviewBy: d.reviewBy ?? null };
  };
  const decisionJson = (index: number | undefined) => {
    const decision = decisionOf(index);
    return decision ? { decision } : {};
  };
  const decisionText = (index: number | undefined) => {
    const decision = decisionOf(index);
    return decision ? `,"decision":${JSON.stringify(decision)}` : '';
  };

  type ReportedFinding = Finding & { status: Exclude<ControlStatus, 'not-applicable'> };
  // What a finding says about its element: everything up to its location.
  const findingHead = (f: ReportedFinding) => {
    const c = controls.get(f.control)!;
    const loc = source.locate(f.path);
    const location = { file: recordedFileOf(file, loc), line: loc.line, column: loc.column };
    // Most findings have none of the optional members: a plain literal (no spreads) for them, as this runs per finding.
    if (!f.acceptedFrom && !f.unstated && !f.origin) {
      return { id: `${f.control}@${f.element}`, control: f.control, title: c.title, area: c.area, element: f.element, elementKind: f.elementKind, status: f.status, severity: f.severity, stride: f.stride, reason: f.reason, location };
    }
    return {
      id: `${f.control}@${f.element}`,
      control: f.control,
      title: c.title,
      area: c.area,
      element: f.element,
      elementKind: f.elementKind,
      status: f.status,
      ...(f.acceptedFrom ? { acceptedFrom: f.acceptedFrom } : {}),
      severity: f.severity,
      stride: f.stride,
      reason: f.reason,
      // What the model would have to state to decide an unknown (the report's questions for the architect).
      ...(f.unstated ? { unstated: f.unstated } : {}),
      ...(f.origin ? { provenance: observedJson(f.origin) } : {}),
      location,
    };
  };
  // What a finding carries from its control: the same for every finding of that control on elements using the same products.
  const findingControlPart = (f: ReportedFinding) => {
    const c = controls.get(f.control)!;
    return {
      source: { document: c.source.document, section: c.source.section },
      frameworks: clauses.get(f.control)!,
      remediation: f.status === 'met' ? [] : tailoredSteps(c, products(f.element)).map((r) => (r.for ? { step: r.step, for: [...r.for] } : { step: r.step })),
      references: c.references,
    };
  };
  // Its text, cached per (control, products of the element or met): 10,000 elements share a few hundred.
  const productsKey = new Map<ReadonlySet<Product>, string>();
  const controlPartText = new Map<string, string>();
  const findingControlText = (f: ReportedFinding) => {
    let key = 'met';
    if (f.status !== 'met') {
      const p = products(f.element);
      let pk = productsKey.get(p);
      if (pk === undefined) productsKey.set(p, (pk = [...p].sort().join(',')));
      key = pk;
    }
    key = `${f.control}\0${key}`;
    let t = controlPartText.get(key);
    if (t === undefined) controlPartText.set(key, (t = members(findingControlPart(f))));
    return t;
  };
  const findings = new JsonItems(
    a.findings.filter((f): f is ReportedFinding => f.status !== 'not-applicable'),
    (f) => ({ ...findingHead(f), ...findingControlPart(f), ...decisionJson(f.decision) }),
    (f) => `{${members(findingHead(f))},${findingControlText(f)}${decisionText(f.decision)}}`,
  );

  type Threat = NonNullable<Assessment['threats']>[number];
  const threatLocation = (t: Threat) => {
    let loc = elementLocations.get(t.element);
    if (!loc) elementLocations.set(t.element, (loc = source.locate(t.path)));
    return { file: recordedFileOf(file, loc), line: loc.line, column: loc.column };
  };
  // Plain literals (no spreads): this runs per threat.
  const threatHead = (t: Threat) =>
    t.acceptedFrom
      ? { id: `${t.threat}@${t.element}`, threat: t.threat, title: t.title, stride: t.stride, element: t.element, elementKind: t.elementKind, status: t.status, acceptedFrom: t.acceptedFrom, applicability: t.applicability, basis: t.basis, reason: t.reason, description: t.description, inherentRisk: t.inherent, residualRisk: t.residual, factors: t.factors }
      : { id: `${t.threat}@${t.element}`, threat: t.threat, title: t.title, stride: t.stride, element: t.element, elementKind: t.elementKind, status: t.status, applicability: t.applicability, basis: t.basis, reason: t.reason, description: t.description, inherentRisk: t.inherent, residualRisk: t.residual, factors: t.factors };
  const threatTail = (t: Threat) => ({ references: threats.get(t.threat)?.references ?? [], location: threatLocation(t) });
  const mitigationHead = (m: Threat['mitigations'][number]) => ({ control: m.control, element: m.element, status: m.status });
  const threatItems = new JsonItems(
    a.threats ?? [],
    (t) => ({
      ...threatHead(t),
      mitigations: t.mitigations.map((m) => ({ ...mitigationHead(m), frameworks: clauses.get(m.control) ?? {} })),
      ...threatTail(t),
      ...decisionJson(t.decision),
    }),
    // Each mitigation repeats its control's clauses: their text is made once per control.
    (t) => {
      let mitigations = '';
      for (const m of t.mitigations) mitigations += `${mitigations ? ',' : ''}{${members(mitigationHead(m))},"frameworks":${clausesTextOf(m.control)}}`;
      return `{${members(threatHead(t))},"mitigations":[${mitigations}],${members(threatTail(t))}${decisionText(t.decision)}}`;
    },
  );

  const s = model.solution;
  return {
    schemaVersion: JSON_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    ...(options.assessmentDate ? { assessmentDate: options.assessmentDate } : {}),
    solution: {
      name: s.name,
      version: s.version ?? null,
      owner: s.owner ?? null,
      description: s.description ?? null,
      architecture: s.architecture === undefined ? null : [s.architecture].flat(),
      environment: s.environment ?? null,
    },
    model: { file, sha256: sha256(options.modelBytes) },
    catalog: { name: a.catalog.name, version: a.catalog.version, controls: a.catalog.controls.length, threats: (a.catalog.threats ?? []).length },
    summary: a.summary,
    findings,
    threats: threatItems,
    stride: a.stride ?? null,
    compliance: complianceByFramework(a, options.frameworks ?? []).map((fw) => ({
      id: fw.id,
      name: fw.name,
      counts: fw.counts,
      clauses: fw.clauses.map((cl) => ({
        id: cl.id,
        title: cl.title,
        level: cl.level || null,
        status: cl.covered ? cl.status : null,
        controls: cl.controls.map((x) => ({ id: x.id, status: x.status ?? null })),
      })),
    })),
    decisions: a.decisions.map((o) => {
      const loc = source.locate(['risks', o.index]);
      return {
        index: o.index,
        control: o.decision.control ?? null,
        threat: o.decision.threat ?? null,
        element: o.decision.element ?? null,
        status: o.decision.status,
        state: reportedState(o),
        justification: o.decision.justification,
        owner: o.decision.owner ?? null,
        expires: o.decision.expires ?? null,
        ticket: o.decision.ticket ?? null,
        approvedBy: o.decision.approvedBy ?? null,
        reviewBy: o.decision.reviewBy ?? null,
        covers: o.covers,
        location: { file: recordedFileOf(file, loc), line: loc.line, column: loc.column },
      };
    }),
    warnings: [...a.warnings].sort(compareDiagnostics).map((w) => ({
      location: { file: w.file === source.file ? file : w.file, line: w.line, column: w.column },
      code: w.code,
      message: w.message,
      ...(w.hint ? { hint: w.hint } : {}),
    })),
    ...evidenceJson(a, file),
  };
}

function observedJson(p: ObservedProvenance) {
  return { source: p.source, location: { ...p.location }, collector: p.collector };
}

/** `drift` and `evidence`, only when the run had evidence. */
function evidenceJson(a: Assessment, file: string): Pick<AssessmentJson, 'drift' | 'evidence' | 'facts'> {
  const m = a.evidence;
  if (m === undefined) return {};
  const modelFile = (l: { line: number; column: number }) => ({ file, line: l.line, column: l.column });
  return {
    drift: (a.drift ?? []).map((d) => ({
      id: d.id,
      element: d.element,
      elementKind: d.elementKind,
      property: d.property,
      severity: d.severity,
      controls: d.controls,
      message: driftMessage(d, file),
      stated: { value: d.stated.value, location: modelFile(d.stated.location) },
      observed: { ...observedJson(d.observed.provenance), value: (d.observed.value ?? null) as string | number | boolean | null, ...(d.observed.oneOf ? { oneOf: d.observed.oneOf as Array<string | number | boolean> } : {}), text: d.observed.text },
      alsoAt: d.alsoAt.map(observedJson),
    })),
    evidence: m.evidence.map((e) => ({
      element: e.element,
      property: e.property,
      value: e.value ?? null,
      ...(e.oneOf ? { oneOf: [...e.oneOf] } : {}),
      observed: e.observed,
      effect: effectOf(m, e),
      ...observedJson(e.provenance),
    })),
    facts: (a.facts ?? []).map((f) => ({ element: f.element, fact: f.fact, value: f.value, detail: f.detail, ...(f.note !== undefined ? { note: f.note } : {}), ...observedJson(f.provenance) })),
  };
}

/** The JSON text; bidirectional and zero-width characters in any string or key are shown as ⟨U+…⟩, never obeyed. */
/** Catalogs are shared by every model of a run: whether one holds invisible characters is decided once. */
const catalogsWithInvisibles = new WeakMap<object, boolean>();

/**
 * Text in the JSON comes from the model, its file name, the catalog and the tool's own words: only when one of
 * those holds an invisible character does the (large) text need showInvisibles' scan.
 */
function mayHoldInvisibles(a: Assessment, options: JsonOptions): boolean {
  let inCatalog = catalogsWithInvisibles.get(a.catalog);
  if (inCatalog === undefined) catalogsWithInvisibles.set(a.catalog, (inCatalog = hasInvisibles(JSON.stringify(a.catalog))));
  return inCatalog || hasInvisibles(options.file ?? a.loaded.source.file) || hasInvisibles(new TextDecoder().decode(options.modelBytes)) || (a.evidence !== undefined && hasInvisibles(JSON.stringify([a.evidence.evidence, a.facts ?? []])));
}

export function renderJson(a: Assessment, options: JsonOptions): string {
  return renderJsonChunks(a, options).toString();
}

/** The JSON text in pieces (one per item of a top-level array), for writing without holding it whole. */
export function renderJsonChunks(a: Assessment, options: JsonOptions): TextChunks {
  const parts = assessmentParts(a, options);
  const layout: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(parts)) layout[k] = v instanceof JsonItems ? v.lines() : v;
  const show = mayHoldInvisibles(a, options);
  return new TextChunks(() => jsonPieces(layout, show ? showInvisibles : (s) => s));
}
