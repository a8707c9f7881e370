// The decision register as text, Markdown, CSV or JSON (iotsec decisions).
import type { RegisterRow } from '../engine/decision-register.js';
import { plural } from '../util/words.js';
import { csvText } from './csv.js';
import { mdText } from './markdown.js';
import type { Cell } from './tables.js';

export const REGISTER_FORMATS = ['text', 'md', 'csv', 'json'] as const;
export type RegisterFormat = (typeof REGISTER_FORMATS)[number];

function subject(r: RegisterRow): string {
  const what = r.subject.control ?? r.subject.threat ?? '(no control or threat)';
  return r.subject.element !== undefined ? `${what} on ${r.subject.element}` : `${what} (all elements)`;
}

function when(r: RegisterRow): string {
  if (r.daysLeft === undefined) return 'no expiry';
  if (r.daysLeft < 0) return `expired ${plural(-r.daysLeft, 'day')} ago (${r.expires})`;
  if (r.daysLeft === 0) return `expires today (${r.expires})`;
  return `expires in ${plural(r.daysLeft, 'day')} (${r.expires})`;
}

function stateWord(r: RegisterRow): string {
  return r.state === 'unmatched' ? 'matches nothing' : r.state;
}

/** One line per decision, located like a diagnostic: `model.yaml:40:5: expiring: accepted DEV-011 on dev-1, expires in 12 days (…)`. */
function text(rows: readonly RegisterRow[]): string {
  return rows
    .map((r) => {
      const extra = [
        ...(r.reviewBy !== undefined ? [`review by ${r.reviewBy}${r.reviewDue ? ' (due)' : ''}`] : []),
        ...(r.owner !== undefined ? [`owner ${JSON.stringify(r.owner)}`] : []),
        ...(r.approvedBy !== undefined ? [`approved by ${JSON.stringify(r.approvedBy)}`] : []),
        ...(r.ticket !== undefined ? [`ticket ${JSON.stringify(r.ticket)}`] : []),
      ];
      return `${r.file ?? r.model}:${r.line}:${r.column}: ${stateWord(r)}: ${r.status} ${subject(r)}, ${when(r)}${extra.length ? `; ${extra.join(', ')}` : ''}`;
    })
    .map((l) => `${l}\n`)
    .join('');
}

const COLUMNS = ['Model', 'Line', 'Decision', 'Status', 'State', 'Expires', 'Days left', 'Review by', 'Owner', 'Approved by', 'Ticket', 'Justification'] as const;

function cells(r: RegisterRow): Cell[] {
  return ([r.model, r.file !== undefined ? `${r.file}:${r.line}` : r.line, subject(r), r.status, stateWord(r) + (r.reviewDue ? ', review due' : ''), r.expires, r.daysLeft, r.reviewBy, r.owner, r.approvedBy, r.ticket, r.justification] as Array<string | number | undefined>).map((c) => c ?? '');
}

function markdown(rows: readonly RegisterRow[], today: string, windowDays: number): string {
  const attention = rows.filter((r) => r.state === 'expired' || r.state === 'expiring' || r.reviewDue).length;
  const head = `## Risk decisions on ${today}\n\n${plural(rows.length, 'decision')}; ${plural(attention, 'needs', 'need')} attention (expired, expiring within ${plural(windowDays, 'day')}, or due for review).\n\n`;
  const table = [
    `| ${COLUMNS.slice(0, -1).join(' | ')} |`,
    `|${COLUMNS.slice(0, -1).map(() => ' --- ').join('|')}|`,
    ...rows.map((r) => `| ${cells(r).slice(0, -1).map((c) => mdText(String(c))).join(' | ')} |`),
  ];
  return head + table.join('\n') + '\n';
}

export function renderRegister(rows: readonly RegisterRow[], format: RegisterFormat, today: string, windowDays: number, bom = false): string {
  switch (format) {
    case 'text':
      return text(rows);
    case 'md':
      return markdown(rows, today, windowDays);
    case 'csv':
      return csvText({ name: 'decisions', columns: COLUMNS.map((header) => ({ header, width: 16 })), rows: rows.map(cells) }, bom);
    case 'json':
      return JSON.stringify({ date: today, windowDays, decisions: rows }, null, 2) + '\n';
  }
}
