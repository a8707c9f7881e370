// The assessment as flat tables (findings, threats, decisions, compliance, questions) for spreadsheets:
// one definition for CSV and XLSX, so both carry the same columns. Pure.
import { reportedState } from '../engine/decisions.js';
import { complianceByFramework } from '../engine/compliance.js';
import { tailoredSteps } from '../engine/remediation.js';
import { cmp } from '../model/diagnostics.js';
import { recordedFileOf } from '../model/include.js';
import { propertyWords, valueWords } from '../model/property-words.js';
import type { OutputInput } from './input.js';
import { productsByElement } from './json.js';

export type Cell = string | number;

export interface Column {
  header: string;
  /** Width in characters (XLSX). */
  width: number;
  /** Whether the column holds a status whose cells XLSX colours. */
  status?: boolean;
}

export interface Table {
  /** Sheet name (XLSX) and file suffix word (CSV). */
  name: string;
  columns: Column[];
  rows: Cell[][];
}

const col = (header: string, width: number, status = false): Column => ({ header, width, ...(status ? { status } : {}) });

function clauseText(frameworks: Record<string, string[] | undefined>): string {
  return Object.entries(frameworks).map(([fw, ids]) => `${fw}: ${(ids ?? []).join(', ')}`).join('; ');
}

export function findingsTable(input: OutputInput): Table {
  const a = input.assessment;
  const { source, index } = a.loaded;
  const controls = new Map(a.catalog.controls.map((c) => [c.id, c]));
  const risks = a.loaded.model.risks ?? [];
  const products = productsByElement(a);
  return {
    name: 'Findings',
    columns: [
      col('Id', 28), col('Control', 11), col('Title', 50), col('Area', 11), col('Severity', 9, true), col('Status', 10, true),
      col('Accepted from', 10), col('Element', 24), col('Element name', 30), col('Element kind', 14), col('STRIDE', 8), col('Reason', 60),
      col('File', 24), col('Line', 6), col('Column', 7), col('Frameworks', 40), col('Remediation', 70), col('References', 40),
      col('Decision', 12), col('Decision owner', 20), col('Decision expires', 12), col('Justification', 50),
    ],
    rows: a.findings
      .filter((f) => f.status !== 'not-applicable')
      .map((f) => {
        const c = controls.get(f.control)!;
        const loc = source.locate(f.path);
        const d = f.decision !== undefined ? risks[f.decision] : undefined;
        return [
          `${f.control}@${f.element}`, f.control, c.title, c.area, f.severity, f.status, f.acceptedFrom ?? '', f.element,
          index.byId.get(f.element)?.name ?? f.element, f.elementKind, f.stride.join(''), f.reason, recordedFileOf(input.file, loc), loc.line, loc.column,
          clauseText(c.frameworks), f.status === 'met' ? '' : tailoredSteps(c, products(f.element)).map((r, i) => `${i + 1}. ${r.step}`).join('\n'),
          c.references.join('\n'), d?.status ?? '', d?.owner ?? '', d?.expires ?? '', d?.justification ?? '',
        ];
      }),
  };
}

export function threatsTable(input: OutputInput): Table {
  const a = input.assessment;
  const { source, index } = a.loaded;
  const risks = a.loaded.model.risks ?? [];
  const lib = new Map((a.catalog.threats ?? []).map((t) => [t.id, t]));
  const controls = new Map(a.catalog.controls.map((c) => [c.id, c]));
  return {
    name: 'Threats',
    columns: [
      col('Id', 28), col('Threat', 12), col('Title', 50), col('STRIDE', 7), col('Status', 11, true), col('Residual risk', 10, true),
      col('Inherent risk', 10, true), col('Element', 24), col('Element name', 30), col('Element kind', 14), col('Applicability', 12),
      col('Reason', 60), col('Mitigations', 40), col('Mitigation clauses', 40), col('File', 24), col('Line', 6), col('Column', 7),
      col('References', 30), col('Decision', 12), col('Decision owner', 20), col('Decision expires', 12),
    ],
    rows: (a.threats ?? []).map((t) => {
      const loc = source.locate(t.path);
      const d = t.decision !== undefined ? risks[t.decision] : undefined;
      const clauses = new Map<string, Set<string>>();
      for (const m of t.mitigations) {
        for (const [fw, ids] of Object.entries(controls.get(m.control)?.frameworks ?? {})) {
          const set = clauses.get(fw) ?? new Set<string>();
          for (const id of ids ?? []) set.add(id);
          clauses.set(fw, set);
        }
      }
      return [
        `${t.threat}@${t.element}`, t.threat, t.title, t.stride, t.status, t.residual.level, t.inherent.level, t.element,
        index.byId.get(t.element)?.name ?? t.element, t.elementKind, t.applicability, t.reason,
        t.mitigations.map((m) => `${m.control}@${m.element}: ${m.status}`).join('\n'),
        clauseText(Object.fromEntries([...clauses].map(([fw, ids]) => [fw, [...ids].sort(cmp)]))),
        recordedFileOf(input.file, loc), loc.line, loc.column, (lib.get(t.threat)?.references ?? []).join('\n'), d?.status ?? '', d?.owner ?? '', d?.expires ?? '',
      ];
    }),
  };
}

export function decisionsTable(input: OutputInput): Table {
  const a = input.assessment;
  return {
    name: 'Decisions',
    columns: [col('#', 5), col('Control', 11), col('Threat', 12), col('Element', 24), col('Decision', 14), col('State', 10, true), col('Justification', 70), col('Owner', 24), col('Expires', 12), col('Covers', 50), col('Line', 6)],
    rows: a.decisions.map((o) => [
      o.index + 1, o.decision.control ?? '', o.decision.threat ?? '', o.decision.element ?? '', o.decision.status, reportedState(o),
      o.decision.justification, o.decision.owner ?? '', o.decision.expires ?? '', o.covers.join('\n'), a.loaded.source.locate(['risks', o.index]).line,
    ]),
  };
}

export function complianceTable(input: OutputInput): Table {
  return {
    name: 'Compliance',
    columns: [col('Framework', 18), col('Clause', 12), col('Title', 60), col('Level', 7), col('Status', 14, true), col('Controls', 60)],
    rows: complianceByFramework(input.assessment, input.frameworks).flatMap((fw) =>
      fw.clauses.map((cl) => [fw.id, cl.id, cl.title, cl.level, cl.covered ? cl.status : 'not covered', cl.controls.map((c) => `${c.id}: ${c.status ?? 'no element'}`).join('\n')]),
    ),
  };
}

/** The unknowns as questions for the architect: one row per element and missing property, with the controls it settles. */
export function questionsTable(input: OutputInput): Table {
  const a = input.assessment;
  const { byId } = a.loaded.index;
  const titles = new Map(a.catalog.controls.map((c) => [c.id, c.title]));
  const rows = new Map<string, { element: string; property: string; question: string; controls: Set<string> }>();
  for (const f of a.findings) {
    if (f.status !== 'unknown') continue;
    const asked = (f.unstated ?? []).filter((u) => byId.has(u.element));
    for (const u of asked) {
      const words = propertyWords(byId.get(u.element)!.kind, u.property);
      const key = `${u.element}\u0000${u.property}`;
      const row = rows.get(key) ?? { element: u.element, property: u.property, question: words?.question ?? `What is ${u.property}?`, controls: new Set() };
      row.controls.add(f.control);
      rows.set(key, row);
    }
    if (asked.length === 0) {
      const key = `${f.element}\u0000\u0000${f.control}`;
      const title = titles.get(f.control) ?? f.control;
      rows.set(key, rows.get(key) ?? { element: f.element, property: '', question: `Can you confirm: ${title}?`, controls: new Set([f.control]) });
    }
  }
  return {
    name: 'Questions',
    columns: [col('Element', 24), col('Element name', 30), col('Property', 30), col('Question', 70), col('Controls', 30)],
    rows: [...rows.values()].map((r) => [r.element, byId.get(r.element)?.name ?? r.element, r.property, r.question, [...r.controls].sort(cmp).join(', ')]),
  };
}

/** Drift (the model states a value that code or the deployment contradicts): only when the run had evidence. */
export function driftTable(input: OutputInput): Table | undefined {
  const a = input.assessment;
  if (a.drift === undefined) return undefined;
  const words = (d: NonNullable<typeof a.drift>[number], v: unknown) => valueWords(d.elementKind, d.property, v);
  return {
    name: 'Drift',
    columns: [
      col('Id', 28), col('Element', 24), col('Element name', 30), col('Property', 30), col('Severity', 9, true), col('Model says', 20), col('File', 24), col('Line', 6),
      col('Evidence shows', 20), col('Source', 10), col('Evidence file', 30), col('Evidence line', 8), col('Pointer', 30), col('Resource', 40), col('What was seen', 60), col('Controls', 30),
    ],
    rows: a.drift.map((d) => {
      const at = d.observed.provenance.location;
      return [
        d.id, d.element, d.elementName, propertyWords(d.elementKind, d.property)?.label ?? d.property, d.severity, words(d, d.stated.value),
        recordedFileOf(input.file, d.stated.location), d.stated.location.line,
        d.observed.value !== null ? words(d, d.observed.value) : (d.observed.oneOf ?? []).map((v) => words(d, v)).join(' or '), d.observed.provenance.source,
        at.file, at.line, at.pointer ?? '', at.resource ?? '', d.observed.text, d.controls.join(', '),
      ];
    }),
  };
}
