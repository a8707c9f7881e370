// The JSON output's contract as a zod schema: json.ts builds a value of this type (tsc checks it), and
// `iotsec schema assessment` publishes it as JSON Schema (schema/iotsec-assessment.schema.json).
import { z } from 'zod';
import { AREAS, FRAMEWORK_IDS, PRODUCTS, SEVERITIES, STRIDE } from '../catalog/control.js';
import { LEVELS } from '../catalog/threat.js';
import { ELEMENT_KINDS } from '../model/elements.js';
import { EVIDENCE_EFFECTS } from '../model/merge-evidence.js';
import { EVIDENCE_SOURCES } from '../model/provenance.js';
import { CRITICAL_DATA, EXPOSURE_FACTORS } from '../engine/risk.js';
import { CONTROL_STATUSES } from '../engine/status.js';
import { THREAT_BASES, THREAT_STATUSES } from '../engine/threats.js';

export const ASSESSMENT_SCHEMA_FILE = 'schema/iotsec-assessment.schema.json';

const status = z.enum(CONTROL_STATUSES);
const threatStatus = z.enum(THREAT_STATUSES);
const severity = z.enum(SEVERITIES);
const letter = z.enum(STRIDE);
const kind = z.enum(ELEMENT_KINDS);
const level = z.enum(LEVELS);
const count = z.number().int().nonnegative();
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const Location = z.strictObject({ file: z.string(), line: z.number().int().positive(), column: z.number().int().positive() }).describe('Where in the model file');
const Observed = z.strictObject({
  source: z.enum(EVIDENCE_SOURCES).describe('code: a collector over source code; deployment: deployed resources'),
  location: z
    .strictObject({
      file: z.string(),
      line: z.number().int().positive(),
      column: z.number().int().positive(),
      pointer: z.string().optional().describe('Deployment exports: JSON pointer (RFC 6901) of the value in the file'),
      resource: z.string().optional().describe('Deployment exports: the resource the value belongs to (Azure resource id, Terraform address, or type/name)'),
    })
    .describe('Where the evidence was found'),
  collector: z.string().describe('Id of the collector that observed it'),
});
const Scalar = z.union([z.string(), z.number(), z.boolean()]);
const Clauses = z.partialRecord(z.enum(FRAMEWORK_IDS), z.array(z.string())).describe('Framework clauses the control maps to, by framework id');
/** What a risk decision (risks[]) says, in a finding's `decision` and in `decisions`. */
const DecisionFields = {
  status: z.enum(['accepted', 'mitigated', 'false-positive']),
  justification: z.string(),
  owner: z.string().nullable(),
  expires: date.nullable(),
  ticket: z.string().nullable().describe('Where the decision is tracked: a URL or an issue key'),
  approvedBy: z.string().nullable(),
  reviewBy: date.nullable(),
};
const Decision = z.strictObject({
  ...DecisionFields,
  state: z.enum(['live', 'expired']).optional().describe('Whether the decision still applies on the assessment date'),
}).describe('The risk decision (risks[]) that applies, or applied before it expired');
const Rating = z.strictObject({ likelihood: level, impact: level, score: z.number().int().min(1).max(16), level });
const ByStatus = z.strictObject(Object.fromEntries(CONTROL_STATUSES.map((s) => [s, count])) as Record<(typeof CONTROL_STATUSES)[number], typeof count>);
const ByThreatStatus = z.strictObject(Object.fromEntries(THREAT_STATUSES.map((s) => [s, count])) as Record<(typeof THREAT_STATUSES)[number], typeof count>);
const ByLetter = z.strictObject(Object.fromEntries(STRIDE.map((s) => [s, count])) as Record<(typeof STRIDE)[number], typeof count>);

export const JsonFinding = z.strictObject({
  id: z.string().describe('control@element: stable across runs; what risk decisions point at'),
  control: z.string(),
  title: z.string(),
  area: z.enum(AREAS),
  element: z.string(),
  elementKind: kind,
  status: status.exclude(['not-applicable']),
  acceptedFrom: z.enum(['gap', 'unknown']).optional(),
  severity,
  stride: z.array(letter),
  reason: z.string(),
  unstated: z.array(z.strictObject({ element: z.string(), property: z.string() })).optional().describe('What the model would have to state to decide an unknown'),
  provenance: Observed.optional().describe('Only when the judged value is not stated in the model but came from evidence: where'),
  location: Location,
  source: z.strictObject({ document: z.string(), section: z.string() }),
  frameworks: Clauses,
  remediation: z.array(z.strictObject({ step: z.string(), for: z.array(z.enum(PRODUCTS)).optional() })).describe('Steps tailored to the products the element uses; empty when met'),
  references: z.array(z.string()),
  decision: Decision.optional(),
});

export const JsonThreat = z.strictObject({
  id: z.string().describe('threat@element'),
  threat: z.string(),
  title: z.string(),
  stride: letter,
  element: z.string(),
  elementKind: kind,
  status: threatStatus,
  acceptedFrom: z.enum(['open', 'unverified']).optional(),
  applicability: z.enum(['applies', 'assumed']),
  basis: z.enum(THREAT_BASES),
  reason: z.string(),
  description: z.string(),
  inherentRisk: Rating,
  residualRisk: Rating,
  factors: z.strictObject({ exposure: z.array(z.enum(EXPOSURE_FACTORS)), criticalData: z.array(z.enum(CRITICAL_DATA)) }),
  mitigations: z.array(z.strictObject({ control: z.string(), element: z.string(), status, frameworks: Clauses })),
  references: z.array(z.string()),
  location: Location,
  decision: Decision.optional(),
});

export const JsonCompliance = z.strictObject({
  id: z.string(),
  name: z.string(),
  counts: z.strictObject({ total: count, covered: count, assessed: count, met: count, gap: count, unknown: count, accepted: count, notApplicable: count, uncovered: count }).describe('Clauses by status, as the report counts them'),
  clauses: z.array(z.strictObject({
    id: z.string(),
    title: z.string(),
    level: z.string().nullable().describe("The framework's status code for the clause (ETSI: M, R, MC, RC)"),
    status: status.nullable().describe('Worst status of its controls; null when no control cites the clause'),
    controls: z.array(z.strictObject({ id: z.string(), status: status.nullable() })),
  })),
});

export const JsonDrift = z.strictObject({
  id: z.string().describe('element:property; one per stated property that evidence contradicts'),
  element: z.string(),
  elementKind: kind,
  property: z.string(),
  severity,
  controls: z.array(z.string()).describe('Controls whose conditions read the property on this element'),
  message: z.string(),
  stated: z.strictObject({ value: z.unknown(), location: Location }),
  observed: Observed.extend({ value: Scalar.nullable(), oneOf: z.array(Scalar).optional(), text: z.string() }),
  alsoAt: z.array(Observed).describe('Further places that contradict the same stated value'),
});

export const JsonEvidence = z.strictObject({
  element: z.string(),
  property: z.string(),
  value: Scalar.nullable().describe('The observed value; null when only `oneOf` is known'),
  oneOf: z.array(Scalar).optional(),
  observed: z.string(),
  effect: z.enum(EVIDENCE_EFFECTS).describe('filled an unstated property, confirms or contradicts a stated one, contested by another observation, names no element, or unused'),
  ...Observed.shape,
});

export const JsonFact = z.strictObject({
  element: z.string().describe('The element whose code the fact was found in'),
  fact: z.string(),
  value: z.string(),
  detail: z.string().describe('What was seen, in words; secrets masked'),
  note: z.string().optional().describe('Why the fact maps to no model property, when it does not'),
  ...Observed.shape,
});

export const AssessmentJson = z.strictObject({
  schemaVersion: z.string(),
  tool: z.strictObject({ name: z.string(), version: z.string() }),
  assessmentDate: date.optional().describe('Only when --date was given'),
  solution: z.strictObject({
    name: z.string(),
    version: z.string().nullable(),
    owner: z.string().nullable(),
    description: z.string().nullable(),
    architecture: z.array(z.enum(['cloud', 'edge'])).nullable(),
    environment: z.string().nullable(),
  }),
  model: z.strictObject({ file: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  catalog: z.strictObject({ name: z.string(), version: z.string(), controls: count, threats: count }),
  summary: z.strictObject({ byStatus: ByStatus, bySeverity: z.strictObject(Object.fromEntries(SEVERITIES.map((s) => [s, ByStatus])) as Record<(typeof SEVERITIES)[number], typeof ByStatus>) }),
  findings: z.array(JsonFinding).describe('Every finding except not-applicable ones, in engine order'),
  threats: z.array(JsonThreat),
  stride: z.strictObject({
    byStatus: ByThreatStatus,
    byLetter: z.strictObject(Object.fromEntries(STRIDE.map((s) => [s, ByThreatStatus])) as Record<(typeof STRIDE)[number], typeof ByThreatStatus>),
    byElement: z.array(z.strictObject({ element: z.string(), elementKind: kind, threats: ByLetter, open: ByLetter })),
  }).nullable(),
  compliance: z.array(JsonCompliance).describe('Per framework: clause → controls → status'),
  decisions: z.array(z.strictObject({
    index: count,
    control: z.string().nullable(),
    threat: z.string().nullable(),
    element: z.string().nullable(),
    ...DecisionFields,
    state: z.enum(['live', 'expired', 'unmatched']),
    covers: z.array(z.string()),
    location: Location,
  })),
  warnings: z.array(z.strictObject({ location: Location, code: z.string(), message: z.string(), hint: z.string().optional() })),
  drift: z.array(JsonDrift).optional().describe('Only with evidence (--code, code:): stated values the evidence contradicts, sorted by id'),
  evidence: z.array(JsonEvidence).optional().describe('Only with evidence: every observation and what it did, sorted by element, property, place'),
  facts: z.array(JsonFact).optional().describe('Only with evidence: every fact the collectors found, per element, mapped to a property or not'),
}).describe('An iotsec assessment: findings, threats, compliance and risk decisions for one model. Since schemaVersion 1.3 the file is laid out one item per line: objects are indented by two spaces down to the first array, and each item of an array (a finding, a threat, a decision, …) is one line of compact JSON');

export type AssessmentJson = z.output<typeof AssessmentJson>;

/** The JSON Schema of the JSON output (committed; a test keeps it fresh). */
export function assessmentJsonSchema(): string {
  const schema = z.toJSONSchema(AssessmentJson, { io: 'output' }) as Record<string, unknown>;
  const out = {
    $schema: schema.$schema,
    $id: 'https://iotsec.dev/schema/iotsec-assessment.schema.json',
    title: 'iotsec assessment (JSON output)',
    $comment: 'Generated by `iotsec schema assessment`; do not edit.',
    ...schema,
  };
  return JSON.stringify(out, null, 2) + '\n';
}
