// The decision register: every risk decision of one or more assessments, with how soon it expires or is
// due for review. Pure: `today` comes from the caller.
import type { DecisionOutcome } from './decisions.js';
import { reportedState } from './decisions.js';

/** expired: past its expiry; expiring: expires within the window; unmatched: covers nothing; else live. */
export type RegisterState = 'expired' | 'expiring' | 'live' | 'unmatched';

export interface RegisterRow {
  /** The model file as the user named it. */
  model: string;
  /** The file the decision is written in, when the model includes it from another file (`include:`). */
  file?: string;
  /** Position in the model's risks[] (0-based) and where it is written. */
  index: number;
  line: number;
  column: number;
  subject: { control?: string; threat?: string; element?: string };
  status: string;
  state: RegisterState;
  /** Days until expiry (negative: days since); undefined without an expiry date. */
  daysLeft?: number;
  expires?: string;
  reviewBy?: string;
  /** The review date is past or within the window. */
  reviewDue: boolean;
  owner?: string;
  approvedBy?: string;
  ticket?: string;
  justification: string;
  covers: number;
}

const DAY_MS = 86_400_000;

/** Whole days from `from` to `to`, both YYYY-MM-DD (calendar dates, no time zone). */
export function daysBetween(from: string, to: string): number {
  const utc = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
  return Math.round((utc(to) - utc(from)) / DAY_MS);
}

export interface RegisterInput {
  model: string;
  outcomes: readonly DecisionOutcome[];
  locate: (index: number) => { line: number; column: number; file?: string };
}

/** One row per decision, models in the order given and decisions in document order. */
export function decisionRegister(inputs: readonly RegisterInput[], today: string, windowDays: number): RegisterRow[] {
  const rows: RegisterRow[] = [];
  for (const input of inputs) {
    for (const o of input.outcomes) {
      const d = o.decision;
      const daysLeft = d.expires !== undefined ? daysBetween(today, d.expires) : undefined;
      const reported = reportedState(o);
      const state: RegisterState =
        daysLeft !== undefined && daysLeft < 0 ? 'expired' : daysLeft !== undefined && daysLeft <= windowDays ? 'expiring' : reported === 'unmatched' ? 'unmatched' : 'live';
      const loc = input.locate(o.index);
      rows.push({
        model: input.model,
        ...(loc.file !== undefined && loc.file !== input.model ? { file: loc.file } : {}),
        index: o.index,
        line: loc.line,
        column: loc.column,
        subject: { ...(d.control !== undefined ? { control: d.control } : {}), ...(d.threat !== undefined ? { threat: d.threat } : {}), ...(d.element !== undefined ? { element: d.element } : {}) },
        status: d.status,
        state,
        ...(daysLeft !== undefined ? { daysLeft } : {}),
        ...(d.expires !== undefined ? { expires: d.expires } : {}),
        ...(d.reviewBy !== undefined ? { reviewBy: d.reviewBy } : {}),
        reviewDue: d.reviewBy !== undefined && daysBetween(today, d.reviewBy) <= windowDays,
        ...(d.owner !== undefined ? { owner: d.owner } : {}),
        ...(d.approvedBy !== undefined ? { approvedBy: d.approvedBy } : {}),
        ...(d.ticket !== undefined ? { ticket: d.ticket } : {}),
        justification: d.justification,
        covers: o.covers.length,
      });
    }
  }
  return rows;
}

/** Rows that need attention: expired, expiring within the window, or due for review. */
export function needsAttention(r: RegisterRow): boolean {
  return r.state === 'expired' || r.state === 'expiring' || r.reviewDue;
}
