// SARIF, OSCAL, OTM and Markdown from one assessment: what each carries, where it points, that the same
// inputs give the same bytes, and that model text is inert in every format.
import { describe, expect, it } from 'vitest';
import { renderFormat, DATA_FORMATS } from '../src/output/formats.js';
import { markdownSummary, MD_LIMIT } from '../src/output/markdown.js';
import { oscalAssessmentResults } from '../src/output/oscal.js';
import { otmDocument } from '../src/output/otm.js';
import { sarifLog } from '../src/output/sarif.js';
import { uuidV5 } from '../src/output/uuid.js';
import { assessmentJson } from '../src/output/json.js';
import { syntheticModel } from '../src/bench/synthetic.js';
import { SMALL_MODEL } from './helpers/report.js';
import { outputInput, sampleInput } from './helpers/output.js';

const RLO = '\u202e';

describe('every data format', () => {
  it.each(DATA_FORMATS)('%s: the same inputs give the same bytes', async (format) => {
    const one = await renderFormat(format, outputInput(SMALL_MODEL));
    const two = await renderFormat(format, outputInput(SMALL_MODEL));
    expect(one.map((f) => f.suffix)).toEqual(two.map((f) => f.suffix));
    one.forEach((f, i) => expect(Buffer.from(f.data).equals(Buffer.from(two[i]!.data))).toBe(true));
  });

  it.each(DATA_FORMATS.filter((f) => f !== 'xlsx'))('%s: shows invisible characters from the model, never obeys them', async (format) => {
    const files = await renderFormat(format, outputInput(SMALL_MODEL.replace('name: Temperature sensors', `name: Temp${RLO}erature sensors`)));
    for (const f of files) {
      expect(String(f.data)).not.toContain(RLO);
      expect(String(f.data)).toContain('Temp⟨U+202E⟩erature');
    }
  });
});

describe('json', () => {
  it('findings carry clauses, tailored remediation, references and their decision; compliance counts as the report does', () => {
    const input = sampleInput('cold-chain.yaml');
    const doc = assessmentJson(input.assessment, { modelBytes: input.modelBytes, file: input.file, frameworks: input.frameworks });
    const gap = doc.findings.find((f) => f.status === 'gap')!;
    expect(Object.keys(gap.frameworks).length).toBeGreaterThan(0);
    expect(gap.remediation.length).toBeGreaterThan(0);
    expect(doc.findings.filter((f) => f.status === 'met').every((f) => f.remediation.length === 0)).toBe(true);
    const accepted = doc.findings.find((f) => f.status === 'accepted')!;
    expect(accepted.decision?.status).toBe('accepted');
    const etsi = doc.compliance.find((c) => c.id === 'etsi-en-303-645')!;
    expect(etsi.name).toMatch(/ETSI/);
    const k = etsi.counts;
    expect(k.met + k.gap + k.unknown + k.accepted + k.notApplicable).toBe(k.covered);
    expect(k.covered + k.uncovered).toBe(k.total);
    expect(etsi.clauses.filter((c) => c.status === 'gap')).toHaveLength(k.gap);
    // A clause's status is the worst of its controls'.
    const clause = etsi.clauses.find((c) => c.status === 'gap')!;
    expect(clause.controls.some((c) => c.status === 'gap')).toBe(true);
    // Each threat's mitigations carry their control's clauses.
    const t = doc.threats.find((x) => x.mitigations.length > 0)!;
    expect(t.mitigations[0]!.frameworks).toEqual(doc.findings.find((f) => f.control === t.mitigations[0]!.control)?.frameworks ?? t.mitigations[0]!.frameworks);
  });
});

describe('sarif', () => {
  const input = sampleInput('cold-chain.yaml');
  const log = sarifLog(input);
  const run = log.runs[0]!;
  const json = assessmentJson(input.assessment, { modelBytes: input.modelBytes, file: input.file });

  it('has one rule per control and threat, with severity score, level, tags and help', () => {
    const ids = run.tool.driver.rules.map((r) => r.id);
    expect(ids).toHaveLength(input.assessment.catalog.controls.length + input.assessment.catalog.threats.length);
    expect(new Set(ids).size).toBe(ids.length);
    const rule = run.tool.driver.rules.find((r) => r.id === 'CONN-002') as ReturnType<typeof sarifLog>['runs'][0]['tool']['driver']['rules'][0] & { properties: { 'security-severity': string; tags: string[] } };
    expect(rule.properties['security-severity']).toMatch(/^\d+\.\d$/);
    expect(rule.properties.tags).toEqual(expect.arrayContaining(['security', 'stride:S']));
    expect(rule.properties.tags.some((t) => t.startsWith('etsi-en-303-645:'))).toBe(true);
    expect(rule.help.markdown).toContain('**Remediation**');
  });

  it('puts each gap at the line and column of the property it is about, with a fingerprint from its id', () => {
    for (const f of json.findings.filter((x) => x.status === 'gap')) {
      const r = run.results.find((x) => x.partialFingerprints['iotsecFindingId/v1'] === f.id)!;
      expect(r.ruleId).toBe(f.control);
      expect(r.locations[0]!.physicalLocation.region).toEqual({ startLine: f.location.line, startColumn: f.location.column });
      expect(r.locations[0]!.physicalLocation.artifactLocation.uri).toBe('samples/cold-chain.yaml');
      expect(r.level).not.toBe('none');
    }
  });

  it('suppresses accepted findings with the decision; unknowns are for review; met ones are left out', () => {
    const accepted = run.results.filter((r) => r.properties.status === 'accepted');
    expect(accepted.length).toBeGreaterThan(0);
    for (const r of accepted) expect(r.suppressions?.[0]?.justification).toBeTruthy();
    for (const r of run.results.filter((x) => x.properties.status === 'unknown')) expect([r.kind, r.level]).toEqual(['review', 'none']);
    expect(run.results.some((r) => r.properties.status === 'met' || r.properties.status === 'mitigated')).toBe(false);
  });
});

describe('oscal', () => {
  it('UUIDs are name-based (v5), the same across runs; the only timestamp is the assessment date', () => {
    expect(uuidV5('x')).toBe(uuidV5('x'));
    expect(uuidV5('x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const input = outputInput(SMALL_MODEL);
    const text = JSON.stringify(oscalAssessmentResults(input));
    const stamps = new Set(text.match(/\d{4}-\d{2}-\d{2}T[0-9:.]+Z/g));
    const expiries = (input.assessment.loaded.model.risks ?? []).flatMap((d) => (d.expires ? [`${d.expires}T00:00:00Z`] : []));
    expect([...stamps].sort()).toEqual([...new Set(['2026-12-01T00:00:00Z', ...expiries])].sort());
  });

  it('a finding per control × element, risks for gaps and open threats, the decision as a response with owner and deadline', () => {
    const input = sampleInput('cold-chain.yaml');
    const result = oscalAssessmentResults(input)['assessment-results'].results[0]!;
    const shown = input.assessment.findings.filter((f) => f.status !== 'not-applicable');
    expect(result.findings).toHaveLength(shown.length);
    const gaps = shown.filter((f) => f.status === 'gap').length;
    const open = input.assessment.threats.filter((t) => t.status === 'open').length;
    expect(result.risks!.filter((r) => r.status === 'open').length).toBeGreaterThanOrEqual(gaps + open);
    const decided = result.risks!.find((r) => r.remediations.some((x) => x.title.startsWith('Risk decision: accepted') && !x.title.includes('expired')))!;
    expect(decided.status).toBe('deviation-approved');
    const response = decided.remediations.find((x) => x.title.startsWith('Risk decision'))! as { props: Array<{ name: string; value: string }> };
    expect(response.props.map((p) => p.name)).toEqual(expect.arrayContaining(['decision-owner', 'decision-expires']));
    expect('deadline' in decided && decided.deadline).toMatch(/T00:00:00Z$/);
  });
});

describe('otm', () => {
  it('trust zones from boundaries, components, dataflows between them, threats and their mitigations', () => {
    const input = sampleInput('cold-chain.yaml');
    const otm = otmDocument(input);
    const { byKind } = input.assessment.loaded.index;
    expect(otm.trustZones.map((z) => z.id)).toEqual(expect.arrayContaining((byKind.get('boundary') ?? []).map((b) => b.id)));
    const components = new Set(otm.components.map((c) => c.id));
    for (const f of otm.dataflows) expect(components.has(f.source) && components.has(f.destination)).toBe(true);
    const threatIds = new Set(otm.threats.map((t) => t.id));
    const mitigationIds = new Set(otm.mitigations.map((m) => m.id));
    for (const c of [...otm.components, ...otm.dataflows]) {
      for (const t of c.threats) {
        expect(threatIds.has(t.threat)).toBe(true);
        for (const m of t.mitigations) expect(mitigationIds.has(m.mitigation)).toBe(true);
      }
    }
    expect(otm.components.flatMap((c) => c.threats).some((t) => t.state === 'exposed')).toBe(true);
  });
});

describe('md', () => {
  it('leads with the posture and the worst open threats, and stays under the PR-comment limit however big the model', () => {
    const small = markdownSummary(sampleInput('cold-chain.yaml'));
    expect(small).toMatch(/^## .+ security assessment/);
    expect(small.indexOf('### Top open threats')).toBeLessThan(small.indexOf('### Gaps'));
    const large = outputInput(syntheticModel(6000), 'synthetic.yaml');
    const md = markdownSummary(large);
    expect(md.length).toBeLessThan(65_000);
    expect(md.length).toBeLessThanOrEqual(MD_LIMIT);
    expect(md).toMatch(/…and [\d,]+ more gaps/);
    expect(md).toContain('<sub>iotsec');
  }, 60_000);

  it('model text cannot add links, images, HTML, mentions or table cells', () => {
    const hostile = SMALL_MODEL.replace('name: Temperature sensors', 'name: "[click](https://evil.example) <img src=x> @team | x ![i](y)"');
    const md = markdownSummary(outputInput(hostile));
    expect(md).not.toMatch(/\[click\]\(/);
    expect(md).not.toMatch(/(^|[^\\])<img/);
    expect(md).not.toMatch(/(^|[^\\])@team/);
    expect(md).toContain('\\[click\\]');
    // Every table row keeps its column count.
    for (const line of md.split('\n').filter((l) => l.startsWith('| ') && l.includes('sensors'))) {
      expect(line.replace(/\\\|/g, '').split('|').length).toBe(7);
    }
  });
});
