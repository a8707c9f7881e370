// The engine: every (control, applicable element) pair gets one status with its reason and place.
// Pure: everything comes in as parameters; no file system, no clock.
import type { Control, Severity, StrideLetter } from '../catalog/control.js';
import { cmp } from '../model/diagnostics.js';
import type { ElementKind, ModelElement } from '../model/elements.js';
import type { ObservedProvenance } from '../model/provenance.js';
import type { Path } from '../model/source.js';
import { compileCondition, type CompiledCondition, type Evidence, type Unstated } from './condition.js';
import type { EvaluationContext } from './context.js';
import type { ControlStatus } from './status.js';

export interface Finding {
  control: string;
  element: string;
  elementKind: ElementKind;
  status: ControlStatus;
  severity: Severity;
  stride: StrideLetter[];
  reason: string;
  /** Document path of the property the reason is about. */
  path: Path;
  /** Index into the model's `risks[]` of the decision that applies or applied (see decisions.ts). */
  decision?: number;
  /** For `accepted` findings: the status the decision covers. */
  acceptedFrom?: 'gap' | 'unknown';
  /** For unknown findings: the properties the model does not state (what to ask the architect). */
  unstated?: Unstated[];
  /** When the status rests on a value evidence filled (not stated in the model): where it came from. */
  origin?: ObservedProvenance;
}

export interface CompiledControl {
  control: Control;
  when?: CompiledCondition;
  check: CompiledCondition;
}

export function compileControls(controls: readonly Control[]): CompiledControl[] {
  return controls.map((control) => ({
    control,
    ...(control.appliesTo.when ? { when: compileCondition(control.appliesTo.when) } : {}),
    check: compileCondition(control.check),
  }));
}

function sentence(evidence: Evidence[], fallback: string): { reason: string; path?: Path } {
  if (evidence.length === 0) return { reason: fallback };
  if (evidence.length === 1) return { reason: evidence[0]!.text, path: evidence[0]!.path };
  // Distinct texts in order; a loop over a short list (this runs for a fifth of the findings of a model).
  const texts: string[] = [];
  for (const e of evidence) {
    const t = e.text;
    if (!texts.includes(t)) texts.push(t);
  }
  return { reason: texts.length === 1 ? texts[0]! : texts.join('; '), path: evidence[0]!.path };
}

// Hot path (every control × element): plain object literals, no spreads.
function finding(cc: CompiledControl, element: ModelElement, status: ControlStatus, reason: string, path: Path): Finding {
  const c = cc.control;
  return { control: c.id, element: element.id, elementKind: element.kind, status, severity: c.severity, stride: c.stride, reason, path };
}

export function evaluateControl(cc: CompiledControl, element: ModelElement, ctx: EvaluationContext): Finding {
  const arch = cc.control.appliesTo.architecture;
  if (arch !== undefined && !ctx.architectures.has(arch)) {
    return finding(cc, element, 'not-applicable', `the solution does not follow the ${arch}-based guidance`, ARCHITECTURE_PATH);
  }
  const subject = { element, ctx };
  if (cc.when) {
    const applies = cc.when(subject);
    if (applies.value === false) {
      const s = sentence(applies.evidence, 'does not apply');
      return finding(cc, element, 'not-applicable', s.reason, s.path ?? element.path);
    }
    if (applies.value === undefined) {
      const s = sentence(applies.evidence, 'cannot tell whether the control applies');
      return withUnstated(finding(cc, element, 'unknown', `it is not clear whether this applies: ${s.reason}`, s.path ?? element.path), applies.evidence);
    }
  }
  const out = cc.check(subject);
  const status: ControlStatus = out.value === true ? 'met' : out.value === false ? 'gap' : 'unknown';
  const s = sentence(out.evidence, status === 'met' ? 'requirement holds' : status === 'gap' ? 'requirement does not hold' : 'the model does not say');
  const f = finding(cc, element, status, s.reason, s.path ?? element.path);
  if (ctx.filled !== undefined) withOrigin(f, out.evidence);
  return status === 'unknown' ? withUnstated(f, out.evidence) : f;
}

function withOrigin(f: Finding, evidence: readonly Evidence[]): void {
  const o = evidence.find((e) => e.origin !== undefined)?.origin;
  if (o !== undefined) f.origin = o;
}

function withUnstated(f: Finding, evidence: readonly Evidence[]): Finding {
  if (evidence.length === 1) {
    const u = evidence[0]!.value === undefined ? evidence[0]!.unstated : undefined;
    if (u) f.unstated = [u];
    return f;
  }
  const seen = new Set<string>();
  const unstated: Unstated[] = [];
  for (const e of evidence) {
    const u = e.value === undefined ? e.unstated : undefined;
    if (u && !seen.has(`${u.element}\u0000${u.property}`)) {
      seen.add(`${u.element}\u0000${u.property}`);
      unstated.push(u);
    }
  }
  if (unstated.length) f.unstated = unstated;
  return f;
}

const ARCHITECTURE_PATH: Path = ['solution', 'architecture'];

/** Evaluates every control on every element of the kinds it applies to; sorted by control id, then model order. */
export function evaluateControls(compiled: readonly CompiledControl[], ctx: EvaluationContext): Finding[] {
  const { byKind } = ctx.index; // unique ids: a duplicate is a validation error, never evaluated twice
  const sorted = [...compiled].sort((a, b) => cmp(a.control.id, b.control.id));
  const findings: Finding[] = [];
  for (const cc of sorted) {
    for (const kind of cc.control.appliesTo.kinds) {
      for (const element of byKind.get(kind) ?? []) findings.push(evaluateControl(cc, element, ctx));
    }
  }
  return findings;
}
