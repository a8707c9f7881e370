// A security control as data: what it applies to, what it requires, where the requirement comes from.
import { z } from 'zod';
import { ELEMENT_KINDS } from '../model/elements.js';
import { Condition } from './condition.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SEVERITY_RANK: Record<Severity, number> = { low: 1, medium: 2, high: 3, critical: 4 };

export const STRIDE = ['S', 'T', 'R', 'I', 'D', 'E'] as const;
export type StrideLetter = (typeof STRIDE)[number];

export const AREAS = ['device', 'connection', 'edge', 'cloud'] as const;
export type Area = (typeof AREAS)[number];

export const FRAMEWORK_IDS = ['etsi-en-303-645', 'nist-ir-8259a', 'iec-62443-4-2', 'mcsb', 'owasp-isvs', 'owasp-iot-top10', 'eu-cra', 'en-18031-1'] as const;
export type FrameworkId = (typeof FRAMEWORK_IDS)[number];

/** What a fix usually takes and who usually owns it: shown with the "things to do first". */
export const FIX_EFFORTS = ['configuration', 'code', 'hardware', 'process'] as const;
export const FIX_OWNERS = ['cloud', 'device', 'operations'] as const;
export const Fix = z.strictObject({
  effort: z.enum(FIX_EFFORTS).describe('configuration change, code change, hardware change, or process change'),
  owner: z.enum(FIX_OWNERS).describe('the team that usually owns the fix: cloud team, device team, or operations'),
});
export type Fix = z.output<typeof Fix>;

/** For controls that do not say (e.g. user catalogs): by area. */
export const DEFAULT_FIX: Record<Area, Fix> = {
  device: { effort: 'code', owner: 'device' },
  connection: { effort: 'configuration', owner: 'cloud' },
  edge: { effort: 'configuration', owner: 'operations' },
  cloud: { effort: 'configuration', owner: 'cloud' },
};

/** Azure IoT products a remediation step can be specific to. */
export const PRODUCTS = ['iot-hub', 'dps', 'iot-central', 'iot-edge', 'iot-operations'] as const;
export type Product = (typeof PRODUCTS)[number];
export const RemediationStep = z.union([
  z.string().min(1),
  z.strictObject({
    step: z.string().min(1),
    for: z.array(z.enum(PRODUCTS)).min(1).optional().describe('Products the step concerns; shown only for elements that use one of them'),
  }),
]);
/** A step as the catalog's own input form, so a parsed control written back is a valid control. */
export interface Remediation {
  step: string;
  for?: Product[];
}

/** A built-in Azure Policy definition that audits or enforces the control, with where its id was checked. */
export const PolicyDefinition = z.strictObject({
  id: z
    .string()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'a policy definition GUID, lower case')
    .describe('The built-in policy definition GUID (the last segment of /providers/Microsoft.Authorization/policyDefinitions/<id>)'),
  name: z.string().min(1).max(300).describe("The definition's display name, exactly as Azure Policy shows it"),
  for: z.array(z.enum(PRODUCTS)).min(1).optional().describe('Products the definition concerns; named only for elements that use one of them'),
  source: z.string().regex(/^https?:\/\/\S+$/, 'an http(s) URL').describe('Where the id and display name were checked'),
});
export type PolicyDefinition = z.output<typeof PolicyDefinition>;

/** A Microsoft Defender for IoT / Defender for Cloud recommendation that reports the control's gap. */
export const DefenderRecommendation = z.strictObject({
  name: z.string().min(1).max(300).describe('The recommendation name, exactly as Defender shows it'),
  type: z.string().min(1).max(100).optional().describe('Its recommendation type, e.g. IoT_SharedCredentials'),
  for: z.array(z.enum(PRODUCTS)).min(1).optional(),
  source: z.string().regex(/^https?:\/\/\S+$/, 'an http(s) URL').describe('Where the name was checked'),
});
export type DefenderRecommendation = z.output<typeof DefenderRecommendation>;

export const BuiltIns = z.strictObject({
  policies: z.array(PolicyDefinition).min(1).optional(),
  defender: z.array(DefenderRecommendation).min(1).optional(),
});
export type BuiltIns = z.output<typeof BuiltIns>;

export const Applicability = z.strictObject({
  kinds: z.array(z.enum(ELEMENT_KINDS)).min(1).describe('Element kinds the control is evaluated on'),
  architecture: z.enum(['cloud', 'edge']).optional().describe('Only when the solution follows this tab of the guidance'),
  when: Condition.optional().describe('Further condition; false means not applicable, unknown means the status is unknown'),
});

export const SourcePassage = z.strictObject({
  document: z.string().min(1).describe('Title of the guidance document, as in the seeds README'),
  section: z.string().min(1).describe('Section path within the document, e.g. "Cloud-based solution > Device security"'),
  quote: z
    .string()
    .min(1)
    .refine((q) => q.trim().split(/\s+/).length <= 25, 'a quote has at most 25 words')
    .describe('Verbatim excerpt of the passage (at most 25 words)'),
});

export const Control = z.strictObject({
  id: z.string().regex(/^(DEV|CONN|EDGE|CLOUD|HUB|CENTRAL|AUTH|CUSTOM|[A-Z]{2,10})-\d{3}$/, 'an id such as DEV-001'),
  title: z.string().min(1).max(200),
  area: z.enum(AREAS),
  appliesTo: Applicability,
  check: Condition,
  severity: z.enum(SEVERITIES),
  fix: Fix.optional().describe('Rough effort of the fix and who usually owns it; by area when omitted'),
  stride: z.array(z.enum(STRIDE)).min(1),
  source: SourcePassage,
  alsoCovers: z
    .array(SourcePassage)
    .optional()
    .describe('Other passages making the same recommendation (another tab or document); they count for coverage'),
  rationale: z.string().min(1),
  remediation: z
    .array(RemediationStep)
    .min(1)
    .transform((steps) => steps.map((x): Remediation => (typeof x === 'string' ? { step: x } : x)))
    .describe('Concrete steps, in order, written for the client; a step that only concerns some products says which (for:)'),
  inModel: z
    .string()
    .min(1)
    .optional()
    .describe("How to record the fix in the model, for the model's author (never in the client's report)"),
  // Links end up in the HTML and PDF: only web addresses.
  references: z.array(z.string().regex(/^https?:\/\/\S+$/, 'an http(s) URL')).default([]),
  frameworks: z.partialRecord(z.enum(FRAMEWORK_IDS), z.array(z.string().min(1)).min(1)).default({}),
  attestation: z
    .boolean()
    .optional()
    .describe('True when the model can only state the practice (an attestation), not show it'),
  builtIns: BuiltIns.optional().describe(
    'Built-in Azure Policy definitions and Defender for IoT / Defender for Cloud recommendations that check the same thing (only ids verified against a published source)',
  ),
});
export type Control = z.output<typeof Control>;

