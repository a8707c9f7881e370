// Phase 2 of validation: ids and references (duplicates, dangling references, cycles).
import { didYouMean } from '../util/suggest.js';
import type { Diagnostic } from './diagnostics.js';
import { SOLUTION_ELEMENT_ID, type ElementIndex, type ElementKind } from './elements.js';
import type { SolutionModel } from './schema.js';
import type { Path, YamlSource } from './source.js';

export interface KnownIds {
  controls: ReadonlySet<string>;
  threats: ReadonlySet<string>;
  /** Removed or renamed control and threat ids → the id that replaced each (the catalog's alias table). */
  aliases?: ReadonlyMap<string, string>;
}

/**
 * Risk decisions naming a removed or renamed id, rewritten to the id that replaced it (so that they still
 * apply), each with a warning naming the new id. The model is returned as it is when nothing was renamed.
 */
export function withRenamedIds(model: SolutionModel, source: YamlSource, known: KnownIds): { model: SolutionModel; warnings: Diagnostic[] } {
  const aliases = known.aliases;
  if (!aliases || aliases.size === 0 || !model.risks) return { model, warnings: [] };
  const warnings: Diagnostic[] = [];
  const renamed = (kind: 'control' | 'threat', id: string | undefined, i: number): string | undefined => {
    if (id === undefined || (kind === 'control' ? known.controls : known.threats).has(id)) return id;
    const now = aliases.get(id);
    if (now === undefined || !(kind === 'control' ? known.controls : known.threats).has(now)) return id;
    const p = source.locate(['risks', i, kind]);
    warnings.push({ file: p.file, line: p.line, column: p.column, severity: 'warning', code: 'renamed-id', message: `${kind} '${id}' is now '${now}'; the decision applies to ${now}`, hint: `write ${kind}: ${now}` });
    return now;
  };
  const risks = model.risks.map((r, i) => {
    const control = renamed('control', r.control, i);
    const threat = renamed('threat', r.threat, i);
    return control === r.control && threat === r.threat ? r : { ...r, ...(control !== undefined ? { control } : {}), ...(threat !== undefined ? { threat } : {}) };
  });
  return warnings.length === 0 ? { model, warnings } : { model: { ...model, risks }, warnings };
}

const KIND_WORD: Record<ElementKind, string> = {
  solution: 'the solution',
  boundary: 'boundary',
  device: 'device',
  edge: 'edge',
  service: 'service',
  'enrollment-group': 'enrollment group',
  principal: 'principal',
  flow: 'flow',
};

export function referenceDiagnostics(model: SolutionModel, index: ElementIndex, source: YamlSource, known: KnownIds): Diagnostic[] {
  const out: Diagnostic[] = [];
  const error = (path: Path, code: string, message: string, hint?: string) => {
    const p = source.locate(path);
    out.push({ file: p.file, line: p.line, column: p.column, severity: 'error', code, message, ...(hint ? { hint } : {}) });
  };

  // Duplicate ids across all element kinds.
  const seen = new Map<string, { kind: ElementKind; path: Path }>();
  for (const e of index.all) {
    if (e.kind === 'solution') continue;
    const idPath = [...e.path, 'id'];
    if (e.id === SOLUTION_ELEMENT_ID) {
      error(idPath, 'reserved-id', `id '${e.id}' is reserved for the solution itself`, 'choose another id');
      continue;
    }
    const first = seen.get(e.id);
    if (first) {
      const p = source.locate([...first.path, 'id']);
      // Across included files, name the other file too: both places are in the message.
      const place = p.file === source.locate(idPath).file ? `line ${p.line}` : `${p.file}:${p.line}:${p.column}`;
      error(idPath, 'duplicate-id', `duplicate id '${e.id}' (already used by ${KIND_WORD[first.kind]} at ${place})`, 'ids are unique across all element kinds');
    } else {
      seen.set(e.id, { kind: e.kind, path: e.path });
    }
  }

  const idsOf = (kinds: readonly ElementKind[]) => index.all.filter((e) => kinds.includes(e.kind)).map((e) => e.id);
  const expectRef = (id: string | undefined, path: Path, kinds: readonly ElementKind[], what: string) => {
    if (id === undefined) return;
    const target = index.byId.get(id);
    if (!target || target.kind === 'solution') {
      error(path, 'dangling-reference', `${what} '${id}' does not exist`, didYouMean(id, idsOf(kinds)));
    } else if (!kinds.includes(target.kind)) {
      error(path, 'wrong-reference-kind', `${what} '${id}' is ${KIND_WORD[target.kind]}, expected ${kinds.map((k) => KIND_WORD[k]).join(' or ')}`, didYouMean(id, idsOf(kinds)));
    }
  };

  (model.boundaries ?? []).forEach((b, i) => expectRef(b.inside, ['boundaries', i, 'inside'], ['boundary'], 'boundary'));
  for (const key of ['devices', 'edges', 'services'] as const) {
    (model[key] ?? []).forEach((e, i) => expectRef(e.boundary, [key, i, 'boundary'], ['boundary'], 'boundary'));
  }
  (model.devices ?? []).forEach((d, i) =>
    expectRef(d.identity?.enrollmentGroup, ['devices', i, 'identity', 'enrollmentGroup'], ['enrollment-group'], 'enrollment group'),
  );
  (model.edges ?? []).forEach((e, i) => {
    (e.gatewayFor ?? []).forEach((d, j) => expectRef(d, ['edges', i, 'gatewayFor', j], ['device'], 'device'));
    expectRef(e.identity?.enrollmentGroup, ['edges', i, 'identity', 'enrollmentGroup'], ['enrollment-group'], 'enrollment group');
  });
  (model.services ?? []).forEach((s, i) => {
    (s.linkedHubs ?? []).forEach((h, j) => expectRef(h, ['services', i, 'linkedHubs', j], ['service'], 'linked hub'));
    (s.exports ?? []).forEach((x, j) => expectRef(x.to, ['services', i, 'exports', j, 'to'], ['service'], 'export destination'));
    (s.sharedAccessPolicies ?? []).forEach((p, j) =>
      (p.usedBy ?? []).forEach((u, k) => expectRef(u, ['services', i, 'sharedAccessPolicies', j, 'usedBy', k], ['principal'], 'principal')),
    );
  });
  (model.principals ?? []).forEach((p, i) => {
    expectRef(p.runsOn, ['principals', i, 'runsOn'], ['service'], 'service');
    (p.assignments ?? []).forEach((a, j) => expectRef(a.on, ['principals', i, 'assignments', j, 'on'], ['service'], 'service'));
  });
  const endpoints = ['device', 'edge', 'service', 'principal'] as const;
  (model.flows ?? []).forEach((f, i) => {
    expectRef(f.from, ['flows', i, 'from'], endpoints, 'flow source');
    expectRef(f.to, ['flows', i, 'to'], endpoints, 'flow target');
  });
  (model.risks ?? []).forEach((r, i) => {
    if (r.control === undefined && r.threat === undefined) {
      error(['risks', i], 'missing-property', `risks[${i}] names neither a control nor a threat`, "add 'control: <id>' or 'threat: <id>'");
    }
    // An id the catalog renamed is not dangling (withRenamedIds has rewritten it, or will warn).
    const renamedTo = (id: string, ids: ReadonlySet<string>) => ids.has(known.aliases?.get(id) ?? '');
    if (r.control !== undefined && !known.controls.has(r.control) && !renamedTo(r.control, known.controls)) {
      error(['risks', i, 'control'], 'dangling-reference', `control '${r.control}' is not in the catalog`, didYouMean(r.control, [...known.controls]));
    }
    if (r.threat !== undefined && !known.threats.has(r.threat) && !renamedTo(r.threat, known.threats)) {
      error(['risks', i, 'threat'], 'dangling-reference', `threat '${r.threat}' is not in the threat library`, didYouMean(r.threat, [...known.threats]));
    }
    if (r.element !== undefined && r.element !== SOLUTION_ELEMENT_ID) {
      expectRef(r.element, ['risks', i, 'element'], ['boundary', 'device', 'edge', 'service', 'enrollment-group', 'principal', 'flow'], 'element');
    }
  });

  // Cycles in `inside`: report each cycle once, at its first boundary in document order.
  const parent = new Map<string, string>();
  for (const b of model.boundaries ?? []) if (b.inside !== undefined) parent.set(b.id, b.inside);
  const reported = new Set<string>();
  (model.boundaries ?? []).forEach((b, i) => {
    const chain: string[] = [b.id];
    let cur = parent.get(b.id);
    while (cur !== undefined && !chain.includes(cur)) {
      chain.push(cur);
      cur = parent.get(cur);
    }
    if (cur === b.id) {
      const key = [...chain].sort().join('\u0000');
      if (!reported.has(key)) {
        reported.add(key);
        error(['boundaries', i, 'inside'], 'boundary-cycle', `boundaries are nested in a cycle: ${[...chain, b.id].join(' -> ')}`);
      }
    }
  });
  return out;
}
