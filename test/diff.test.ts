import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diffResults, worseningAtOrAbove, type ComparableResult, type ResultDecision, type ResultFinding, type ResultThreat } from '../src/engine/diff.js';
import { assessmentJson } from '../src/output/json.js';
import { buildReportView } from '../src/report/view-model.js';
import { cli } from './helpers/cli.js';
import { assessText } from './helpers/model.js';
import { viewOptions } from './helpers/report.js';

const work = mkdtempSync(join(tmpdir(), 'iotsec-diff-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const f = (id: string, status: string, severity = 'high'): ResultFinding => ({ id, control: id.split('@')[0]!, element: id.split('@')[1]!, title: `title of ${id}`, status, severity });
const t = (id: string, status: string, level = 'high'): ResultThreat => ({ id, threat: id.split('@')[0]!, element: id.split('@')[1]!, title: `title of ${id}`, status, residualRisk: { level } });
const d = (control: string, state: string, expires: string | null = null): ResultDecision => ({ control, threat: null, element: 'hub', status: 'accepted', state, expires });
const result = (findings: ResultFinding[], threats: ResultThreat[], decisions: ResultDecision[] = []): ComparableResult => ({ solution: { name: 's' }, findings, threats, decisions });

describe('diffResults', () => {
  it('finds every kind of change, most important first', () => {
    const before = result(
      [f('A@x', 'unknown'), f('B@x', 'gap', 'medium'), f('C@x', 'met', 'low'), f('G@x', 'gap', 'low')],
      [t('T1@x', 'mitigated'), t('T2@x', 'open', 'critical'), t('T3@x', 'open', 'medium')],
      [d('A', 'live', '2027-01-01'), d('B', 'live', '2026-12-01'), d('C', 'live')],
    );
    const after = result(
      [f('A@x', 'gap'), f('C@x', 'met', 'medium'), f('G@x', 'accepted', 'low'), f('N@y', 'gap', 'critical')],
      [t('T1@x', 'open', 'high'), t('T3@x', 'open', 'high')],
      [d('A', 'live', '2027-01-01'), d('B', 'expired', '2026-12-01'), d('D', 'live')],
    );
    const changes = diffResults(before, after);
    expect(changes.map((c) => `${c.kind} ${c.id} ${c.from ?? ''}→${c.to ?? ''}`)).toEqual([
      'new-gap N@y →gap',
      'new-gap A@x unknown→gap',
      'new-open-threat T1@x mitigated→open',
      'severity-changed C@x low→medium',
      'residual-changed T3@x medium→high',
      'decision-expired B@hub (accepted) live→expired',
      'decision-added D@hub (accepted) →live',
      'decision-removed C@hub (accepted) live→',
      'closed-gap B@x gap→not-applicable',
      'closed-gap G@x gap→accepted',
      'mitigated-threat T2@x open→not-applicable',
    ]);
    expect(worseningAtOrAbove(changes, 'critical').map((c) => c.id)).toEqual(['N@y']);
    expect(worseningAtOrAbove(changes, 'high').map((c) => c.id)).toEqual(['N@y', 'A@x', 'T1@x']);
  });

  it('finds nothing between equal results', () => {
    const r = result([f('A@x', 'gap')], [t('T@x', 'open')], [d('A', 'live')]);
    expect(diffResults(r, structuredClone(r))).toEqual([]);
  });

  it("maps ids the catalog renamed (its aliases): an earlier result's old id is today's id, not a closed gap and a new one", () => {
    const before = result([f('OLD-1@hub', 'gap')], [t('THR-OLD@hub', 'open')]);
    const after = result([f('NEW-1@hub', 'gap')], [t('THR-NEW@hub', 'open')]);
    expect(diffResults(before, after).map((c) => c.kind).sort()).toEqual(['closed-gap', 'mitigated-threat', 'new-gap', 'new-open-threat']);
    expect(diffResults(before, after, { 'OLD-1': 'NEW-1', 'THR-OLD': 'THR-NEW' })).toEqual([]);
  });
});

const MODEL = (hub: string, risks = '') => `solution:
  name: Diff test
  architecture: cloud
boundaries:
  - { id: cloud, kind: cloud }
services:
  - { id: hub, type: iot-hub, boundary: cloud, ${hub} }
${risks}`;

function file(name: string, text: string): string {
  const p = join(work, name);
  writeFileSync(p, text);
  return p;
}

describe('iotsec diff', () => {
  const before = file('before.yaml', MODEL("minTls: '1.0', localAuth: false"));
  const after = file('after.yaml', MODEL("minTls: '1.2', localAuth: true", 'risks:\n  - { control: CONN-009, element: hub, status: accepted, justification: Reviewed., expires: 2027-06-30 }\n'));

  it('compares two models: gaps opened and closed, threats, decisions; exit 1 with --fail-on', async () => {
    const run = await cli('diff', before, after, '--date', '2026-11-23');
    expect(run.code).toBe(0);
    expect(run.out[0]).toMatch(/before\.yaml → .*after\.yaml: 1 new gap, .*1 decision added, 1 closed gap/);
    expect(run.out.some((l) => l.startsWith('+ new gap (high): HUB-001@hub — ') && l.endsWith('[met → gap]'))).toBe(true);
    expect(run.out.some((l) => l.startsWith('- closed gap') && l.includes('CONN-050@hub'))).toBe(true);
    expect(run.out.some((l) => l.startsWith('+ decision added: CONN-009@hub (accepted)'))).toBe(true);
    const gated = await cli('diff', before, after, '--date', '2026-11-23', '--fail-on', 'high');
    expect(gated.code).toBe(1);
    expect(gated.err.at(-1)).toMatch(/at or above 'high' \(--fail-on\)/);
    // The other way round, HUB-001 closes and TLS 1.0 opens CONN-050; a model against itself changes nothing.
    const back = await cli('diff', after, before, '--date', '2026-11-23');
    expect(back.out.some((l) => l.startsWith('- closed gap (high): HUB-001@hub'))).toBe(true);
    expect(back.out.some((l) => l.startsWith('+ new gap (high): CONN-050@hub'))).toBe(true);
    const same = await cli('diff', before, before, '--date', '2026-11-23', '--fail-on', 'low');
    expect(same.code).toBe(0);
    expect(same.out).toEqual([`${same.out[0]!.split(': ')[0]}: no changes`]);
  });

  it('compares a kept JSON result with a model, and writes Markdown and JSON', async () => {
    const out = join(work, 'out');
    expect((await cli('assess', before, '--format', 'json', '-o', out, '--date', '2026-11-23')).code).toBe(0);
    const json = join(out, 'before.json');
    const fromJson = await cli('diff', json, after, '--date', '2026-11-23');
    const fromModel = await cli('diff', before, after, '--date', '2026-11-23');
    expect(fromJson.out.slice(1)).toEqual(fromModel.out.slice(1));
    const md = await cli('diff', json, after, '--date', '2026-11-23', '--format', 'md');
    expect(md.out[0]).toMatch(/^## Changes: .*before\\\.json → .*after\\\.yaml$/);
    expect(md.out).toContain('### New gaps (1)');
    const asJson = JSON.parse((await cli('diff', json, after, '--date', '2026-11-23', '--format', 'json')).out.join('\n')) as { counts: Record<string, number> };
    expect(asJson.counts['new-gap']).toBe(1);
  });

  it('reports unreadable sides with their location, both at once (exit 2)', async () => {
    const broken = file('broken.json', '{\n  "findings": [1,\n}');
    const other = file('other.json', '{"hello": "world"}');
    const run = await cli('diff', broken, other);
    expect(run.code).toBe(2);
    expect(run.err[0]).toMatch(/broken\.json:3:1: error: not valid JSON/);
    expect(run.err[1]).toMatch(/other\.json:1:1: error: not an iotsec JSON result/);
    const missing = await cli('diff', join(work, 'nope.yaml'), before);
    expect(missing.code).toBe(2);
    expect(missing.err[0]).toMatch(/nope\.yaml:1:1: error: no such file/);
  });
});

describe('assess --baseline', () => {
  const before = file('base-before.yaml', MODEL("minTls: '1.0', localAuth: false"));
  const after = file('base-after.yaml', MODEL("minTls: '1.2', localAuth: true"));

  it('marks SARIF results new, unchanged or updated, and leads the Markdown with the changes', async () => {
    const old = join(work, 'old');
    expect((await cli('assess', before, '--format', 'json', '-o', old, '--date', '2026-09-30')).code).toBe(0);
    const out = join(work, 'new');
    const run = await cli('assess', after, '--format', 'sarif,md', '-o', out, '--date', '2026-11-23', '--baseline', join(old, 'base-before.json'));
    expect(run.code).toBe(0);
    const sarif = JSON.parse(readFileSync(join(out, 'base-after.sarif'), 'utf8')) as { runs: Array<{ results: Array<{ properties: { id: string }; baselineState?: string }> }> };
    const state = new Map(sarif.runs[0]!.results.map((r) => [r.properties.id, r.baselineState]));
    expect(state.get('HUB-001@hub')).toBe('new');
    expect([...state.values()]).toContain('unchanged');
    expect([...state.values()].every((s) => s === 'new' || s === 'unchanged' || s === 'updated')).toBe(true);
    const md = readFileSync(join(out, 'base-after.md'), 'utf8');
    expect(md.split('\n')[2]).toBe('### Changes since 2026-09-30');
    expect(md).toMatch(/- New gap \(high\): `HUB-001@hub`/);
    // Without --baseline, no baselineState and no changes section.
    const plain = join(work, 'plain');
    await cli('assess', after, '--format', 'sarif,md', '-o', plain, '--date', '2026-11-23');
    expect(readFileSync(join(plain, 'base-after.sarif'), 'utf8')).not.toContain('baselineState');
    expect(readFileSync(join(plain, 'base-after.md'), 'utf8')).not.toContain('Changes since');
  });

  it('refuses a baseline that is not a JSON result before writing anything', async () => {
    const out = join(work, 'refused');
    const run = await cli('assess', after, '--format', 'sarif', '-o', out, '--baseline', before);
    expect(run.code).toBe(2);
    expect(run.err[0]).toMatch(/base-before\.yaml:1:1: error: not valid JSON/);
    expect(() => readFileSync(join(out, 'base-after.sarif'))).toThrow();
  });
});

describe('the report with a baseline', () => {
  it('opens the summary with what got worse and what got better since the baseline', () => {
    const beforeA = assessText(MODEL("minTls: '1.0', localAuth: false"));
    const afterA = assessText(MODEL("minTls: '1.2', localAuth: true"));
    const json = (a: typeof beforeA) => assessmentJson(a, { modelBytes: new Uint8Array() }) as unknown as ComparableResult;
    const view = buildReportView(afterA, [], viewOptions({ changes: { label: '2026-09-30', list: diffResults(json(beforeA), json(afterA)) } }));
    const changes = view.summary.changes!;
    expect(changes.label).toBe('2026-09-30');
    expect(changes.text).toMatch(/^1 new gap, .*1 closed gap/);
    expect(changes.worse.map((c) => c.id)).toContain('HUB-001@hub');
    expect(changes.better.map((c) => c.id)).toContain('CONN-050@hub');
    expect(buildReportView(afterA, [], viewOptions()).summary.changes).toBeUndefined();
  });
});
