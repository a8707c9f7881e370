// Risk decisions (`risks[]`): accepted / mitigated / false-positive, with owner and expiry.
// A live decision turns a gap or unknown finding into `accepted`; an expired one stops applying.
import type { RiskDecision } from '../model/schema.js';
import { dayNumber } from '../util/calendar.js';
import type { Finding } from './evaluate.js';

export type DecisionState = 'live' | 'expired';

export interface DecisionOutcome {
  index: number;
  decision: RiskDecision;
  state: DecisionState;
  /** Finding or threat keys (`control@element`) the decision covers. */
  covers: string[];
}

/** `today` is YYYY-MM-DD, passed in by the caller: the engine never reads the clock. */
/** How a decision is reported: 'unmatched' when it covers nothing (whatever its expiry), else live or expired. */
export function reportedState(o: Pick<DecisionOutcome, 'covers' | 'state'>): DecisionState | 'unmatched' {
  return o.covers.length === 0 ? 'unmatched' : o.state;
}

/**
 * Compared as days, not as strings. `today` comes from the caller and must be a real date; an expiry
 * that is not one (the schema refuses them) counts as passed, so a decision never outlives a bad date.
 */
export function decisionState(d: RiskDecision, today: string): DecisionState {
  if (d.expires === undefined) return 'live';
  const now = dayNumber(today);
  if (now === undefined) throw new RangeError(`today must be a date written YYYY-MM-DD, got ${JSON.stringify(today)}`);
  const expires = dayNumber(d.expires);
  return expires === undefined || expires < now ? 'expired' : 'live';
}

export function findingKey(f: { control: string; element: string }): string {
  return `${f.control}@${f.element}`;
}

/**
 * Runs `apply` for every decision that `select` keeps, live decisions before expired ones, so that a
 * renewed decision listed after the one it replaces still applies; outcomes come back in document order.
 */
export function applyInOrder(
  risks: readonly RiskDecision[],
  today: string,
  select: (d: RiskDecision) => boolean,
  apply: (decision: RiskDecision, index: number, state: DecisionState) => string[],
): DecisionOutcome[] {
  const outcomes: DecisionOutcome[] = [];
  for (const pass of ['live', 'expired'] as const) {
    risks.forEach((decision, index) => {
      if (!select(decision)) return;
      const state = decisionState(decision, today);
      if (state !== pass) return;
      outcomes.push({ index, decision, state, covers: apply(decision, index, state) });
    });
  }
  return outcomes.sort((a, b) => a.index - b.index);
}

/** Applies control decisions to findings (returns new findings) and reports what each decision covered. */
export function applyControlDecisions(
  findings: readonly Finding[],
  risks: readonly RiskDecision[],
  today: string,
): { findings: Finding[]; outcomes: DecisionOutcome[] } {
  const result = findings.map((f) => ({ ...f }));
  const outcomes = applyInOrder(risks, today, (d) => d.control !== undefined, (decision, index, state) => {
    const covers: string[] = [];
    for (const f of result) {
      if (f.control !== decision.control) continue;
      if (decision.element !== undefined && f.element !== decision.element) continue;
      if (f.status !== 'gap' && f.status !== 'unknown') continue;
      if (f.decision !== undefined) continue; // the first live decision wins; an expired one only marks what none covers
      covers.push(findingKey(f));
      f.decision = index;
      if (state === 'live') {
        f.acceptedFrom = f.status;
        f.status = 'accepted';
      }
    }
    return covers;
  });
  return { findings: result, outcomes };
}
