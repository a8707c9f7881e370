// One assessment: evaluate every control on a loaded model, then apply risk decisions.
import type { Catalog } from '../catalog/load.js';
import { SEVERITIES, type Severity } from '../catalog/control.js';
import type { Diagnostic } from '../model/diagnostics.js';
import type { LoadedModel } from '../model/load.js';
import { buildContext } from './context.js';
import { applyControlDecisions, type DecisionOutcome } from './decisions.js';
import { compileControls, evaluateControls, type CompiledControl, type Finding } from './evaluate.js';
import { CONTROL_STATUSES, type ControlStatus } from './status.js';

export interface AssessmentOptions {
  /** YYYY-MM-DD; decides which risk decisions have expired. */
  today: string;
  /** Controls compiled once for many models (see compileControls). */
  compiled?: CompiledControl[];
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
  const ctx = buildContext(loaded.model, loaded.index);
  const compiled = options.compiled ?? compileControls(catalog.controls);
  const raw = evaluateControls(compiled, ctx);
  const risks = loaded.model.risks ?? [];
  const { findings, outcomes } = applyControlDecisions(raw, risks, options.today);
  const warnings = [...loaded.warnings];
  for (const o of outcomes) {
    if (o.covers.length === 0) {
      const p = loaded.source.locate(['risks', o.index]);
      const what = `control '${o.decision.control}'${o.decision.element ? ` on '${o.decision.element}'` : ''}`;
      warnings.push({ file: loaded.source.file, line: p.line, column: p.column, severity: 'warning', code: 'decision-matches-nothing', message: `risk decision for ${what} matches no gap or unknown finding`, hint: 'remove it, or check the control and element ids' });
    } else if (o.state === 'expired') {
      const p = loaded.source.locate(['risks', o.index, 'expires']);
      warnings.push({ file: loaded.source.file, line: p.line, column: p.column, severity: 'warning', code: 'decision-expired', message: `risk decision for control '${o.decision.control}' expired on ${o.decision.expires}; its findings count again`, hint: 'review the decision and renew or remove it' });
    }
  }
  return { loaded, catalog, findings, decisions: outcomes, warnings, summary: summarize(findings) };
}
