// Compiling conditions into functions once per catalog, then evaluating them per element with
// three-valued logic. Each leaf reports what it looked at, so findings can say why and where.
import type { Comparison, ComparisonOperator, Condition, Scalar } from '../catalog/condition.js';
import { COMPARISON_OPERATORS } from '../catalog/condition.js';
import { REGEX_LIMITS } from '../catalog/regex-safety.js';
import type { ModelElement } from '../model/elements.js';
import { formatLocation, type ObservedProvenance } from '../model/provenance.js';
import type { Path } from '../model/source.js';
import { propertyWords, valueWords } from '../model/property-words.js';
import { allOf, anyOf, formatNumber } from '../util/words.js';
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
  /** When the outcome is unknown because a property is not stated: which element's property (for questions). */
  readonly unstated?: Unstated;
  /** Where the value came from when evidence (code, deployment) filled it; absent for stated values. */
  readonly origin?: ObservedProvenance;
}

/** A property the model does not state: the element it belongs to and its path there ("identity.storage", "exports[1].auth"). */
export interface Unstated {
  element: string;
  property: string;
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
  /** The element the property belongs to (the subject, or one a `$` segment led to) and where its path starts. */
  owner: ModelElement;
  relFrom: number;
  segs: readonly string[];
  /** The list item prefix ("exports[1].") when the owner is the subject element. */
  prefix: string;
  /** The owner is another element than the one evaluated (reached through `$to`, `$gateway`, …). */
  foreign: boolean;
  /** Set when evidence filled the value (see model/merge-evidence.ts). */
  origin?: ObservedProvenance;
}

/** The property's path from its owner element ("identity.storage", "exports[1].auth"). */
function relativePath(r: Resolved): string {
  return r.prefix + r.segs.slice(r.relFrom).join('.');
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
  /** The element whose properties the walk is inside (`at` is undefined once the walk enters a value). */
  let owner: ModelElement = s.element;
  let label = s.prefix ? s.prefix + dotted : dotted;
  // One allocation for the path, at the end (this runs for every leaf of every control on every element).
  const pathNow = (): Path => (walked === 0 ? base : [...base, ...segs.slice(walkStart, walkStart + walked)]);
  let relFrom = 0;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    if (seg.charCodeAt(0) === 36 /* $ */) {
      const name = seg.slice(1);
      // A reference field of the current item or element (`$to`, `$on`, …) is followed to its element.
      const ref = data !== null && typeof data === 'object' ? ownValue(data, name) : undefined;
      const target = typeof ref === 'string' && REFERENCE_FIELDS.has(name) ? s.ctx.index.byId.get(ref) : undefined;
      const fact = target ? { element: target } : Object.hasOwn(FACTS, name) ? FACTS[name]!(at ?? s.element, s.ctx) : undefined;
      if (fact === undefined) return { value: undefined, stated: false, path: pathNow(), label, owner, relFrom, segs, prefix: owner === s.element ? (s.prefix ?? '') : '', foreign: owner !== s.element };
      if ('value' in fact) {
        if (i === 0 && segs.length === 1) label = (s.prefix ?? '') + (Object.hasOwn(FACT_LABELS, name) ? FACT_LABELS[name]! : name);
        if (i === segs.length - 1) return { value: fact.value, stated: fact.value !== undefined, path: pathNow(), label, owner, relFrom, segs, prefix: owner === s.element ? (s.prefix ?? '') : '', foreign: owner !== s.element };
        data = fact.value;
        continue;
      }
      at = fact.element;
      owner = at;
      data = at.data;
      base = at.path;
      walked = 0;
      walkStart = i + 1;
      relFrom = i + 1;
      const rest = segs.slice(i + 1).join('.');
      label = `${at.kind} '${at.id}'${rest ? ' ' + rest : ''}`;
      continue;
    }
    if (data === null || typeof data !== 'object' || Array.isArray(data)) return { value: undefined, stated: false, path: pathNow(), label, owner, relFrom, segs, prefix: owner === s.element ? (s.prefix ?? '') : '', foreign: owner !== s.element };
    const next = ownValue(data, seg);
    if (next === undefined) return { value: undefined, stated: false, path: pathNow(), label, owner, relFrom, segs, prefix: owner === s.element ? (s.prefix ?? '') : '', foreign: owner !== s.element };
    if (walked === 0) walkStart = i;
    walked++;
    data = next;
    at = undefined;
  }
  const resolved: Resolved = { value: data, stated: true, path: pathNow(), label, owner, relFrom, segs, prefix: owner === s.element ? (s.prefix ?? '') : '', foreign: owner !== s.element };
  // Filled values are element properties (never list items): looked up only when the run has evidence.
  if (s.ctx.filled !== undefined && (owner !== s.element || s.item === undefined)) {
    const origin = s.ctx.filled.get(owner.id)?.get(segs.slice(relFrom).join('.'));
    if (origin !== undefined) resolved.origin = origin;
  }
  return resolved;
}



/**
 * A property of a model value, read from the value itself: `hardware.toString` or `identity.constructor`
 * is not stated, whatever the prototype holds.
 */
function ownValue(data: object, key: string): unknown {
  return Object.hasOwn(data, key) ? (data as Record<string, unknown>)[key] : undefined;
}

/** What a comparison expects, in words; `word` turns one value into words (enum words, yes/no, numbers). */
function expectation(op: ComparisonOperator, arg: unknown, word: (v: unknown) => string): string {
  const many = (xs: unknown) => (xs as Scalar[]).map(word);
  switch (op) {
    case 'equals': return word(arg);
    case 'notEquals': return `anything but ${word(arg)}`;
    case 'in': return anyOf(many(arg));
    case 'notIn': return `anything but ${anyOf(many(arg))}`;
    case 'gte': return `at least ${formatNumber(arg as number)}`;
    case 'gt': return `more than ${formatNumber(arg as number)}`;
    case 'lte': return `at most ${formatNumber(arg as number)}`;
    case 'lt': return `less than ${formatNumber(arg as number)}`;
    case 'exists': return arg ? 'stated' : 'not stated';
    case 'contains': return `a list including ${word(arg)}`;
    case 'containsAny': return `a list including ${anyOf(many(arg))}`;
    case 'subsetOf': return `only ${allOf(many(arg))}`;
    // Patterns are the catalog's business: the reason says what the value is, not the regular expression.
    case 'matches': return 'the form the control requires';
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
  const expects = { op, arg, negated };
  const isGuard = /^\$[A-Za-z]+$/.test(c.path) ? true : undefined;
  const path = compilePath(c.path);
  const fallback = c.fallback !== undefined ? compilePath(c.fallback) : undefined;
  const words = new Map<string, Map<unknown, string>>();
  return (s) => {
    let r = resolvePath(s, path);
    if (!r.stated && fallback !== undefined) {
      const f = resolvePath(s, fallback);
      // Unstated in both places: report the element's own property, which is where the answer belongs.
      if (f.stated) r = f;
    }
    if (op === 'exists') {
      const value = r.stated === arg;
      return { value, evidence: [new ComparisonEvidence(value, r, undefined, undefined, words)] };
    }
    if (!r.stated) return { value: undefined, evidence: [new ComparisonEvidence(undefined, r, undefined, undefined, words)] };
    if (regex !== undefined && typeof r.value === 'string' && r.value.length > REGEX_LIMITS.maxSubjectLength) {
      // Bounded work per test: a value this long is not run through the pattern, so the outcome is unknown.
      return { value: undefined, evidence: [{ value: undefined, path: r.path, text: `${r.label} is longer than ${formatNumber(REGEX_LIMITS.maxSubjectLength)} characters, too long to check its form` }] };
    }
    const value = compare(op, arg, r.value, regex);
    return { value, evidence: [new ComparisonEvidence(negated ? !value : value, r, expects, isGuard, words)] };
  };
}

const WORDS_CACHE_LIMIT = 4096;
const UNSTATED = Symbol('unstated');

interface Expects {
  op: ComparisonOperator;
  arg: unknown;
  negated: boolean;
}

/**
 * Evidence of one comparison; its words are only composed when a finding's reason needs them, from the
 * model's property words ("the minimum TLS version is TLS 1.1 (expected TLS 1.2 or TLS 1.3)"); a property
 * without words (a user catalog's path into an unknown property) keeps its path.
 */
class ComparisonEvidence implements Evidence {
  readonly path: Path;
  constructor(
    readonly value: Tri,
    private readonly r: Resolved,
    private readonly expects: Expects | undefined,
    readonly guard?: boolean,
    private readonly words?: Map<string, Map<unknown, string>>,
  ) {
    this.path = r.path;
  }
  get unstated(): Unstated | undefined {
    return this.r.stated ? undefined : { element: this.r.owner.id, property: relativePath(this.r) };
  }
  get origin(): ObservedProvenance | undefined {
    return this.r.origin;
  }
  get text(): string {
    // The same comparison on elements of one kind with the same value reads the same: composed once
    // per comparison, kind and value, not per finding (this runs for every finding of a run). Values
    // inside list items, on other elements or of list type are composed each time.
    const { stated, value, owner, prefix, foreign } = this.r;
    const cacheable = this.words !== undefined && !foreign && prefix === '' && this.r.origin === undefined && (!stated || value === null || typeof value !== 'object');
    if (!cacheable) return this.compose();
    let byValue = this.words!.get(owner.kind);
    if (!byValue) this.words!.set(owner.kind, (byValue = new Map()));
    const key = stated ? value : UNSTATED;
    let text = byValue.get(key);
    if (text === undefined) {
      if (byValue.size >= WORDS_CACHE_LIMIT) byValue.clear(); // values such as ids would grow it without end
      byValue.set(key, (text = this.compose()));
    }
    return text;
  }
  private compose(): string {
    const text = this.composeValue();
    const o = this.r.origin;
    if (o === undefined) return text;
    return o.source === 'deployment' ? `${text} — from the deployment export at ${formatLocation(o.location)}` : `${text} — from ${o.source} at ${formatLocation(o.location)} (${o.collector})`;
  }
  private composeValue(): string {
    const { stated, value, owner } = this.r;
    const rel = relativePath(this.r);
    const words = propertyWords(owner.kind, rel);
    const of = this.r.foreign ? ` of ${owner.name}` : '';
    const label = words ? `${words.label}${of}` : this.r.label;
    if (!stated) return `${label} is not stated in the model`;
    const word = (v: unknown) => valueWords(owner.kind, rel, v);
    const is = typeof value === 'boolean' ? `${label}: ${word(value)}` : `${label} is ${word(value)}`;
    if (this.expects === undefined) return is;
    const { op, arg, negated } = this.expects;
    if (op === 'matches') return `${is}, ${negated ? 'which the control does not allow' : 'which does not have the form the control requires'}`;
    const expected = expectation(op, arg, word);
    return `${is} (expected ${negated ? `not ${expected}` : expected})`;
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
    if (relevant.length > 0) return evidenceOf(relevant);
  }
  return evidenceOf(deciding);
}

/** The parts' evidence in one list (a loop: flatMap was the engine's costliest line on a large model). */
function evidenceOf(parts: readonly Outcome[]): Evidence[] {
  if (parts.length === 1) return parts[0]!.evidence;
  const out: Evidence[] = [];
  for (const p of parts) for (const e of p.evidence) out.push(e);
  return out;
}

export function compileCondition(cond: Condition, negated = false): CompiledCondition {
  if ('all' in cond || 'any' in cond) {
    const isAll = 'all' in cond;
    const parts = (isAll ? cond.all : cond.any).map((c) => compileCondition(c, negated));
    // A loop rather than map/map/includes: this runs for every all/any of every control on every element.
    // Kleene logic as triAnd/triOr: a false (all) or true (any) part decides; else any unknown part leaves it unknown.
    const decider = !isAll;
    return (s) => {
      const outs: Outcome[] = new Array<Outcome>(parts.length);
      let decided = false;
      let unknown = false;
      for (let i = 0; i < parts.length; i++) {
        const o = parts[i]!(s);
        outs[i] = o;
        if (o.value === decider) decided = true;
        else if (o.value === undefined) unknown = true;
      }
      const value: Tri = decided ? decider : unknown ? undefined : !decider;
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
      if (!r.stated) return { value: undefined, evidence: [new ComparisonEvidence(undefined, r, undefined)] };
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
