// What changed between two assessments of a solution (iotsec diff): gaps opened and closed, severity
// changes, threats newly open or mitigated, residual-risk changes, decisions added, removed or expired.
// Works on the JSON result's records, so a model assessed now and a JSON result kept from an earlier
// run compare alike. Pure.
import { SEVERITY_RANK } from '../catalog/control.js';

export interface ResultFinding {
  id: string;
  control: string;
  element: string;
  title: string;
  status: string;
  severity: string;
}

export interface ResultThreat {
  id: string;
  threat: string;
  element: string;
  title: string;
  status: string;
  residualRisk: { level: string };
}

export interface ResultDecision {
  control: string | null;
  threat: string | null;
  element: string | null;
  status: string;
  state: string;
  expires: string | null;
}

/** The parts of a JSON result (src/output/json.ts) a comparison reads. */
export interface ComparableResult {
  solution: { name: string };
  assessmentDate?: string;
  findings: ResultFinding[];
  threats: ResultThreat[];
  decisions: ResultDecision[];
}

export type ChangeKind =
  | 'new-gap'
  | 'closed-gap'
  | 'severity-changed'
  | 'new-open-threat'
  | 'mitigated-threat'
  | 'residual-changed'
  | 'decision-added'
  | 'decision-removed'
  | 'decision-expired';

export interface Change {
  kind: ChangeKind;
  /** Finding or threat id (`CONN-009@hub`), or the decision's subject. */
  id: string;
  title: string;
  /** Severity (findings) or residual risk level (threats) after the change; before for what was removed or closed. */
  level?: string;
  from?: string;
  to?: string;
}

export const CHANGE_ORDER: readonly ChangeKind[] = ['new-gap', 'new-open-threat', 'severity-changed', 'residual-changed', 'decision-expired', 'decision-added', 'decision-removed', 'closed-gap', 'mitigated-threat'];

function byId<T extends { id: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((x) => [x.id, x]));
}

function decisionKey(d: ResultDecision): string {
  return `${d.control ?? d.threat ?? '?'}${d.element !== null ? `@${d.element}` : ''} (${d.status})`;
}

const rank = (level: string | undefined) => (level !== undefined ? (SEVERITY_RANK as Record<string, number>)[level] ?? 0 : 0);

/** `CONN-001@hub` with a renamed control or threat id (the catalog's aliases) written with the id that replaced it. */
function renamed<T extends { id: string }>(items: readonly T[], aliases: Readonly<Record<string, string>>): T[] {
  return items.map((x) => {
    const at = x.id.indexOf('@');
    const head = at < 0 ? x.id : x.id.slice(0, at);
    return Object.hasOwn(aliases, head) ? { ...x, id: `${aliases[head]}${x.id.slice(head.length)}` } : x;
  });
}

/**
 * Changes from `before` to `after`: most important kinds first, then highest level, then id. `aliases`: ids the
 * catalog renamed or merged, so that an earlier result's CONN-001 is compared with today's CONN-101.
 */
export function diffResults(before: ComparableResult, after: ComparableResult, aliases: Readonly<Record<string, string>> = {}): Change[] {
  const changes: Change[] = [];
  if (Object.keys(aliases).length > 0) before = { ...before, findings: renamed(before.findings, aliases), threats: renamed(before.threats, aliases) };
  const fb = byId(before.findings);
  const fa = byId(after.findings);
  for (const [id, f] of fa) {
    const was = fb.get(id);
    if (f.status === 'gap' && was?.status !== 'gap') changes.push({ kind: 'new-gap', id, title: f.title, level: f.severity, ...(was ? { from: was.status } : {}), to: 'gap' });
    if (was && was.severity !== f.severity) changes.push({ kind: 'severity-changed', id, title: f.title, level: f.severity, from: was.severity, to: f.severity });
  }
  for (const [id, was] of fb) {
    const now = fa.get(id);
    // Absent from a JSON result means not applicable (or the element is gone).
    if (was.status === 'gap' && now?.status !== 'gap') changes.push({ kind: 'closed-gap', id, title: was.title, level: was.severity, from: 'gap', to: now?.status ?? 'not-applicable' });
  }
  const tb = byId(before.threats);
  const ta = byId(after.threats);
  for (const [id, t] of ta) {
    const was = tb.get(id);
    const level = t.residualRisk.level;
    if (t.status === 'open' && was?.status !== 'open') changes.push({ kind: 'new-open-threat', id, title: t.title, level, ...(was ? { from: was.status } : {}), to: 'open' });
    if (was && was.residualRisk.level !== level) changes.push({ kind: 'residual-changed', id, title: t.title, level, from: was.residualRisk.level, to: level });
  }
  for (const [id, was] of tb) {
    const now = ta.get(id);
    if (was.status === 'open' && now?.status !== 'open') changes.push({ kind: 'mitigated-threat', id, title: was.title, level: was.residualRisk.level, from: 'open', to: now?.status ?? 'not-applicable' });
  }
  const db = new Map(before.decisions.map((d) => [decisionKey(d), d]));
  const da = new Map(after.decisions.map((d) => [decisionKey(d), d]));
  for (const [key, d] of da) {
    const was = db.get(key);
    if (!was) changes.push({ kind: 'decision-added', id: key, title: d.expires !== null ? `expires ${d.expires}` : 'no expiry', to: d.state });
    else if (d.state === 'expired' && was.state !== 'expired') changes.push({ kind: 'decision-expired', id: key, title: `expired ${d.expires ?? ''}`.trim(), from: was.state, to: 'expired' });
  }
  for (const [key, was] of db) if (!da.has(key)) changes.push({ kind: 'decision-removed', id: key, title: was.expires !== null ? `expired ${was.expires}` : 'no expiry', from: was.state });
  const order = new Map(CHANGE_ORDER.map((k, i) => [k, i]));
  return changes.sort((a, b) => order.get(a.kind)! - order.get(b.kind)! || rank(b.level) - rank(a.level) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Changes that make things worse at or above `threshold`: new gaps by severity, newly open threats by residual risk. */
export function worseningAtOrAbove(changes: readonly Change[], threshold: string): Change[] {
  const min = rank(threshold);
  return changes.filter((c) => (c.kind === 'new-gap' || c.kind === 'new-open-threat') && rank(c.level) >= min);
}
