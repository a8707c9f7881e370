// Compliance per framework: clause → the controls that cite it → their worst status, and the counts
// the report shows. One derivation for every output (report section, JSON, spreadsheets, OSCAL). Pure.
import type { Framework } from '../catalog/frameworks.js';
import type { Assessment } from './assess.js';
import { CONTROL_STATUSES, type ControlStatus } from './status.js';

/** The worst of some statuses (CONTROL_STATUSES lists them worst first); undefined for none. */
export function worstStatus(statuses: Iterable<ControlStatus>): ControlStatus | undefined {
  let worst: ControlStatus | undefined;
  for (const s of statuses) if (worst === undefined || CONTROL_STATUSES.indexOf(s) < CONTROL_STATUSES.indexOf(worst)) worst = s;
  return worst;
}

export interface ClauseCompliance {
  id: string;
  title: string;
  /** The framework's status code for the clause (ETSI: M, R, MC, RC), '' when it has none. */
  level: string;
  /** Controls citing the clause, by id, with their worst status over the elements (undefined: no finding). */
  controls: Array<{ id: string; status: ControlStatus | undefined }>;
  /** Whether any control cites the clause. */
  covered: boolean;
  /** Worst status of its controls; not-applicable when none applies or none cites it. */
  status: ControlStatus;
}

export interface FrameworkCompliance {
  id: string;
  /** Full title from the frameworks file; the id when the file could not be read. */
  name: string;
  note?: string;
  url?: string;
  clauses: ClauseCompliance[];
  counts: { total: number; covered: number; assessed: number; met: number; gap: number; unknown: number; accepted: number; notApplicable: number; uncovered: number };
}

/**
 * Every framework of `frameworks` with each clause's controls and status. Without the frameworks file
 * (empty list), the clause ids the controls cite stand in for it (no titles).
 */
export function complianceByFramework(a: Pick<Assessment, 'catalog' | 'findings'>, frameworks: readonly Framework[]): FrameworkCompliance[] {
  const byControl = new Map<string, ControlStatus[]>();
  for (const f of a.findings) {
    const list = byControl.get(f.control);
    if (list) list.push(f.status);
    else byControl.set(f.control, [f.status]);
  }
  const statusOfControl = new Map<string, ControlStatus | undefined>();
  for (const c of a.catalog.controls) statusOfControl.set(c.id, worstStatus(byControl.get(c.id) ?? []));
  const cited = (id: string) => (c: (typeof a.catalog.controls)[number]) => (c.frameworks as Record<string, string[] | undefined>)[id] ?? [];
  const list: Array<Pick<Framework, 'id' | 'name' | 'clauses'> & { note?: string; url?: string }> =
    frameworks.length > 0
      ? [...frameworks]
      : [...new Set(a.catalog.controls.flatMap((c) => Object.keys(c.frameworks ?? {})))].sort().map((id) => ({
          id: id as Framework['id'],
          name: id,
          clauses: [...new Set(a.catalog.controls.flatMap(cited(id)))].sort().map((cid) => ({ id: cid, title: '' })),
        }));
  return list.map((fw) => {
    const clauses = fw.clauses.map((cl): ClauseCompliance => {
      const controls = a.catalog.controls.filter((c) => cited(fw.id)(c).includes(cl.id)).map((c) => c.id).sort();
      const statuses = controls.map((c) => statusOfControl.get(c)).filter((s): s is ControlStatus => s !== undefined);
      return {
        id: cl.id,
        title: cl.title,
        level: (cl as { status?: string }).status ?? '',
        controls: controls.map((c) => ({ id: c, status: statusOfControl.get(c) })),
        covered: controls.length > 0,
        status: worstStatus(statuses) ?? 'not-applicable',
      };
    });
    const covered = clauses.filter((c) => c.covered);
    const n = (s: ControlStatus) => covered.filter((c) => c.status === s).length;
    return {
      id: fw.id,
      name: fw.name,
      ...(fw.note ? { note: fw.note } : {}),
      ...(fw.url ? { url: fw.url } : {}),
      clauses,
      counts: {
        total: clauses.length,
        covered: covered.length,
        assessed: covered.length - n('not-applicable'),
        met: n('met'),
        gap: n('gap'),
        unknown: n('unknown'),
        accepted: n('accepted'),
        notApplicable: n('not-applicable'),
        uncovered: clauses.length - covered.length,
      },
    };
  });
}
