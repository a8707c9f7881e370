// A threat as data: which elements face it (STRIDE per element, narrowed by a condition), how likely
// and how harmful it is before any control, which controls mitigate it, and which of the element's own
// facts show it mitigated where no such control applies. Written like controls:
// one record per file in catalogs/azure-iot/threats/<ID>.yaml, no TypeScript needed to add one.
import { z } from 'zod';
import { ELEMENT_KINDS } from '../model/elements.js';
import { Condition } from './condition.js';
import { Control, STRIDE } from './control.js';

/** Ordinal scale shared by likelihood, impact and risk. */
export const LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export type Level = (typeof LEVELS)[number];

/** Placeholders a threat description may use; {from} and {to} only for flows. */
export const DESCRIPTION_PLACEHOLDERS = ['name', 'id', 'kind', 'from', 'to'] as const;

export const ThreatApplicability = z.strictObject({
  kinds: z.array(z.enum(ELEMENT_KINDS)).min(1).describe('Element kinds that face the threat'),
  architecture: z.enum(['cloud', 'edge']).optional().describe('Only when the solution follows this tab of the guidance'),
  when: Condition.optional().describe(
    'Further condition in the check language: false means the threat does not arise for the element; unknown means it is assumed to arise',
  ),
});

export const Threat = z
  .strictObject({
    id: z.string().regex(/^THR-(?:[A-Z]{2,10}-)?\d{3}$/, 'an id such as THR-001 (your own: THR-ACME-001)'),
    title: z.string().min(1).max(200),
    stride: z.enum(STRIDE).describe('The STRIDE category (one letter)'),
    appliesTo: ThreatApplicability,
    description: z
      .string()
      .min(1)
      .max(2000)
      .describe('What happens, written with {name} / {id} / {kind} of the element, and {from} / {to} for flows'),
    likelihood: z.enum(LEVELS).describe('Likelihood before any control, for an unexposed element'),
    impact: z.enum(LEVELS).describe('Impact if the threat happens, for an element carrying no critical data'),
    mitigations: z.array(z.string().min(1)).min(1).describe('Ids of the controls that mitigate the threat'),
    mitigatedWhen: Condition.optional().describe(
      "Condition on the element's own facts, read only when none of the mitigating controls applies to the element or its related elements: true means mitigated, false open, unknown unverified. Without it such a threat is open: nothing mitigates it",
    ),
    references: z.array(z.string().min(1)).default([]).describe('CWE ids, Microsoft Threat Modeling Tool threat names, links'),
  })
  .superRefine((t, ctx) => {
    for (const m of t.description.matchAll(/\{([^{}]*)\}/g)) {
      const name = m[1]!;
      if (!(DESCRIPTION_PLACEHOLDERS as readonly string[]).includes(name)) {
        ctx.addIssue({ code: 'custom', path: ['description'], message: `unknown placeholder {${name}} (use ${DESCRIPTION_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')})` });
      } else if ((name === 'from' || name === 'to') && t.appliesTo.kinds.some((k) => k !== 'flow')) {
        ctx.addIssue({ code: 'custom', path: ['description'], message: `{${name}} is only available when the threat applies to flows alone` });
      }
    }
    const dup = t.mitigations.find((m, i) => t.mitigations.indexOf(m) !== i);
    if (dup !== undefined) ctx.addIssue({ code: 'custom', path: ['mitigations'], message: `control '${dup}' is listed twice` });
  });
export type Threat = z.output<typeof Threat>;

/** A user's catalog file (--catalog): controls, threats or both. */
export const CatalogFile = z.strictObject({
  controls: z.array(Control).optional(),
  threats: z.array(Threat).optional(),
});
