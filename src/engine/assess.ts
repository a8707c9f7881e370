// One assessment: evaluate every control on a loaded model, apply risk decisions, then derive threats.
import type { Catalog } from '../catalog/load.js';
import { SEVERITIES, type Severity } from '../catalog/control.js';
import type { Diagnostic } from '../model/diagnostics.js';
import type { LoadedModel } from '../model/load.js';
import { mergeEvidence, type MergedModel } from '../model/merge-evidence.js';
import type { ElementFact, PropertyEvidence } from '../model/provenance.js';
import { buildContext } from './context.js';
import { applyControlDecisions, reportedState, type DecisionOutcome } from './decisions.js';
import { compileControls, evaluateControls, type CompiledControl, type Finding } from './evaluate.js';
import { CONTROL_STATUSES, type ControlStatus } from './status.js';
import { driftFindings, type DriftFinding } from './drift.js';
import { deriveThreats, summarizeStride, type StrideSummary, type ThreatInstance } from './threats.js';

export interface AssessmentOptions {
  /** YYYY-MM-DD; decides which risk decisions have expired. */
  today: string;
  /** Controls compiled once for many models (see compileControls). */
  compiled?: CompiledControl[];
  /** Observations from code (or deployments) about the model's elements: fill unstated properties, contradict stated ones. */
  evidence?: readonly PropertyEvidence[];
  /** Everything the evidence found per element, mapped or not: carried to the report as it is. */
  facts?: readonly ElementFact[];
}

export interface Summary {
  byStatus: Record<ControlStatus, number>;
  bySeverity: Record<Severity, Record<ControlStatus, number>>;
}

export interface Assessment {
  loaded: LoadedModel;
  catalog: Catalog;
  findings: Finding[];
  decisions: DecisionOutcome[];
  /** Validation warnings plus warnings about decisions that match nothing. */
  warnings: Diagnostic[];
  summary: Summary;
  /** Threats of the library on every element they apply to, with status and risk (see threats.ts). */
  threats: ThreatInstance[];
  /** Threat counts per STRIDE letter and per element. */
  stride: StrideSummary;
  /** Only when the run had evidence: the merged view, and where the model and the evidence disagree. */
  evidence?: MergedModel;
  drift?: DriftFinding[];
  facts?: readonly ElementFact[];
}

export function summarize(findings: readonly Finding[]): Summary {
  const zero = () => Object.fromEntries(CONTROL_STATUSES.map((s) => [s, 0])) as Record<ControlStatus, number>;
  const byStatus = zero();
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, zero()])) as Record<Severity, Record<ControlStatus, number>>;
  for (const f of findings) {
    byStatus[f.status]++;
    bySeverity[f.severity][f.status]++;
  }
  return { byStatus, bySeverity };
}

export function assess(loaded: LoadedModel, catalog: Catalog, options: AssessmentOptions): Assessment {
  const merged = options.evidence !== undefined ? mergeEvidence(loaded.index, options.evidence) : undefined;
  const ctx = buildContext(loaded.model, merged?.index ?? loaded.index, merged?.filled);
  const compiled = options.compiled ?? compileControls(catalog.controls);
  const raw = evaluateControls(compiled, ctx);
  const risks = loaded.model.risks ?? [];
  const { findings, outcomes: controlOutcomes } = applyControlDecisions(raw, risks, options.today);
  const derived = deriveThreats(ctx, findings, catalog.threats ?? [], risks, options.today);
  const outcomes = mergeOutcomes([...controlOutcomes, ...derived.outcomes]);
  const warnings = [...loaded.warnings];
  for (const o of outcomes) {
    const d = o.decision;
    const subject = [d.control !== undefined ? `control '${d.control}'` : '', d.threat !== undefined ? `threat '${d.threat}'` : ''].filter(Boolean).join(' and ');
    const state = reportedState(o);
    if (state === 'unmatched') {
      const p = loaded.source.locate(['risks', o.index]);
      const what = `${subject}${d.element ? ` on '${d.element}'` : ''}`;
      const nothing = d.control !== undefined && d.threat === undefined ? 'no gap or unknown finding' : d.control === undefined ? 'no open or unverified threat' : 'no gap, unknown finding, open or unverified threat';
      warnings.push({ file: p.file, line: p.line, column: p.column, severity: 'warning', code: 'decision-matches-nothing', message: `risk decision for ${what} matches ${nothing}`, hint: `remove it, or check the ${d.threat !== undefined && d.control === undefined ? 'threat' : 'control'} and element ids` });
    } else if (state === 'expired') {
      const p = loaded.source.locate(['risks', o.index, 'expires']);
      warnings.push({ file: p.file, line: p.line, column: p.column, severity: 'warning', code: 'decision-expired', message: `risk decision for ${subject} expired on ${d.expires}; its ${d.control !== undefined ? 'findings' : 'threats'} count again`, hint: 'review the decision and renew or remove it' });
    }
  }
  const a: Assessment = { loaded, catalog, findings, decisions: outcomes, warnings, summary: summarize(findings), threats: derived.threats, stride: summarizeStride(derived.threats, ctx) };
  if (merged !== undefined) {
    a.evidence = merged;
    a.facts = options.facts ?? [];
    a.drift = driftFindings(merged.drift, loaded.index, catalog.controls, raw, (p) => loaded.source.locate(p));
  }
  return a;
}

/** One outcome per decision, in document order: a decision naming a control and a threat covers both. */
function mergeOutcomes(outcomes: readonly DecisionOutcome[]): DecisionOutcome[] {
  const byIndex = new Map<number, DecisionOutcome>();
  for (const o of outcomes) {
    const prev = byIndex.get(o.index);
    byIndex.set(o.index, prev ? { ...prev, covers: [...prev.covers, ...o.covers] } : o);
  }
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
}
