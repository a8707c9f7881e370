// Risk decisions (`risks[]`): accepted / mitigated / false-positive, with owner and expiry.
// A live decision turns a gap or unknown finding into `accepted`; an expired one stops applying.
import type { RiskDecision } from '../model/schema.js';
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
export function decisionState(d: RiskDecision, today: string): DecisionState {
  return d.expires !== undefined && d.expires < today ? 'expired' : 'live';
}

export function findingKey(f: { control: string; element: string }): string {
  return `${f.control}@${f.element}`;
}

/** Applies control decisions to findings (returns new findings) and reports what each decision covered. */
export function applyControlDecisions(
  findings: readonly Finding[],
  risks: readonly RiskDecision[],
  today: string,
): { findings: Finding[]; outcomes: DecisionOutcome[] } {
  const outcomes: DecisionOutcome[] = [];
  const result = findings.map((f) => ({ ...f }));
  risks.forEach((decision, index) => {
    if (decision.control === undefined) return;
    const state = decisionState(decision, today);
    const covers: string[] = [];
    for (const f of result) {
      if (f.control !== decision.control) continue;
      if (decision.element !== undefined && f.element !== decision.element) continue;
      if (f.status !== 'gap' && f.status !== 'unknown') continue;
      if (f.decision !== undefined) continue; // the first matching decision wins
      covers.push(findingKey(f));
      f.decision = index;
      if (state === 'live') {
        f.acceptedFrom = f.status;
        f.status = 'accepted';
      }
    }
    outcomes.push({ index, decision, state, covers });
  });
  return { findings: result, outcomes };
}
