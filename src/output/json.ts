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
import { jsonPieces, TextChunks } from '../util/text-chunks.js';
import { TOOL_NAME, TOOL_VERSION } from '../util/version.js';

// 1.2: with evidence, findings may carry `provenance`; `drift` and `evidence` arrays.
// 1.1: findings carry clauses, tailored remediation and references; mitigations their clauses; `compliance`.
export const JSON_SCHEMA_VERSION = '1.2';

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
 * The JSON assessment as a plain value (keys in contract order), so that it can be serialised at once or
 * streamed. Everything the report derives that a tool needs is here: clauses, tailored steps, compliance.
 */
export function assessmentJson(a: Assessment, options: JsonOptions): AssessmentJson {
  const { model, source } = a.loaded;
  const file = options.file ?? source.file;
  const controls = new Map(a.catalog.controls.map((c) => [c.id, c]));
  const risks = model.risks ?? [];
  const threats = new Map((a.catalog.threats ?? []).map((t) => [t.id, t]));
  const elementLocations = new Map<string, SourceLocation>();
  const stateOf = new Map(a.decisions.map((o) => [o.index, o.state]));
  const products = productsByElement(a);
  const clauses = new Map(a.catalog.controls.map((c) => [c.id, clausesOf(c)]));
  const decisionJson = (index: number | undefined) => {
    const d = index !== undefined ? risks[index] : undefined;
    if (!d) return {};
    return { decision: { status: d.status, state: stateOf.get(index!), justification: d.justification, owner: d.owner ?? null, expires: d.expires ?? null, ticket: d.ticket ?? null, approvedBy: d.approvedBy ?? null, reviewBy: d.reviewBy ?? null } };
  };
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
    findings: a.findings
      .filter((f): f is Finding & { status: Exclude<ControlStatus, 'not-applicable'> } => f.status !== 'not-applicable')
      .map((f) => {
        const c = controls.get(f.control)!;
        const loc = source.locate(f.path);
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
          location: { file: recordedFileOf(file, loc), line: loc.line, column: loc.column },
          source: { document: c.source.document, section: c.source.section },
          frameworks: clauses.get(f.control)!,
          remediation: f.status === 'met' ? [] : tailoredSteps(c, products(f.element)).map((r) => (r.for ? { step: r.step, for: [...r.for] } : { step: r.step })),
          references: c.references,
          ...decisionJson(f.decision),
        };
      }),
    threats: (a.threats ?? []).map((t) => {
      let loc = elementLocations.get(t.element);
      if (!loc) elementLocations.set(t.element, (loc = source.locate(t.path)));
      return {
        id: `${t.threat}@${t.element}`,
        threat: t.threat,
        title: t.title,
        stride: t.stride,
        element: t.element,
        elementKind: t.elementKind,
        status: t.status,
        ...(t.acceptedFrom ? { acceptedFrom: t.acceptedFrom } : {}),
        applicability: t.applicability,
        basis: t.basis,
        reason: t.reason,
        description: t.description,
        inherentRisk: t.inherent,
        residualRisk: t.residual,
        factors: t.factors,
        mitigations: t.mitigations.map((m) => ({ control: m.control, element: m.element, status: m.status, frameworks: clauses.get(m.control) ?? {} })),
        references: threats.get(t.threat)?.references ?? [],
        location: { file: recordedFileOf(file, loc), line: loc.line, column: loc.column },
        ...decisionJson(t.decision),
      };
    }),
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

/** The JSON text in pieces (one per finding, threat, …), for writing without holding it whole. */
export function renderJsonChunks(a: Assessment, options: JsonOptions): TextChunks {
  const value = assessmentJson(a, options) as unknown as Record<string, unknown>;
  const show = mayHoldInvisibles(a, options);
  return new TextChunks(() => jsonPieces(value, show ? showInvisibles : (s) => s));
}
