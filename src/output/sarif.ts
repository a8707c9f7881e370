// SARIF 2.1.0 for GitHub code scanning (upload-sarif) and Azure DevOps: one rule per control and threat,
// one result per gap, unknown, open or unverified threat, at the YAML line and column it is about.
// Accepted ones are results with an external suppression (the risk decision), so scanners hide them.
import type { Control, StrideLetter } from '../catalog/control.js';
import type { Threat } from '../catalog/threat.js';
import { findingKey } from '../engine/decisions.js';
import { DRIFT_SEVERITY, driftMessage } from '../engine/drift.js';
import type { SourceLocation } from '../model/provenance.js';
import { cmp } from '../model/diagnostics.js';
import { recordedFileOf } from '../model/include.js';
import type { RiskDecision } from '../model/schema.js';
import { showInvisibles } from '../util/text.js';
import { TOOL_NAME, TOOL_VERSION } from '../util/version.js';
import { productsByElement, sha256 } from './json.js';
import { tailoredSteps } from '../engine/remediation.js';
import type { OutputInput } from './input.js';
import { SARIF_LEVEL, SECURITY_SEVERITY } from './severity.js';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

const STRIDE_WORD: Record<StrideLetter, string> = { S: 'spoofing', T: 'tampering', R: 'repudiation', I: 'information-disclosure', D: 'denial-of-service', E: 'elevation-of-privilege' };

/** A relative path as a URI reference: each segment percent-encoded, separators kept. */
export function uriOf(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function clauseTags(c: Pick<Control, 'frameworks'>): string[] {
  return Object.entries(c.frameworks).flatMap(([fw, ids]) => (ids ?? []).map((id) => `${fw}:${id}`));
}

function controlRule(c: Control) {
  const clauses = Object.entries(c.frameworks).map(([fw, ids]) => `${fw} ${(ids ?? []).join(', ')}`);
  const markdown = [
    c.rationale,
    '',
    '**Remediation**',
    '',
    ...c.remediation.map((r, i) => `${i + 1}. ${r.for ? `(${r.for.join(', ')}) ` : ''}${r.step}`),
    '',
    `**Source**: ${c.source.document} — ${c.source.section}`,
    ...(clauses.length ? ['', `**Frameworks**: ${clauses.join('; ')}`] : []),
    ...(c.references.length ? ['', '**References**', '', ...c.references.map((r) => `- <${r}>`)] : []),
  ].join('\n');
  return {
    id: c.id,
    name: c.id.replace(/-/g, ''),
    shortDescription: { text: c.title },
    fullDescription: { text: c.rationale },
    ...(c.references[0] ? { helpUri: c.references[0] } : {}),
    help: { text: [c.rationale, ...c.remediation.map((r, i) => `${i + 1}. ${r.step}`)].join('\n'), markdown },
    defaultConfiguration: { level: SARIF_LEVEL[c.severity] },
    properties: {
      'security-severity': SECURITY_SEVERITY[c.severity],
      precision: 'high',
      tags: ['security', 'iot', `area:${c.area}`, ...c.stride.map((l) => `stride:${l}`), ...c.stride.map((l) => STRIDE_WORD[l]), ...clauseTags(c)],
    },
  };
}

function threatRule(t: Threat, controls: ReadonlyMap<string, Control>) {
  const markdown = [
    t.description,
    '',
    `**Likelihood** ${t.likelihood}, **impact** ${t.impact} (before exposure and data criticality).`,
    '',
    '**Mitigated by**',
    '',
    ...t.mitigations.map((m) => `- ${m}${controls.get(m) ? `: ${controls.get(m)!.title}` : ''}`),
    ...(t.references.length ? ['', '**References**', '', ...t.references.map((r) => (/^https?:\/\//.test(r) ? `- <${r}>` : `- ${r}`))] : []),
  ].join('\n');
  const mitigationClauses = [...new Set(t.mitigations.flatMap((m) => (controls.get(m) ? clauseTags(controls.get(m)!) : [])))].sort(cmp);
  const url = t.references.find((r) => /^https?:\/\//.test(r));
  return {
    id: t.id,
    name: t.id.replace(/-/g, ''),
    shortDescription: { text: t.title },
    fullDescription: { text: t.description },
    ...(url ? { helpUri: url } : {}),
    help: { text: `${t.description}\nMitigated by: ${t.mitigations.join(', ')}`, markdown },
    defaultConfiguration: { level: 'warning' },
    properties: {
      tags: ['security', 'iot', 'threat', `stride:${t.stride}`, STRIDE_WORD[t.stride], ...mitigationClauses],
    },
  };
}

function suppression(d: RiskDecision | undefined) {
  if (!d) return undefined;
  return [{ kind: 'external', status: 'accepted', justification: `${d.status}: ${d.justification}${d.owner ? ` (owner: ${d.owner})` : ''}${d.expires ? ` (expires ${d.expires})` : ''}` }];
}

/** The rule of drift results: the model states a value that code (or a deployment) contradicts. */
export const DRIFT_RULE_ID = 'IOTSEC-DRIFT';

function driftRule() {
  const text = 'The model states a value for a property that the evidence (source code) contradicts. The controls that read the property were judged on the stated value, which may not be true: correct the model, or the code.';
  return {
    id: DRIFT_RULE_ID,
    name: 'ModelContradictedByEvidence',
    shortDescription: { text: 'The model and the code disagree' },
    fullDescription: { text },
    help: { text, markdown: `${text}\n\nEach result names the stated value with its place in the model and the code that contradicts it.` },
    defaultConfiguration: { level: SARIF_LEVEL[DRIFT_SEVERITY] },
    properties: { 'security-severity': SECURITY_SEVERITY[DRIFT_SEVERITY], tags: ['security', 'drift'] },
  };
}

/** A place in source code (evidence): relative paths as the run recorded them; not an artifact of the log. */
function codeLocation(l: SourceLocation, message?: string) {
  return { physicalLocation: { artifactLocation: { uri: uriOf(l.file) }, region: { startLine: l.line, startColumn: l.column } }, ...(message ? { message: { text: message } } : {}) };
}

/** The SARIF log as a plain value. */
export function sarifLog(input: OutputInput) {
  const a = input.assessment;
  const { source, index } = a.loaded;
  const risks = a.loaded.model.risks ?? [];
  const controls = new Map(a.catalog.controls.map((c) => [c.id, c]));
  const drift = a.drift ?? [];
  const rules = [
    ...a.catalog.controls.map((c) => ({ id: c.id, rule: controlRule(c) })),
    ...(a.catalog.threats ?? []).map((t) => ({ id: t.id, rule: threatRule(t, controls) })),
    // Only in logs that carry drift results, so logs without evidence stay as they were.
    ...(drift.length > 0 ? [{ id: DRIFT_RULE_ID, rule: driftRule() }] : []),
  ].sort((x, y) => cmp(x.id, y.id));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const products = productsByElement(a);
  const uri = uriOf(input.file);
  const nameOf = (id: string) => {
    const name = index.byId.get(id)?.name ?? id;
    return name === id ? id : `${name} (${id})`;
  };
  // The model first; files it includes (`include:`) in the order results first point into them.
  const artifactUris = [uri];
  const artifactIndex = (file: string) => {
    const u = uriOf(file);
    const i = artifactUris.indexOf(u);
    return i >= 0 ? { uri: u, index: i } : { uri: u, index: artifactUris.push(u) - 1 };
  };
  const located = (path: readonly (string | number)[], element: string, kind: string) => {
    const p = source.locate(path);
    return [{
      physicalLocation: { artifactLocation: artifactIndex(recordedFileOf(input.file, p)), region: { startLine: p.line, startColumn: p.column } },
      logicalLocations: [{ name: element, fullyQualifiedName: `${kind}/${element}`, kind: 'element' }],
    }];
  };
  // --baseline: each result is new, unchanged (same status, and for a threat the same residual risk) or updated.
  const before = input.baseline?.result;
  // Only what this log would have reported then counts: a finding met then (or a threat mitigated) is new now.
  const baselineFindings = new Map(before?.findings.filter((f) => f.status === 'gap' || f.status === 'unknown' || f.status === 'accepted').map((f) => [f.id, f.status]));
  const baselineThreats = new Map(before?.threats.filter((t) => t.status !== 'mitigated').map((t) => [t.id, `${t.status}/${t.residualRisk.level}`]));
  const baselineState = (known: ReadonlyMap<string, string>, id: string, now: string) =>
    before === undefined ? {} : { baselineState: !known.has(id) ? 'new' : known.get(id) === now ? 'unchanged' : 'updated' };
  const findings = a.findings
    .filter((f) => f.status === 'gap' || f.status === 'unknown' || f.status === 'accepted')
    .map((f) => {
      const c = controls.get(f.control)!;
      const id = findingKey(f);
      const unknown = f.status === 'unknown' || f.acceptedFrom === 'unknown';
      const sup = f.status === 'accepted' ? suppression(f.decision !== undefined ? risks[f.decision] : undefined) : undefined;
      return {
        ruleId: f.control,
        ruleIndex: ruleIndex.get(f.control)!,
        // An unknown is for a person to review: SARIF gives such results no level.
        ...(unknown ? { kind: 'review', level: 'none' } : { kind: 'fail', level: SARIF_LEVEL[f.severity] }),
        message: { text: `${c.title} — ${nameOf(f.element)}: ${unknown ? 'cannot be decided: ' : ''}${f.reason}` },
        locations: located(f.path, f.element, f.elementKind),
        // The value this finding judged came from code: where.
        ...(f.origin ? { relatedLocations: [{ id: 1, ...codeLocation(f.origin.location, `the value judged comes from ${f.origin.source} (${f.origin.collector})`) }] } : {}),
        partialFingerprints: { 'iotsecFindingId/v1': id },
        ...baselineState(baselineFindings, id, f.status),
        ...(sup ? { suppressions: sup } : {}),
        properties: {
          id,
          status: f.status,
          severity: f.severity,
          element: f.element,
          ...(f.status !== 'unknown' ? { remediation: tailoredSteps(c, products(f.element)).map((r) => r.step) } : {}),
        },
      };
    });
  const threats = (a.threats ?? [])
    .filter((t) => t.status !== 'mitigated')
    .map((t) => {
      const id = `${t.threat}@${t.element}`;
      const review = t.status === 'unverified' || t.acceptedFrom === 'unverified';
      const sup = t.status === 'accepted' ? suppression(t.decision !== undefined ? risks[t.decision] : undefined) ?? [{ kind: 'external', status: 'accepted', justification: 'risk decisions cover every gap and unknown of its mitigating controls' }] : undefined;
      return {
        ruleId: t.threat,
        ruleIndex: ruleIndex.get(t.threat)!,
        ...(review ? { kind: 'review', level: 'none' } : { kind: 'fail', level: SARIF_LEVEL[t.residual.level] }),
        message: { text: `${t.title} — ${nameOf(t.element)}: ${t.status}, residual risk ${t.residual.level}. ${t.reason}` },
        locations: located(t.path, t.element, t.elementKind),
        partialFingerprints: { 'iotsecFindingId/v1': id },
        ...baselineState(baselineThreats, id, `${t.status}/${t.residual.level}`),
        ...(sup ? { suppressions: sup } : {}),
        properties: {
          id,
          status: t.status,
          // The rule's score stands for the threat in general; a result's own is its residual risk.
          'security-severity': SECURITY_SEVERITY[t.residual.level],
          residualRisk: t.residual.level,
          element: t.element,
        },
      };
    });
  // Drift: at the stated value in the model and at each place in the code that contradicts it.
  const driftResults = drift.map((d) => ({
    ruleId: DRIFT_RULE_ID,
    ruleIndex: ruleIndex.get(DRIFT_RULE_ID)!,
    kind: 'fail',
    level: SARIF_LEVEL[d.severity],
    message: { text: driftMessage(d, input.file) },
    locations: [...located(d.stated.path, d.element, d.elementKind), ...[d.observed.provenance, ...d.alsoAt].map((p) => codeLocation(p.location))],
    partialFingerprints: { 'iotsecFindingId/v1': `drift:${d.id}` },
    properties: { id: d.id, element: d.element, property: d.property, controls: d.controls, severity: d.severity },
  }));
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: TOOL_VERSION,
            semanticVersion: TOOL_VERSION,
            rules: rules.map((r) => r.rule),
          },
        },
        // One category per model: GitHub keeps the alerts of several models' uploads apart.
        automationDetails: { id: `${TOOL_NAME}/${input.file}/` },
        // With includes, modelBytes covers several files: no single file's digest to give.
        artifacts: artifactUris.map((u, i) => ({ location: { uri: u }, mimeType: 'application/yaml', ...(i === 0 && artifactUris.length === 1 && !source.files?.[1] ? { hashes: { 'sha-256': sha256(input.modelBytes) } } : {}) })),
        columnKind: 'utf16CodeUnits',
        results: [...findings, ...threats, ...driftResults],
        properties: { catalog: `${a.catalog.name} ${a.catalog.version}`, ...(input.assessmentDate ? { assessmentDate: input.assessmentDate } : {}) },
      },
    ],
  };
}

export function renderSarif(input: OutputInput): string {
  return showInvisibles(JSON.stringify(sarifLog(input), null, 2)) + '\n';
}
