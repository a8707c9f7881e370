import type { ModelElement } from '../../model/elements.js';
import type { Outcome } from '../condition.js';
import type { EvaluationContext } from '../context.js';

/** A named check for what the data language cannot express (relations across several elements). */
export interface Predicate {
  name: string;
  /** One sentence for `catalog lint` and the docs. */
  description: string;
  evaluate(element: ModelElement, ctx: EvaluationContext, args: Record<string, unknown>): Outcome;
}
