// Plain-English words for model properties: every property of every element kind has a label and a question,
// every enum value has words, and none of the words leak property paths or camelCase into client text.
import { describe, expect, it } from 'vitest';
import { FACTS } from '../src/engine/context.js';
import { ELEMENT_KINDS, type ElementKind } from '../src/model/elements.js';
import { PROPERTY_WORDS, propertyWords, valueWords } from '../src/model/property-words.js';
import { SolutionModel } from '../src/model/schema.js';

/** A property the schema defines: `kind:dotted path`, the enum values it takes, whether it has children. */
interface Prop {
  key: string;
  kind: ElementKind;
  path: string;
  enumValues: string[];
  container: boolean;
}

/**
 * Excepted from "every property has words" (documented decision):
 * - `risks[]`: risk decisions are not properties of an element; the report shows them in their own words.
 * - `id` and `name` of every element and list item (incl. `sharedAccessPolicies[].name`, `enrollmentGroups[].id`,
 *   `solution.name`): they are always stated (required) and are what the report shows as the element itself.
 * References (`boundary`, `inside`, `from`, `to`, `on`, `runsOn`, `gatewayFor`, `linkedHubs`, `usedBy`,
 * `identity.enrollmentGroup`, `exports[].to`) are NOT excepted: most are optional, and the catalog reads some of them.
 */
const EXCEPTED_LEAVES = new Set(['id', 'name']);

// zod 4 internals, read through `.def`: only what this walk needs.
interface ZodLike {
  def: { type: string; innerType?: ZodLike; in?: ZodLike; element?: ZodLike; options?: ZodLike[]; entries?: Record<string, string>; values?: unknown[] };
  shape?: Record<string, ZodLike>;
}

/** Strips optional/default/pipe wrappers and arrays: the type of one value of the property. */
function core(t: ZodLike): ZodLike {
  for (;;) {
    const d = t.def;
    if ((d.type === 'optional' || d.type === 'nullable' || d.type === 'default') && d.innerType) t = d.innerType;
    else if (d.type === 'pipe' && d.in) t = d.in;
    else if (d.type === 'array' && d.element) t = d.element;
    else return t;
  }
}

/** The string values an enum-like type takes (enums, string literals, unions of them); numeric literals are normalised by a transform into the enum's strings. */
function enumValues(t: ZodLike): string[] {
  const c = core(t);
  if (c.def.type === 'enum') return Object.values(c.def.entries ?? {});
  if (c.def.type === 'literal') return (c.def.values ?? []).filter((v): v is string => typeof v === 'string');
  if (c.def.type === 'union') return [...new Set((c.def.options ?? []).flatMap(enumValues))];
  return [];
}

function walk(kind: ElementKind, t: ZodLike, prefix: string, out: Prop[]): void {
  const c = core(t);
  if (c.def.type !== 'object' || !c.shape) throw new Error(`expected an object at ${kind}:${prefix}`);
  for (const [key, child] of Object.entries(c.shape)) {
    if (EXCEPTED_LEAVES.has(key)) continue;
    const path = prefix + key;
    const inner = core(child);
    const container = inner.def.type === 'object';
    out.push({ key: `${kind}:${path}`, kind, path, enumValues: enumValues(child), container });
    if (container) walk(kind, child, `${path}.`, out);
  }
}

const TOP: Record<string, ElementKind | undefined> = {
  solution: 'solution', boundaries: 'boundary', devices: 'device', edges: 'edge', services: 'service',
  principals: 'principal', flows: 'flow', risks: undefined, deployment: undefined,
};

function schemaProperties(): Prop[] {
  const out: Prop[] = [];
  const shape = (SolutionModel as unknown as ZodLike).shape!;
  for (const [key, t] of Object.entries(shape)) {
    expect(key in TOP, `top-level key '${key}' is mapped to an element kind (or excepted)`).toBe(true);
    const kind = TOP[key];
    if (kind === undefined) continue;
    walk(kind, t, '', out);
  }
  // Enrollment groups are elements of their own too.
  const groups = core((shape.services as ZodLike)).shape!.enrollmentGroups!;
  walk('enrollment-group', groups, '', out);
  return out;
}

const PROPS = schemaProperties();
const ENTRIES = Object.entries(PROPERTY_WORDS);

const CAMEL = /\b[a-z]+[A-Z]\w*/;
const PATHLIKE = /[A-Za-z]\.[A-Za-z]|[[\]$]/;

describe('property words', () => {
  it('the schema walk finds every element kind and the properties a reader would expect', () => {
    expect(new Set(PROPS.map((p) => p.kind))).toEqual(new Set(ELEMENT_KINDS));
    const keys = new Set(PROPS.map((p) => p.key));
    for (const k of ['device:identity.storage', 'service:exports.auth', 'service:sharedAccessPolicies.permissions', 'service:enrollmentGroups.certificateSource',
      'enrollment-group:attestation', 'principal:assignments.scope', 'solution:practices.riskAssessment', 'flow:tls', 'edge:opcua.trustedServersOnly']) {
      expect(keys.has(k), k).toBe(true);
    }
    expect(PROPS.length).toBeGreaterThan(120);
  });

  it('every property of every element kind (leaves and the objects and lists holding them) has words', () => {
    const missing = PROPS.filter((p) => propertyWords(p.kind, p.path) === undefined).map((p) => p.key);
    expect(missing).toEqual([]);
  });

  it('every entry names a property of the schema or a fact of the engine (no stale or misspelt keys)', () => {
    const keys = new Set(PROPS.map((p) => p.key));
    const stale = ENTRIES.map(([k]) => k).filter((k) => {
      const [kind, path] = [k.slice(0, k.indexOf(':')), k.slice(k.indexOf(':') + 1)];
      if (!(ELEMENT_KINDS as readonly string[]).includes(kind)) return true;
      if (path.startsWith('$')) return !Object.hasOwn(FACTS, path.slice(1).split('.')[0]!);
      return !keys.has(k) && path !== 'id';
    });
    expect(stale).toEqual([]);
  });

  it('every enum value of an enum property has words', () => {
    const missing: string[] = [];
    for (const p of PROPS) {
      const values = propertyWords(p.kind, p.path)?.values ?? {};
      for (const v of p.enumValues) if (!Object.hasOwn(values, v)) missing.push(`${p.key} = ${v}`);
    }
    expect(missing).toEqual([]);
  });

  it('labels are lower-case noun phrases without paths, camelCase or tool names', () => {
    const bad = ENTRIES.filter(([, w]) =>
      !/^[a-z]/.test(w.label) || w.label.includes('.') || w.label.includes('[') || CAMEL.test(w.label) || /iotsec/i.test(w.label) ||
      w.label.trim() !== w.label || w.label.length > 90,
    ).map(([k, w]) => `${k}: ${w.label}`);
    expect(bad).toEqual([]);
  });

  it('questions are sentences ending in "?" without property paths or camelCase', () => {
    const bad = ENTRIES.filter(([, w]) =>
      !/^[A-Z]/.test(w.question) || !w.question.endsWith('?') || PATHLIKE.test(w.question) || CAMEL.test(w.question) ||
      /iotsec|e\.g\./i.test(w.question),
    ).map(([k, w]) => `${k}: ${w.question}`);
    expect(bad).toEqual([]);
  });

  it('value words are plain words too', () => {
    const bad: string[] = [];
    for (const [k, w] of ENTRIES) for (const [v, word] of Object.entries(w.values ?? {})) {
      if (word.length === 0 || CAMEL.test(word) || PATHLIKE.test(word)) bad.push(`${k} = ${v}: ${word}`);
    }
    expect(bad).toEqual([]);
  });

  it('no two properties of one kind share a label (a reason must say which property it means)', () => {
    const seen = new Map<string, string>();
    const dup: string[] = [];
    for (const p of PROPS) {
      const w = propertyWords(p.kind, p.path);
      if (w === undefined) continue; // reported by the coverage test
      const k = `${p.kind}:${w.label}`;
      // An enrollment group's properties are shared between the group and its service on purpose.
      if (seen.has(k)) dup.push(`${seen.get(k)} and ${p.key}: ${w.label}`);
      else seen.set(k, p.key);
    }
    expect(dup).toEqual([]);
  });

  it('enrollment groups read the same whether reached as an element or inside their service', () => {
    for (const p of PROPS.filter((q) => q.kind === 'enrollment-group')) {
      expect(propertyWords('enrollment-group', p.path)).toEqual(propertyWords('service', `enrollmentGroups.${p.path}`));
    }
  });
});

describe('propertyWords', () => {
  it('looks up paths as the engine prints them, list indexes removed', () => {
    expect(propertyWords('service', 'exports[3].auth')).toBe(PROPERTY_WORDS['service:exports.auth']);
    expect(propertyWords('service', 'exports[3].auth')?.label).toBe('how a data export authenticates');
    expect(propertyWords('principal', 'assignments[0].scope')).toBe(PROPERTY_WORDS['principal:assignments.scope']);
    expect(propertyWords('service', 'sharedAccessPolicies[12].permissions')).toBe(PROPERTY_WORDS['service:sharedAccessPolicies.permissions']);
    expect(propertyWords('device', 'identity.storage')?.question).toBe('Where is the device credential stored: in a TPM, an HSM, a secure element, or a file?');
    expect(propertyWords('flow', '$crossesBoundary')?.label).toBe('whether the flow crosses a trust boundary');
  });

  it('is undefined for unknown paths, other kinds, and inherited object keys', () => {
    expect(propertyWords('device', 'identity.nope')).toBeUndefined();
    expect(propertyWords('flow', 'identity.storage')).toBeUndefined();
    expect(propertyWords('device', 'toString')).toBeUndefined();
    expect(propertyWords('device', '__proto__')).toBeUndefined();
  });

  it('fits the sentences the report builds', () => {
    const w = propertyWords('device', 'tls.minVersion')!;
    expect(`${w.label} is ${valueWords('device', 'tls.minVersion', '1.1')}`).toBe('the minimum TLS version of the device is TLS 1.1');
    expect(`${propertyWords('device', 'identity.storage')!.label} is not stated in the model`).toBe('where the device credential is stored is not stated in the model');
  });
});

describe('valueWords', () => {
  it('uses the table for enum values', () => {
    expect(valueWords('device', 'identity.method', 'x509-ca')).toBe('an X.509 certificate from a CA');
    expect(valueWords('service', 'exports[0].auth', 'connection-string')).toBe('a connection string');
    expect(valueWords('flow', 'tls', 'none')).toBe('no TLS (plaintext)');
    expect(valueWords('service', 'type', 'dps')).toBe('Device Provisioning Service');
  });

  it('says yes or no for booleans', () => {
    expect(valueWords('principal', 'mfa', true)).toBe('yes');
    expect(valueWords('device', 'hardware.secureBoot', false)).toBe('no');
  });

  it('formats quantities with en-US grouping, and uses the table where a number has a word', () => {
    expect(valueWords('device', 'count', 48035)).toBe('48,035');
    expect(valueWords('device', 'count', 10000)).toBe('10,000');
    expect(valueWords('flow', 'port', 8883)).toBe('8883'); // a port is a name, not a quantity
    expect(valueWords('device', 'identity.rotationDays', 0)).toBe('never');
    expect(valueWords('device', 'identity.rotationDays', 365)).toBe('365');
  });

  it('joins lists in words', () => {
    expect(valueWords('flow', 'data', ['telemetry', 'commands', 'personal'])).toBe('telemetry, commands, and personal data');
    expect(valueWords('solution', 'architecture', ['cloud', 'edge'])).toBe('directly and through edge runtimes');
    expect(valueWords('edge', 'gatewayFor', [])).toBe('none');
  });

  it('passes other values through, and unknown paths too', () => {
    expect(valueWords('principal', 'expires', '2027-01-31')).toBe('2027-01-31');
    expect(valueWords('device', 'no.such.path', 'x509-ca')).toBe('x509-ca');
    expect(valueWords('device', 'no.such.path', 1234567)).toBe('1,234,567');
    expect(valueWords('device', 'count', undefined)).toBe('not stated');
  });
});
