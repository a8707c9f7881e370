// Property-based tests over the model schema (fast-check): any valid model assesses without throwing, and
// assessing it twice gives the same JSON bytes. Models are drawn from the zod schema itself (every key,
// enum and bound it declares), with names full of markup, quotes, non-Latin and invisible characters; a
// repair step then points each reference at an element of the right kind, so that nearly every model drawn
// is valid (the test checks that it is, or it would prove nothing).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { z } from 'zod';
import { assess } from '../../src/engine/assess.js';
import { compileControls } from '../../src/engine/evaluate.js';
import { loadModel } from '../../src/model/load.js';
import { SolutionModel } from '../../src/model/schema.js';
import { renderJson } from '../../src/output/json.js';
import { builtInCatalog, known } from '../helpers/model.js';

const RUNS = 100;
/** Element lists are kept short: the properties are about content, not volume. */
const MAX_ITEMS = 4;

/** Characters names are made of: markup, quotes, template and format syntax, other scripts, invisibles. */
const NAME_CHARS = [...'aZ09 -_.:/<>&"\'`{}[]()|=%$#!?*\\', 'é', 'ß', '日', '한', 'ع', '😀', '\u202e', '\u200b', '\u00a0', '\n'];
const nameText = (max: number) => fc.array(fc.constantFrom(...NAME_CHARS), { maxLength: Math.min(max, 40) }).map((cs) => cs.join(''));
/** Ids: distinct, some NFD-written (the loader normalises them), some hostile but visible. */
const ID_POOL = ['a', 'b-1', 'c_2', 'café', 'cafe\u0301x', '日本', 'x y', '<s>', "=cmd|' /C calc'!A0", '{{x}}', '%s', 'Z'];
const DATE = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

type AnySchema = z.core.$ZodType;
type Def = Record<string, unknown> & { type: string; checks?: Array<{ _zod: { def: Record<string, unknown> } }> };

function checksOf(def: Def): Array<Record<string, unknown>> {
  return (def.checks ?? []).map((c) => c._zod.def);
}

/** An arbitrary for any value the schema accepts (or nearly: references are repaired afterwards). */
function arbitraryOf(schema: AnySchema, key = ''): fc.Arbitrary<unknown> {
  const def = schema._zod.def as unknown as Def;
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
      return arbitraryOf(def.innerType as AnySchema, key);
    case 'pipe':
      return arbitraryOf(def.in as AnySchema, key);
    case 'object': {
      const shape = def.shape as Record<string, AnySchema>;
      const required = Object.keys(shape).filter((k) => (shape[k]!._zod.def as unknown as Def).type !== 'optional');
      return fc.record(Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, arbitraryOf(s, k)])), { requiredKeys: required });
    }
    case 'array': {
      const min = checksOf(def).find((c) => c.check === 'min_length')?.minimum as number | undefined;
      return fc.array(arbitraryOf(def.element as AnySchema, key), { minLength: min ?? 0, maxLength: MAX_ITEMS });
    }
    case 'union':
      return fc.oneof(...(def.options as AnySchema[]).map((o) => arbitraryOf(o, key)));
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries as Record<string, string>));
    case 'literal':
      return fc.constantFrom(...(def.values as unknown[]));
    case 'boolean':
      return fc.boolean();
    case 'number': {
      const cs = checksOf(def);
      const min = (cs.find((c) => c.check === 'greater_than')?.value as number | undefined) ?? 0;
      const max = (cs.find((c) => c.check === 'less_than')?.value as number | undefined) ?? 100_000;
      return fc.integer({ min, max });
    }
    case 'string': {
      if (key === 'expires' || key === 'reviewBy') return DATE;
      if (key === 'id' || REFERENCE_KEYS.has(key)) return fc.constantFrom(...ID_POOL);
      // Keys with a pattern: drawn from values of that pattern, hostile where the pattern allows.
      if (key === 'azureResourceId') return nameText(40).filter((s) => !s.includes('/') && !s.includes('\n') && s.trim().length > 0).map((s) => `/subscriptions/s/resourceGroups/g/providers/Microsoft.Devices/IotHubs/${s}`);
      if (key === 'objectId') return fc.uuid();
      const cs = checksOf(def);
      const min = (cs.find((c) => c.check === 'min_length')?.minimum as number | undefined) ?? 0;
      const max = (cs.find((c) => c.check === 'max_length')?.maximum as number | undefined) ?? 200;
      return nameText(max).filter((s) => s.length >= min && s.trim().length >= min);
    }
    default:
      throw new Error(`no arbitrary for a zod ${def.type} (at '${key}'): extend the test`);
  }
}

const REFERENCE_KEYS = new Set(['boundary', 'inside', 'enrollmentGroup', 'gatewayFor', 'linkedHubs', 'to', 'from', 'usedBy', 'runsOn', 'on', 'element', 'control', 'threat']);

type Obj = Record<string, unknown>;
const list = (v: unknown): Obj[] => (Array.isArray(v) ? (v as Obj[]) : []);

/**
 * Makes a drawn model valid: ids unique across elements, every reference to an element of the right kind
 * (or dropped), boundaries nested without cycles, decisions naming a control or threat of the catalog.
 */
function repair(model: Obj, controls: readonly string[], threats: readonly string[]): Obj {
  const taken = new Set<string>();
  let n = 0;
  const unique = (e: Obj) => {
    let id = String(e.id); // as drawn, some NFD: the loader normalises ids and references alike
    while (taken.has(id)) id = `${id}-${++n}`;
    taken.add(id);
    e.id = id;
  };
  const kinds: Record<string, string[]> = { boundary: [], device: [], edge: [], service: [], group: [], principal: [], flow: [] };
  for (const [key, kind] of [['boundaries', 'boundary'], ['devices', 'device'], ['edges', 'edge'], ['services', 'service'], ['principals', 'principal'], ['flows', 'flow']] as const) {
    for (const e of list(model[key])) {
      unique(e);
      kinds[kind]!.push(e.id as string);
      if (kind === 'service') for (const g of list(e.enrollmentGroups)) {
        unique(g);
        kinds.group!.push(g.id as string);
      }
    }
  }
  /** A deterministic pick among `ids` (from the drawn value), or undefined when there is none. */
  const pick = (ids: readonly string[], drawn: unknown) => (ids.length === 0 ? undefined : ids[[...String(drawn)].length % ids.length]);
  const fix = (o: Obj, k: string, ids: readonly string[]) => {
    if (o[k] === undefined) return;
    const v = pick(ids, o[k]);
    if (v === undefined) delete o[k];
    else o[k] = v;
  };
  const fixList = (o: Obj, k: string, ids: readonly string[]) => {
    if (o[k] === undefined) return;
    o[k] = ids.length === 0 ? [] : list(o[k]).map((v) => pick(ids, v));
  };
  list(model.boundaries).forEach((b, i) => fix(b, 'inside', kinds.boundary!.slice(0, i))); // only outer, earlier ones: no cycle
  for (const key of ['devices', 'edges', 'services']) for (const e of list(model[key])) fix(e, 'boundary', kinds.boundary!);
  for (const key of ['devices', 'edges']) for (const d of list(model[key])) if (d.identity) fix(d.identity as Obj, 'enrollmentGroup', kinds.group!);
  for (const e of list(model.edges)) fixList(e, 'gatewayFor', kinds.device!);
  for (const s of list(model.services)) {
    fixList(s, 'linkedHubs', kinds.service!);
    if (s.exports !== undefined) s.exports = kinds.service!.length ? list(s.exports).map((x) => ({ ...x, to: pick(kinds.service!, x.to) })) : [];
    for (const p of list(s.sharedAccessPolicies)) fixList(p, 'usedBy', kinds.principal!);
  }
  for (const p of list(model.principals)) {
    fix(p, 'runsOn', kinds.service!);
    for (const a of list(p.assignments)) fix(a, 'on', kinds.service!);
  }
  const endpoints = [...kinds.device!, ...kinds.edge!, ...kinds.service!, ...kinds.principal!];
  if (endpoints.length === 0) kinds.flow = [];
  model.flows = endpoints.length === 0 ? [] : list(model.flows).map((f) => ({ ...f, from: pick(endpoints, f.from), to: pick(endpoints, f.to) }));
  const elements = Object.values(kinds).flat();
  model.risks = list(model.risks).map((r, i) => {
    const out: Obj = { ...r };
    delete out.control;
    delete out.threat;
    if (i % 2 === 0 || threats.length === 0) out.control = controls[[...String(r.control ?? '')].length % controls.length];
    else out.threat = threats[[...String(r.threat ?? '')].length % threats.length];
    fix(out, 'element', elements);
    return out;
  });
  return model;
}

describe('any valid model (fast-check over the schema)', () => {
  const catalog = builtInCatalog();
  const ids = known(catalog);
  const compiled = compileControls(catalog.controls);
  const controls = [...ids.controls].sort();
  const threats = [...ids.threats].sort();
  const models = arbitraryOf(SolutionModel).map((m) => stringify(repair(m as Obj, controls, threats)));

  it(`assesses without throwing, and twice gives identical JSON bytes (${RUNS} models)`, () => {
    let valid = 0;
    const invalid: string[] = [];
    fc.assert(
      fc.property(models, fc.constantFrom('2026-11-23', '2031-06-30'), (text, today) => {
        const bytes = new TextEncoder().encode(text);
        const r = loadModel(bytes, 'model.yaml', ids);
        if (!r.ok) {
          invalid.push(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join('; '));
          return;
        }
        valid++;
        const first = renderJson(assess(r.loaded, catalog, { today, compiled }), { modelBytes: bytes, file: 'model.yaml' });
        // A second, independent load and assessment: nothing may depend on state left by the first.
        const again = loadModel(bytes, 'model.yaml', ids);
        expect(again.ok).toBe(true);
        if (!again.ok) return;
        const second = renderJson(assess(again.loaded, catalog, { today, compiled }), { modelBytes: bytes, file: 'model.yaml' });
        expect(second).toBe(first);
        expect(() => JSON.parse(first)).not.toThrow();
      }),
      { numRuns: RUNS, seed: 20261208 },
    );
    // The generator must produce valid models, or the property above says nothing.
    expect(invalid.slice(0, 3)).toEqual([]);
    expect(valid).toBe(RUNS);
  }, 60_000);

  it('every element id the model states survives into the JSON, NFC-normalised', () => {
    fc.assert(
      fc.property(models, (text) => {
        const r = loadModel(new TextEncoder().encode(text), 'model.yaml', ids);
        if (!r.ok) return;
        const json = JSON.parse(renderJson(assess(r.loaded, catalog, { today: '2026-11-23', compiled }), { modelBytes: new Uint8Array(), file: 'model.yaml' })) as { findings: Array<{ element: string }> };
        for (const f of json.findings) expect(f.element).toBe(f.element.normalize('NFC'));
      }),
      { numRuns: 30, seed: 7 },
    );
  });
});
