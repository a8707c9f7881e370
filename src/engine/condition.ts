// Compiling conditions into functions once per catalog, then evaluating them per element with
// three-valued logic. Each leaf reports what it looked at, so findings can say why and where.
import type { Comparison, ComparisonOperator, Condition, Scalar } from '../catalog/condition.js';
import { COMPARISON_OPERATORS } from '../catalog/condition.js';
import type { ModelElement } from '../model/elements.js';
import type { Path } from '../model/source.js';
import { FACT_LABELS, FACTS, REFERENCE_FIELDS, type EvaluationContext } from './context.js';
import { getPredicate } from './predicates/index.js';
import { triAnd, triNot, triOr, type Tri } from './tri.js';

/** One observation behind an outcome: a property looked at, in words, with its place in the model. */
export interface Evidence {
  readonly value: Tri;
  /** e.g. "identity.keyScope is 'shared' (expected per-device)" or "identity.keyScope is not stated". */
  readonly text: string;
  /** Document path of the property, or of the element when the property is not stated. */
  path: Path;
  /** A test of what kind of thing the element is ($kind, $toKind, …), not of how it is configured. */
  guard?: boolean;
}

export interface Outcome {
  value: Tri;
  /** Observations that decide `value` (false ones for a gap, unknown ones for unknown). */
  evidence: Evidence[];
}

export interface Subject {
  element: ModelElement;
  ctx: EvaluationContext;
  /** Display prefix for paths inside a quantified list item, e.g. "exports[1]." */
  prefix?: string;
  /** For quantified items: the item itself and its document path. */
  item?: { data: Record<string, unknown>; path: Path };
}

export type CompiledCondition = (s: Subject) => Outcome;

interface Resolved {
  value: unknown;
  stated: boolean;
  path: Path;
  label: string;
}

/** A property path split once, when the catalog is compiled. */
interface CompiledPath {
  dotted: string;
  segs: string[];
}

function compilePath(dotted: string): CompiledPath {
  return { dotted, segs: dotted.split('.') };
}

function resolvePath(s: Subject, p: CompiledPath): Resolved {
  const { segs, dotted } = p;
  let data: unknown = s.item ? s.item.data : s.element.data;
  /** Document path of the element or item the walk stands in; `walked` property names follow it. */
  let base: Path = s.item ? s.item.path : s.element.path;
  let walked = 0;
  let walkStart = 0;
  /** The element the path currently stands on (facts apply to it); none inside a plain value. */
  let at: ModelElement | undefined = s.item ? undefined : s.element;
  let label = s.prefix ? s.prefix + dotted : dotted;
  // One allocation for the path, at the end (this runs for every leaf of every control on every element).
  const pathNow = (): Path => (walked === 0 ? base : [...base, ...segs.slice(walkStart, walkStart + walked)]);
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    if (seg.charCodeAt(0) === 36 /* $ */) {
      const name = seg.slice(1);
      // A reference field of the current item or element (`$to`, `$on`, …) is followed to its element.
      const ref = data !== null && typeof data === 'object' ? (data as Record<string, unknown>)[name] : undefined;
      const target = typeof ref === 'string' && REFERENCE_FIELDS.has(name) ? s.ctx.index.byId.get(ref) : undefined;
      const fact = target ? { element: target } : FACTS[name]?.(at ?? s.element, s.ctx);
      if (fact === undefined) return { value: undefined, stated: false, path: pathNow(), label };
      if ('value' in fact) {
        if (i === 0 && segs.length === 1) label = (s.prefix ?? '') + (FACT_LABELS[name] ?? name);
        if (i === segs.length - 1) return { value: fact.value, stated: fact.value !== undefined, path: pathNow(), label };
        data = fact.value;
        continue;
      }
      at = fact.element;
      data = at.data;
      base = at.path;
      walked = 0;
      walkStart = i + 1;
      const rest = segs.slice(i + 1).join('.');
      label = `${at.kind} '${at.id}'${rest ? ' ' + rest : ''}`;
      continue;
    }
    if (data === null || typeof data !== 'object' || Array.isArray(data)) return { value: undefined, stated: false, path: pathNow(), label };
    const next = (data as Record<string, unknown>)[seg];
    if (next === undefined) return { value: undefined, stated: false, path: pathNow(), label };
    if (walked === 0) walkStart = i;
    walked++;
    data = next;
    at = undefined;
  }
  return { value: data, stated: true, path: pathNow(), label };
}

function show(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  if (typeof v === 'string') return `'${v}'`;
  return String(v);
}

const list = (xs: readonly Scalar[]) => xs.map(String).join(', ');

function expectation(op: ComparisonOperator, arg: unknown): string {
  switch (op) {
    case 'equals': return String(arg);
    case 'notEquals': return `anything but ${String(arg)}`;
    case 'in': return `one of ${list(arg as Scalar[])}`;
    case 'notIn': return `none of ${list(arg as Scalar[])}`;
    case 'gte': return `at least ${String(arg)}`;
    case 'gt': return `more than ${String(arg)}`;
    case 'lte': return `at most ${String(arg)}`;
    case 'lt': return `less than ${String(arg)}`;
    case 'exists': return arg ? 'stated' : 'not stated';
    case 'contains': return `a list including ${String(arg)}`;
    case 'containsAny': return `a list including any of ${list(arg as Scalar[])}`;
    case 'subsetOf': return `only ${list(arg as Scalar[])}`;
    case 'matches': return `matching /${String(arg)}/`;
  }
}

function compare(op: ComparisonOperator, arg: unknown, value: unknown, regex?: RegExp): boolean {
  switch (op) {
    case 'equals': return value === arg;
    case 'notEquals': return value !== arg;
    case 'in': return (arg as unknown[]).includes(value);
    case 'notIn': return !(arg as unknown[]).includes(value);
    case 'gte': return typeof value === 'number' && value >= (arg as number);
    case 'gt': return typeof value === 'number' && value > (arg as number);
    case 'lte': return typeof value === 'number' && value <= (arg as number);
    case 'lt': return typeof value === 'number' && value < (arg as number);
    case 'exists': return arg === true;
    case 'contains': return Array.isArray(value) && value.includes(arg);
    case 'containsAny': return Array.isArray(value) && (arg as unknown[]).some((a) => value.includes(a));
    case 'subsetOf': return Array.isArray(value) && value.every((v) => (arg as unknown[]).includes(v));
    case 'matches': return typeof value === 'string' && regex!.test(value);
  }
}

function compileComparison(c: Comparison, negated: boolean): CompiledCondition {
  const op = COMPARISON_OPERATORS.find((o) => c[o] !== undefined)!;
  const arg = c[op];
  const regex = op === 'matches' ? new RegExp(String(arg), 'u') : undefined;
  const expected = negated ? `not ${expectation(op, arg)}` : expectation(op, arg);
  const isGuard = /^\$[A-Za-z]+$/.test(c.path) ? true : undefined;
  const path = compilePath(c.path);
  const fallback = c.fallback !== undefined ? compilePath(c.fallback) : undefined;
  return (s) => {
    let r = resolvePath(s, path);
    if (!r.stated && fallback !== undefined) {
      const f = resolvePath(s, fallback);
      // Unstated in both places: report the element's own property, which is where the answer belongs.
      if (f.stated) r = f;
    }
    if (op === 'exists') {
      const value = r.stated === arg;
      return { value, evidence: [new ComparisonEvidence(value, r, undefined)] };
    }
    if (!r.stated) return { value: undefined, evidence: [new ComparisonEvidence(undefined, r, undefined)] };
    const value = compare(op, arg, r.value, regex);
    return { value, evidence: [new ComparisonEvidence(negated ? !value : value, r, expected, isGuard)] };
  };
}

/** Evidence of one comparison; its words are only composed when a finding's reason needs them. */
class ComparisonEvidence implements Evidence {
  readonly path: Path;
  constructor(
    readonly value: Tri,
    private readonly r: Resolved,
    private readonly expected: string | undefined,
    readonly guard?: boolean,
  ) {
    this.path = r.path;
  }
  get text(): string {
    const { label, stated, value } = this.r;
    if (!stated) return `${label} is not stated`;
    return this.expected === undefined ? `${label} is ${show(value)}` : `${label} is ${show(value)} (expected ${this.expected})`;
  }
}

/**
 * Keeps the evidence that decides the outcome. When every branch of an `any` fails, branches that fail
 * only on configuration say more than those that are about another kind of element: prefer them.
 */
function decisive(value: Tri, parts: Outcome[], isAny = false): Evidence[] {
  if (parts.length === 1) return parts[0]!.evidence;
  const deciding = parts.filter((p) => p.value === value);
  if (isAny && value !== true) {
    const relevant = deciding.filter((p) => !p.evidence.some((e) => e.guard && e.value === false));
    if (relevant.length > 0) return relevant.flatMap((p) => p.evidence);
  }
  return deciding.flatMap((p) => p.evidence);
}

export function compileCondition(cond: Condition, negated = false): CompiledCondition {
  if ('all' in cond || 'any' in cond) {
    const isAll = 'all' in cond;
    const parts = (isAll ? cond.all : cond.any).map((c) => compileCondition(c, negated));
    return (s) => {
      const outs = parts.map((p) => p(s));
      const values = outs.map((o) => o.value);
      const value = isAll ? triAnd(values) : triOr(values);
      return { value, evidence: decisive(value, outs, !isAll) };
    };
  }
  if ('not' in cond) {
    const inner = compileCondition(cond.not, !negated);
    return (s) => {
      const o = inner(s);
      return { value: triNot(o.value), evidence: o.evidence };
    };
  }
  if ('every' in cond || 'some' in cond) {
    const isEvery = 'every' in cond;
    const q = isEvery ? cond.every : cond.some;
    const inner = compileCondition(q.check, negated);
    const listPath = compilePath(q.path);
    return (s) => {
      const r = resolvePath(s, listPath);
      if (!r.stated) return { value: undefined, evidence: [{ value: undefined, path: r.path, text: `${r.label} is not stated` }] };
      if (!Array.isArray(r.value)) return { value: false, evidence: [{ value: false, path: r.path, text: `${r.label} is not a list` }] };
      const outs = r.value.map((item, i) =>
        inner({ ...s, prefix: `${r.label}[${i}].`, item: { data: (item ?? {}) as Record<string, unknown>, path: [...r.path, i] } }),
      );
      const values = outs.map((o) => o.value);
      const value = isEvery ? triAnd(values) : triOr(values);
      if (!isEvery && value === false && outs.length === 0) {
        return { value, evidence: [{ value: false, path: r.path, text: `${r.label} is empty` }] };
      }
      return { value, evidence: decisive(value, outs) };
    };
  }
  if ('predicate' in cond) {
    const predicate = getPredicate(cond.predicate);
    const args = cond.with ?? {};
    return (s) => {
      const o = predicate(s.element, s.ctx, args);
      return negated ? { value: o.value, evidence: o.evidence.map((e) => ({ ...e, value: triNot(e.value) })) } : o;
    };
  }
  return compileComparison(cond, negated);
}
