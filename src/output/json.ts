// The JSON assessment: a contract other tools read. Keys in a fixed order, arrays sorted, no clock.
import { createHash } from 'node:crypto';
import type { Assessment } from '../engine/assess.js';
import { reportedState } from '../engine/decisions.js';
import { compareDiagnostics } from '../model/diagnostics.js';
import { hasInvisibles, showInvisibles } from '../util/text.js';
import { TOOL_NAME, TOOL_VERSION } from '../util/version.js';

export const JSON_SCHEMA_VERSION = '1.0';

export interface JsonOptions {
  /** Only when the user asks for it (--date): the assessment date to record. */
  assessmentDate?: string;
  modelBytes: Uint8Array;
  /** The model file as recorded in outputs (relative, never machine-specific); default: as loaded. */
  file?: string;
}

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export function assessmentJson(a: Assessment, options: JsonOptions): Record<string, unknown> {
  const { model, source } = a.loaded;
  const file = options.file ?? source.file;
  const controls = new Map(a.catalog.controls.map((c) => [c.id, c]));
  const risks = model.risks ?? [];
  const threats = new Map((a.catalog.threats ?? []).map((t) => [t.id, t]));
  const elementLocations = new Map<string, { line: number; column: number }>();
  const stateOf = new Map(a.decisions.map((o) => [o.index, o.state]));
  const decisionJson = (index: number | undefined) => {
    const d = index !== undefined ? risks[index] : undefined;
    if (!d) return {};
    return { decision: { status: d.status, state: stateOf.get(index!), justification: d.justification, owner: d.owner ?? null, expires: d.expires ?? null } };
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
      .filter((f) => f.status !== 'not-applicable')
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
          location: { file, line: loc.line, column: loc.column },
          source: { document: c.source.document, section: c.source.section },
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
        mitigations: t.mitigations.map((m) => ({ control: m.control, element: m.element, status: m.status })),
        references: threats.get(t.threat)?.references ?? [],
        location: { file, line: loc.line, column: loc.column },
        ...decisionJson(t.decision),
      };
    }),
    stride: a.stride ?? null,
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
        location: { file, line: loc.line, column: loc.column },
      };
    }),
    warnings: [...a.warnings].sort(compareDiagnostics).map((w) => ({
      location: { file: w.file === source.file ? file : w.file, line: w.line, column: w.column },
      code: w.code,
      message: w.message,
      ...(w.hint ? { hint: w.hint } : {}),
    })),
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
  return inCatalog || hasInvisibles(options.file ?? a.loaded.source.file) || hasInvisibles(new TextDecoder().decode(options.modelBytes));
}

export function renderJson(a: Assessment, options: JsonOptions): string {
  const text = JSON.stringify(assessmentJson(a, options), null, 2);
  return (mayHoldInvisibles(a, options) ? showInvisibles(text) : text) + '\n';
}
