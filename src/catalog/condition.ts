// The declarative check language shared by controls and threats: all / any / not over property
// comparisons, plus named predicates for what data cannot express (e.g. RBAC across principals).
import { z } from 'zod';
import { unsafePatternReason } from './regex-safety.js';

const scalar = z.union([z.string(), z.number(), z.boolean()]);
export type Scalar = z.infer<typeof scalar>;

export const COMPARISON_OPERATORS = [
  'equals', 'notEquals', 'in', 'notIn', 'gte', 'gt', 'lte', 'lt', 'exists', 'contains', 'containsAny', 'subsetOf', 'matches',
] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

const propertyPath = z
  .string()
  .regex(/^\$?[A-Za-z][A-Za-z0-9]*(\.\$?[A-Za-z][A-Za-z0-9]*)*$/, 'a property path such as identity.keyScope or $from.type')
  .describe('Dotted property path of the element; a segment starting with $ names a derived fact or follows a reference');

export const Comparison = z
  .strictObject({
    path: propertyPath,
    fallback: propertyPath.optional().describe('Property read instead when `path` is not stated, e.g. $solution.practices.secureDevelopment'),
    equals: scalar.optional(),
    notEquals: scalar.optional(),
    in: z.array(scalar).min(1).optional(),
    notIn: z.array(scalar).min(1).optional(),
    gte: z.number().optional(),
    gt: z.number().optional(),
    lte: z.number().optional(),
    lt: z.number().optional(),
    exists: z.boolean().optional(),
    contains: scalar.optional(),
    containsAny: z.array(scalar).min(1).optional(),
    subsetOf: z.array(scalar).min(1).optional(),
    matches: z.string().optional(),
  })
  .superRefine((c, ctx) => {
    const ops = COMPARISON_OPERATORS.filter((op) => c[op] !== undefined);
    if (ops.length !== 1) {
      ctx.addIssue({ code: 'custom', message: `a comparison needs exactly one operator (${COMPARISON_OPERATORS.join(', ')}); found ${ops.length ? ops.join(', ') : 'none'}` });
    }
    if (c.matches !== undefined) {
      try {
        new RegExp(c.matches, 'u');
        const unsafe = unsafePatternReason(c.matches);
        if (unsafe) ctx.addIssue({ code: 'custom', path: ['matches'], message: `pattern could take exponential time: ${unsafe}; write it without nested or alternative repetitions`, params: { showValue: true } });
      } catch {
        ctx.addIssue({ code: 'custom', path: ['matches'], message: 'not a valid regular expression' });
      }
    }
  });
export type Comparison = z.output<typeof Comparison>;

export const PredicateCall = z.strictObject({
  predicate: z.string().regex(/^[a-z][a-z0-9-]*$/).describe('Name of a built-in predicate'),
  with: z.record(z.string(), z.unknown()).optional().describe('Arguments for the predicate'),
});
export type PredicateCall = z.output<typeof PredicateCall>;

/** `every` / `some` quantify a condition over the items of a list of mappings (exports, assignments, …). */
export interface Quantifier {
  path: string;
  check: Condition;
}

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { every: Quantifier }
  | { some: Quantifier }
  | Comparison
  | PredicateCall;

export const Condition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(Condition).min(1) }),
    z.strictObject({ any: z.array(Condition).min(1) }),
    z.strictObject({ not: Condition }),
    z.strictObject({ every: z.strictObject({ path: propertyPath, check: Condition }) }),
    z.strictObject({ some: z.strictObject({ path: propertyPath, check: Condition }) }),
    PredicateCall,
    Comparison,
  ]),
);
