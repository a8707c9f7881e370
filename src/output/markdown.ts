// A Markdown summary sized for a pull-request comment (GitHub allows 65,536 characters): posture, gaps
// worst first, top open threats, counts. However big the model, the text stays under MD_LIMIT: lists
// stop when the budget is spent and say how many rows the JSON or report has beyond them.
import { SEVERITIES, SEVERITY_RANK } from '../catalog/control.js';
import { LEVELS } from '../catalog/threat.js';
import { reportedState } from '../engine/decisions.js';
import { compareRisk } from '../engine/risk.js';
import type { DriftFinding } from '../engine/drift.js';
import { propertyWords, valueWords } from '../model/property-words.js';
import { formatLocation } from '../model/provenance.js';
import { cmp } from '../model/diagnostics.js';
import { showInvisibles } from '../util/text.js';
import { TOOL_NAME, TOOL_VERSION } from '../util/version.js';
import type { ComparedBaseline, OutputFile, OutputInput } from './input.js';
import { diffSummary } from './diff.js';
import { sha256 } from './json.js';

/** Characters the summary stays under (a PR comment holds 65,536). */
export const MD_LIMIT = 60_000;
const TOP_THREATS = 15;

/**
 * Model and catalog text as inert Markdown: one line, Markdown and HTML punctuation backslash-escaped
 * (no links, images, tags or table breaks from a model), at most `max` characters.
 */
export function mdText(s: string, max = 200): string {
  const one = showInvisibles(s).replace(/\s+/g, ' ').trim();
  const short = [...one].length > max ? `${[...one].slice(0, max - 1).join('')}…` : one;
  // '.' and ':' too: GFM turns www.x and http://x into links even without brackets.
  return short.replace(/[\\`*_[\]<>#.!|~@&:]/g, (c) => `\\${c}`);
}

/** An id in a code span (inert; no mention, no link); a backtick cannot close it, a pipe cannot end the table cell. */
function code(id: string): string {
  return `\`${showInvisibles(id).replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
}

const HEAD = (cells: string[]) => [`| ${cells.join(' | ')} |`, `|${cells.map(() => ' --- ').join('|')}|`];

/** Lines appended while the budget lasts. */
class Budget {
  readonly lines: string[] = [];
  private used = 0;
  constructor(private readonly limit: number) {}
  fits(text: string): boolean {
    return this.used + text.length + 1 <= this.limit;
  }
  push(...lines: string[]): void {
    for (const l of lines) {
      this.lines.push(l);
      this.used += l.length + 1;
    }
  }
  /** Rows of a table while they fit, keeping `reserve` characters for what follows; then a line saying how many were left out. */
  table(head: string[], rows: string[], reserve: number, more: (n: number) => string): void {
    const headLines = HEAD(head);
    this.push(...headLines);
    let shown = 0;
    for (const r of rows) {
      if (this.used + r.length + 1 + reserve > this.limit) break;
      this.push(r);
      shown++;
    }
    if (shown < rows.length) this.push('', more(rows.length - shown));
  }
}

const TOP_CHANGES = 10;

/** "Changes since <baseline>": the counts, then what got worse (new gaps, newly open threats), worst first. */
function changesSince(baseline: ComparedBaseline): string[] {
  const changes = baseline.changes;
  const worse = changes.filter((c) => c.kind === 'new-gap' || c.kind === 'new-open-threat');
  return [
    `### Changes since ${mdText(baseline.label, 80)}`,
    '',
    `${mdText(diffSummary(changes))}.`,
    ...(worse.length ? ['', ...worse.slice(0, TOP_CHANGES).map((c) => `- ${c.kind === 'new-gap' ? 'New gap' : 'Newly open threat'} (${c.level ?? ''}): ${code(c.id)} ${mdText(c.title, 100)}`), ...(worse.length > TOP_CHANGES ? [`- …and ${worse.length - TOP_CHANGES} more (iotsec diff lists them all).`] : [])] : []),
  ];
}

export function markdownSummary(input: OutputInput, limit = MD_LIMIT): string {
  const a = input.assessment;
  const { source, index } = a.loaded;
  const s = a.loaded.model.solution;
  const by = a.summary.byStatus;
  const assessed = by.gap + by.unknown + by.accepted + by.met;
  const controls = new Map(a.catalog.controls.map((c) => [c.id, c]));
  const threats = a.threats ?? [];
  const open = threats.filter((t) => t.status === 'open');
  const name = (id: string) => index.byId.get(id)?.name ?? id;
  const el = (id: string) => (name(id) === id ? code(id) : `${mdText(name(id), 60)} (${code(id)})`);
  // A line in a file the model includes names that file.
  const line = (path: readonly (string | number)[]) => {
    const p = source.locate(path);
    return p.included === undefined ? String(p.line) : `${mdText(p.included, 80)}:${p.line}`;
  };
  const b = new Budget(limit);
  const critHigh = a.summary.bySeverity.critical.gap + a.summary.bySeverity.high.gap;
  const openCritHigh = open.filter((t) => t.residual.level === 'critical' || t.residual.level === 'high').length;
  const icon = critHigh + openCritHigh > 0 ? '🔴' : by.gap + open.length > 0 ? '🟠' : by.unknown > 0 ? '🟡' : '🟢';

  b.push(`## ${icon} ${mdText(s.name, 120)} — security assessment`, '');
  if (input.baseline) b.push(...changesSince(input.baseline), '');
  b.push(
    `**${by.gap} gap${by.gap === 1 ? '' : 's'}** (${critHigh} critical or high), ${by.unknown} unknown, ${by.accepted} accepted, ${by.met} met of ${assessed} control checks` +
      (threats.length ? `; **${open.length} open threat${open.length === 1 ? '' : 's'}** (${openCritHigh} critical or high residual risk), ${a.stride.byStatus.unverified} unverified, ${a.stride.byStatus.accepted} accepted, ${a.stride.byStatus.mitigated} mitigated.` : '.'),
    '',
  );
  b.push(...HEAD(['', ...SEVERITIES.map((x) => x[0]!.toUpperCase() + x.slice(1))]));
  b.push(`| Gaps | ${SEVERITIES.map((x) => a.summary.bySeverity[x].gap).join(' | ')} |`);
  if (threats.length) b.push(`| Open threats (residual risk) | ${[...LEVELS].reverse().map((l) => open.filter((t) => t.residual.level === l).length).join(' | ')} |`);
  b.push('');

  const expired = a.decisions.filter((d) => reportedState(d) === 'expired');
  const tail: string[] = [
    '',
    ...(expired.length ? [`⚠️ ${expired.length} risk decision${expired.length === 1 ? ' has' : 's have'} expired (lines ${expired.map((d) => line(['risks', d.index])).join(', ')}); their findings count again.`, ''] : []),
    ...(by.unknown ? [`${by.unknown} check${by.unknown === 1 ? '' : 's'} cannot be decided from the model: the report's questions for the architect list what to state.`, ''] : []),
    `<sub>${TOOL_NAME} ${TOOL_VERSION} · catalog ${mdText(`${a.catalog.name} ${a.catalog.version}`, 80)} · model ${mdText(input.file, 120)} (SHA-256 ${sha256(input.modelBytes).slice(0, 12)}…)</sub>`,
  ];
  const reserve = tail.join('\n').length + 2000;

  // Drift first: the model itself is contradicted by code or the deployment, so every other line rests on it.
  const drift = a.drift ?? [];
  if (drift.length > 0) {
    const value = (d: DriftFinding, v: unknown) => mdText(valueWords(d.elementKind, d.property, v), 60);
    b.push(`### Drift: the model and the evidence disagree (${drift.length})`, '');
    b.table(
      ['Element', 'Property', 'The model says', 'The evidence shows', 'Where'],
      drift.map((d) => `| ${el(d.element)} | ${mdText(propertyWords(d.elementKind, d.property)?.label ?? d.property, 80)} | ${value(d, d.stated.value)} (line ${line(d.stated.path)}) | ${d.observed.value !== null ? value(d, d.observed.value) : mdText(d.observed.text, 100)} | ${d.observed.provenance.source}: ${code(formatLocation(d.observed.provenance.location).slice(0, 160))} |`),
      reserve + limit / 2,
      (n) => `…and ${n} more drift findings (see the JSON or SARIF output).`,
    );
    b.push('');
  }
  // Open threats first (a confirmed risk), then gaps: the two lists share what the budget leaves.
  if (threats.length) {
    const top = [...open].sort((x, y) => compareRisk(x.residual, y.residual) || cmp(x.threat, y.threat) || (index.order.get(x.element) ?? 0) - (index.order.get(y.element) ?? 0));
    b.push(`### Top open threats${open.length > TOP_THREATS ? ` (${TOP_THREATS} of ${open.length})` : ''}`, '');
    if (top.length === 0) b.push('No open threat.');
    else b.table(['Residual risk', 'Threat', 'Element', 'STRIDE', 'Line'], top.slice(0, TOP_THREATS).map((t) => `| ${t.residual.level} | ${t.threat} ${mdText(t.title, 100)} | ${el(t.element)} | ${t.stride} | ${line(t.path)} |`), reserve + limit / 2, (n) => `…and ${n} more open threats (see the JSON output).`);
    b.push('');
  }
  const gaps = a.findings
    .filter((f) => f.status === 'gap')
    .sort((x, y) => SEVERITY_RANK[y.severity] - SEVERITY_RANK[x.severity] || cmp(x.control, y.control) || (index.order.get(x.element) ?? 0) - (index.order.get(y.element) ?? 0));
  b.push(`### Gaps (${gaps.length})`, '');
  if (gaps.length === 0) b.push('No gap.');
  else b.table(['Severity', 'Control', 'Element', 'Why', 'Line'], gaps.map((f) => `| ${f.severity} | ${f.control} ${mdText(controls.get(f.control)?.title ?? '', 90)} | ${el(f.element)} | ${mdText(f.reason, 160)} | ${line(f.path)} |`), reserve, (n) => `…and ${n} more gaps (see the JSON, SARIF or XLSX output).`);
  b.push(...tail);
  return b.lines.join('\n') + '\n';
}

export function renderMarkdown(input: OutputInput): OutputFile[] {
  return [{ suffix: '.md', data: markdownSummary(input) }];
}
