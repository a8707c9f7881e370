// OSCAL 1.0.6 assessment results (JSON) for GRC tools (compliance-trestle and others): one result for the
// assessment; an observation per finding with its evidence (the model's line); a finding per control ×
// element; a risk per gap and open threat, whose responses are the remediation and the risk decision.
// UUIDs are name-based (uuid.ts) and the only timestamp is the assessment date: same inputs, same bytes.
import type { Control } from '../catalog/control.js';
import type { Finding } from '../engine/evaluate.js';
import { tailoredSteps } from '../engine/remediation.js';
import { driftMessage } from '../engine/drift.js';
import { formatLocation } from '../model/provenance.js';
import type { ThreatInstance } from '../engine/threats.js';
import type { RiskDecision } from '../model/schema.js';
import { showInvisibles } from '../util/text.js';
import { TOOL_NAME, TOOL_VERSION } from '../util/version.js';
import { timestampOf, type OutputFile, type OutputInput } from './input.js';
import { productsByElement, sha256 } from './json.js';
import { uuidV5 } from './uuid.js';
import { recordedFileOf } from '../model/include.js';

export const OSCAL_VERSION = '1.0.6';
/** Namespace of iotsec's own OSCAL properties and risk facets. */
export const IOTSEC_NS = 'https://iotsec.dev/ns/oscal';

// OSCAL property values have no leading or trailing space and are never empty.
const prop = (name: string, value: string) => ({ name, ns: IOTSEC_NS, value: value.replace(/\s+/g, ' ').trim() || '-' });

/** A risk decision as a risk's response, plus the risk status it implies. */
function decisionResponse(d: RiskDecision, uuid: string, live: boolean) {
  return {
    uuid,
    lifecycle: d.status === 'accepted' ? 'planned' : 'completed',
    title: `Risk decision: ${d.status}${live ? '' : ' (expired)'}`,
    description: d.justification,
    props: [prop('decision-status', d.status), prop('decision-state', live ? 'live' : 'expired'), ...(d.owner?.trim() ? [prop('decision-owner', d.owner)] : []), ...(d.expires ? [prop('decision-expires', d.expires)] : [])],
  };
}

function riskStatus(d: RiskDecision | undefined, live: boolean): string {
  if (!d || !live) return 'open';
  return d.status === 'accepted' ? 'deviation-approved' : 'closed';
}

export function oscalAssessmentResults(input: OutputInput) {
  const a = input.assessment;
  const { source, index } = a.loaded;
  const s = a.loaded.model.solution;
  const when = timestampOf(input.date);
  const risks = a.loaded.model.risks ?? [];
  const live = new Map(a.decisions.map((o) => [o.index, o.state === 'live']));
  const controls = new Map(a.catalog.controls.map((c) => [c.id, c]));
  const products = productsByElement(a);
  const id = (...parts: string[]) => uuidV5([input.file, ...parts].join('\u0000'));
  const toolUuid = uuidV5(`tool\u0000${TOOL_NAME}`);
  const elementUuid = (e: string) => id('element', e);
  const evidence = (path: readonly (string | number)[]) => {
    const p = source.locate(path);
    const file = recordedFileOf(input.file, p); // an included file's element points into that file
    return [{ href: `${encodeURI(file)}#L${p.line}`, description: `${file}:${p.line}:${p.column}` }];
  };
  const shown = a.findings.filter((f) => f.status !== 'not-applicable');
  const observations = shown.map((f) => ({
    uuid: id('observation', f.control, f.element),
    title: `${f.control} on ${f.element}`,
    description: f.reason,
    props: [prop('status', f.status)],
    methods: ['EXAMINE'],
    types: ['control-objective'],
    subjects: [{ 'subject-uuid': elementUuid(f.element), type: 'component', title: index.byId.get(f.element)?.name ?? f.element }],
    'relevant-evidence': evidence(f.path),
    collected: when,
  }));
  // Drift: the model states a value that code or the deployment contradicts; both places are its evidence.
  const drift = a.drift ?? [];
  const driftObservations = drift.map((d) => ({
    uuid: id('observation', 'drift', d.id),
    title: `Drift: ${d.property} on ${d.element}`,
    description: driftMessage(d, input.file),
    props: [prop('status', 'drift'), prop('evidence-source', d.observed.provenance.source)],
    methods: ['TEST'],
    types: ['finding'],
    subjects: [{ 'subject-uuid': elementUuid(d.element), type: 'component', title: d.elementName }],
    'relevant-evidence': [
      ...evidence(d.stated.path),
      ...[d.observed.provenance, ...d.alsoAt].map((p) => ({ href: `${encodeURI(p.location.file)}#L${p.location.line}`, description: `${formatLocation(p.location)}${p.location.pointer !== undefined ? ` (${p.location.pointer})` : ''}` })),
    ],
    collected: when,
  }));
  const driftRisks = drift.map((d) => ({
    uuid: id('risk', 'drift', d.id),
    title: `The model and the ${d.observed.provenance.source === 'code' ? 'code' : 'deployment'} disagree on ${d.property} (${d.element})`,
    description: `Controls ${d.controls.join(', ') || 'of the catalog'} were judged on the stated value, which ${d.observed.provenance.source === 'code' ? 'the code' : 'the deployment'} contradicts.`,
    statement: driftMessage(d, input.file),
    props: [prop('severity', d.severity), prop('finding-status', 'drift')],
    status: 'open',
    characterizations: [{ origin: { actors: [{ type: 'tool', 'actor-uuid': toolUuid }] }, facets: [{ name: 'severity', system: IOTSEC_NS, value: d.severity }] }],
    remediations: [{ uuid: id('response', 'drift', d.id), lifecycle: 'recommendation', title: `Reconcile ${d.property} of ${d.element}`, description: 'Correct the model where it is wrong, or change the code or the deployment to what the model states; then assess again.' }],
    'related-observations': [{ 'observation-uuid': id('observation', 'drift', d.id) }],
  }));
  const recommendation = (c: Control, f: Finding, uuid: string) => ({
    uuid,
    lifecycle: 'recommendation',
    title: `Remediate ${c.id}`,
    description: tailoredSteps(c, products(f.element)).map((r, i) => `${i + 1}. ${r.step}`).join('\n'),
  });
  const gapRisk = (f: Finding) => {
    const c = controls.get(f.control)!;
    const d = f.decision !== undefined ? risks[f.decision] : undefined;
    const isLive = f.decision !== undefined && live.get(f.decision) === true;
    return {
      uuid: id('risk', f.control, f.element),
      title: `${c.title} (${f.element})`,
      description: c.rationale,
      statement: f.reason,
      props: [prop('severity', f.severity), prop('finding-status', f.status)],
      status: riskStatus(d, isLive),
      characterizations: [{ origin: { actors: [{ type: 'tool', 'actor-uuid': toolUuid }] }, facets: [{ name: 'severity', system: IOTSEC_NS, value: f.severity }] }],
      ...(d?.expires ? { deadline: timestampOf(d.expires) } : {}),
      remediations: [recommendation(c, f, id('response', f.control, f.element)), ...(d ? [decisionResponse(d, id('decision', String(f.decision)), isLive)] : [])],
      'related-observations': [{ 'observation-uuid': id('observation', f.control, f.element) }],
    };
  };
  const threatRisk = (t: ThreatInstance) => {
    const d = t.decision !== undefined ? risks[t.decision] : undefined;
    const isLive = t.decision !== undefined && live.get(t.decision) === true;
    return {
      uuid: id('risk', t.threat, t.element),
      title: `${t.title} (${t.element})`,
      description: t.description,
      statement: t.reason,
      props: [prop('stride', t.stride), prop('threat-status', t.status)],
      status: t.status === 'accepted' && !d ? 'deviation-approved' : riskStatus(d, isLive),
      'threat-ids': [{ system: 'https://iotsec.dev/threats', id: `https://iotsec.dev/threats/${encodeURIComponent(t.threat)}` }],
      characterizations: [{
        origin: { actors: [{ type: 'tool', 'actor-uuid': toolUuid }] },
        facets: [
          { name: 'likelihood', system: IOTSEC_NS, value: t.residual.likelihood },
          { name: 'impact', system: IOTSEC_NS, value: t.residual.impact },
          { name: 'risk', system: IOTSEC_NS, value: t.residual.level },
        ],
      }],
      ...(d?.expires ? { deadline: timestampOf(d.expires) } : {}),
      remediations: [
        { uuid: id('response', t.threat, t.element), lifecycle: 'recommendation', title: `Mitigate ${t.threat}`, description: `Close the gaps of its mitigating controls: ${[...new Set(t.mitigations.filter((m) => m.status === 'gap' || m.status === 'unknown').map((m) => m.control))].join(', ') || 'none applies; see the threat library'}.` },
        ...(d ? [decisionResponse(d, id('decision', String(t.decision)), isLive)] : []),
      ],
    };
  };
  const riskFindings = shown.filter((f) => f.status === 'gap' || f.status === 'accepted');
  const riskThreats = (a.threats ?? []).filter((t) => t.status === 'open' || t.status === 'accepted');
  const elementIds = [...new Set([...shown.map((f) => f.element), ...drift.map((d) => d.element)])];
  const findings = shown.map((f) => {
    const c = controls.get(f.control)!;
    const satisfied = f.status === 'met';
    return {
      uuid: id('finding', f.control, f.element),
      title: `${f.control} ${c.title} — ${f.element}`,
      description: f.reason,
      props: [prop('status', f.status), prop('severity', f.severity), prop('element', f.element)],
      target: {
        type: 'objective-id',
        'target-id': f.control,
        status: { state: satisfied ? 'satisfied' : 'not-satisfied', reason: satisfied ? 'pass' : f.status === 'gap' ? 'fail' : 'other' },
        ...(f.status === 'unknown' || f.status === 'accepted' ? { remarks: f.status === 'unknown' ? 'The model does not state what the control needs: unknown.' : `A risk decision covers this ${f.acceptedFrom ?? 'finding'}.` } : {}),
      },
      'related-observations': [{ 'observation-uuid': id('observation', f.control, f.element) }],
      ...(f.status === 'gap' || f.status === 'accepted' ? { 'related-risks': [{ 'risk-uuid': id('risk', f.control, f.element) }] } : {}),
    };
  });
  return {
    'assessment-results': {
      uuid: uuidV5([input.file, sha256(input.modelBytes), input.date, `${a.catalog.name} ${a.catalog.version}`, TOOL_VERSION].join('\u0000')),
      metadata: {
        title: `${s.name} — security assessment`,
        'last-modified': when,
        version: s.version ?? '1',
        'oscal-version': OSCAL_VERSION,
        props: [prop('model-file', input.file), prop('model-sha256', sha256(input.modelBytes)), prop('catalog', `${a.catalog.name} ${a.catalog.version}`), prop('tool', `${TOOL_NAME} ${TOOL_VERSION}`)],
        ...(s.owner ? { parties: [{ uuid: id('party', 'owner'), type: 'organization', name: s.owner }] } : {}),
      },
      'import-ap': { href: encodeURI(input.file), remarks: 'No separate assessment plan: iotsec assesses the model file against its control catalog.' },
      results: [{
        uuid: id('result', input.date),
        title: `iotsec assessment of ${s.name}`,
        description: `Controls of ${a.catalog.name} ${a.catalog.version} and threats of its library, assessed on the model ${input.file}.`,
        start: when,
        end: when,
        'local-definitions': elementIds.length ? {
          components: elementIds.map((e) => ({ uuid: elementUuid(e), type: index.byId.get(e)?.kind ?? 'element', title: index.byId.get(e)?.name ?? e, description: `${index.byId.get(e)?.kind ?? 'element'} ${e} of the model`, props: [prop('element-id', e)], status: { state: 'operational' } })),
        } : undefined,
        'reviewed-controls': { 'control-selections': [{ 'include-controls': a.catalog.controls.map((c) => ({ 'control-id': c.id })) }] },
        ...(observations.length + driftObservations.length ? { observations: [...observations, ...driftObservations] } : {}),
        ...(riskFindings.length + riskThreats.length + driftRisks.length ? { risks: [...riskFindings.map(gapRisk), ...riskThreats.map(threatRisk), ...driftRisks] } : {}),
        ...(findings.length ? { findings } : {}),
      }],
    },
  };
}

export function renderOscal(input: OutputInput): OutputFile[] {
  return [{ suffix: '.oscal.json', data: showInvisibles(JSON.stringify(oscalAssessmentResults(input), null, 2)) + '\n' }];
}
