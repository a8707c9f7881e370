// `iotsec catalog …` driven in-process through main(argv, io): list, show, coverage, lint and --catalog merging.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { FRAMEWORK_IDS } from '../src/catalog/control.js';
import { main } from '../src/cli/program.js';
import { builtInCatalog } from './helpers/model.js';

interface Run {
  code: number;
  out: string[];
  err: string[];
  stdout: string;
}

async function run(...argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err, stdout: out.join('\n') };
}

const dir = mkdtempSync(path.join(tmpdir(), 'iotsec-catalog-cli-'));
function writeTemp(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** A valid user control, as a catalog file holds it. */
function userControl(id: string): Record<string, unknown> {
  return {
    id,
    title: 'Devices report their firmware version',
    area: 'device',
    appliesTo: { kinds: ['device'] },
    check: { path: 'firmware.version', exists: true },
    severity: 'low',
    stride: ['R'],
    source: {
      document: 'Secure your IoT solutions',
      section: 'Cloud-based solution > Device security',
      quote: 'Keep devices up to date.',
    },
    rationale: 'An inventory needs versions.',
    remediation: ['Report the firmware version in the device twin.'],
    frameworks: { mcsb: ['AM-1'] },
  };
}

// Lazily, so the lint tests still run when the built-in catalog does not load (each other test then fails
// with the loader's diagnostics).
const cat = () => builtInCatalog();
const sortedIds = () => cat().controls.map((c) => c.id).sort();

/** A valid user threat, as a catalog file holds it. */
function userThreat(id: string, mitigations: string[] = ['CUSTOM-001', 'DEV-011']): Record<string, unknown> {
  return {
    id,
    title: 'A device with unknown firmware hides a known vulnerability',
    stride: 'E',
    appliesTo: { kinds: ['device'] },
    description: '{name} runs firmware whose version nobody recorded.',
    likelihood: 'medium',
    impact: 'high',
    mitigations,
    references: ['CWE-1329'],
  };
}

describe('catalog list', () => {
  it('lists every control with a summary line', async () => {
    const ids = sortedIds();
    const r = await run('catalog', 'list');
    expect(r.code).toBe(0);
    for (const id of ids) expect(r.stdout).toContain(id);
    expect(r.out.at(-1)).toMatch(new RegExp(`^${ids.length} controls? \\(`));
  });

  it('--area keeps only that area', async () => {
    for (const area of ['device', 'connection', 'edge', 'cloud']) {
      const r = await run('catalog', 'list', '--area', area);
      expect(r.code).toBe(0);
      const expected = cat().controls.filter((c) => c.area === area).map((c) => c.id).sort();
      const listed = r.out.slice(0, -1).map((l) => l.split(/\s+/)[0]);
      expect(listed, `--area ${area}`).toEqual(expected);
      for (const line of r.out.slice(0, -1)) expect(line.split(/\s+/)[2]).toBe(area);
    }
  });

  it('--framework keeps only controls mapped to it', async () => {
    for (const fw of FRAMEWORK_IDS) {
      const r = await run('catalog', 'list', '--framework', fw, '--format', 'json');
      expect(r.code).toBe(0);
      const listed = (JSON.parse(r.stdout) as { controls: Array<{ id: string }> }).controls.map((c) => c.id);
      expect(listed, `--framework ${fw}`).toEqual(cat().controls.filter((c) => c.frameworks[fw] !== undefined).map((c) => c.id).sort());
    }
    const connection = await run('catalog', 'list', '--framework', 'mcsb');
    expect(connection.stdout).toContain('CONN-002');
  });

  it('an unknown --framework is a usage error with a suggestion', async () => {
    const r = await run('catalog', 'list', '--framework', 'mcbs');
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/unknown framework 'mcbs'.*did you mean 'mcsb'/);
  });

  it('--format json gives every field of every control', async () => {
    const r = await run('catalog', 'list', '--format', 'json');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { catalog: { name: string; version: string }; controls: Array<Record<string, unknown>> };
    expect(json.catalog).toEqual({ name: cat().name, version: cat().version });
    expect(json.controls.map((c) => c.id)).toEqual(sortedIds());
    const fields = ['id', 'title', 'area', 'appliesTo', 'check', 'severity', 'stride', 'source', 'rationale', 'remediation', 'references', 'frameworks'];
    const missing = json.controls.flatMap((c) => fields.filter((f) => c[f] === undefined).map((f) => `${String(c.id)}: ${f}`));
    expect(missing).toEqual([]);
    const conn = json.controls.find((c) => c.id === 'CONN-002')!;
    expect(conn.source).toMatchObject({ document: 'Secure your IoT solutions', section: 'Cloud-based solution > Connection security' });
    expect(conn.frameworks).toMatchObject({ mcsb: ['IM-8', 'DP-6'] });
  });

  it('an unknown --format is a usage error', async () => {
    const r = await run('catalog', 'list', '--format', 'xml');
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/--format must be text or json/);
  });
});

describe('catalog show', () => {
  it('shows one control in full', async () => {
    const r = await run('catalog', 'show', 'CONN-002');
    expect(r.code).toBe(0);
    expect(r.out[0]).toBe('CONN-002  Devices and IoT Edge devices do not share symmetric keys');
    expect(r.stdout).toContain('severity: critical');
    expect(r.stdout).toContain('STRIDE: SI');
    expect(r.stdout).toContain('source: Secure your IoT solutions > Cloud-based solution > Connection security');
    expect(r.stdout).toContain("don't share symmetric keys across devices");
    expect(r.stdout).toMatch(/remediation:\n {4}1\. /);
    expect(r.stdout).toContain('frameworks: etsi-en-303-645 5.4-4, 5.1-1');
  });

  it('--format json gives the control as parsed', async () => {
    const r = await run('catalog', 'show', 'CONN-002', '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(cat().controls.find((c) => c.id === 'CONN-002'))));
  });

  it('an unknown id exits 2 with a did-you-mean', async () => {
    const r = await run('catalog', 'show', 'CONN-02');
    expect(r.code).toBe(2);
    expect(r.out).toEqual([]);
    expect(r.err.join('\n')).toMatch(/no control 'CONN-02' in the catalog; did you mean 'CONN-\d{3}'\?/);
  });

  it('an id far from any gives no suggestion', async () => {
    const r = await run('catalog', 'show', 'NOTHING-LIKE-IT');
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).not.toMatch(/did you mean/);
  });
});

describe('catalog coverage', () => {
  const sectionCount = () => cat().documents.reduce((n, d) => n + d.sections.length, 0);

  it('prints every document and section with its controls, and a summary', async () => {
    const r = await run('catalog', 'coverage');
    for (const d of cat().documents) {
      expect(r.out).toContain(d.title);
      for (const s of d.sections) expect(r.out.some((l) => l.startsWith(`  ${s.title}: `))).toBe(true);
    }
    expect(r.stdout).toMatch(/^ {2}Cloud-based solution > Connection security: .*CONN-002/m);
    const summary = r.out.at(-1)!;
    expect(summary).toMatch(new RegExp(`^${sectionCount()} sections, \\d+ uncovered$`));
    const uncovered = Number(/, (\d+) uncovered/.exec(summary)![1]);
    expect(r.out.filter((l) => l.endsWith(': UNCOVERED'))).toHaveLength(uncovered);
    // Exit 1 while a section is uncovered or a control untraced, else 0.
    expect(r.code).toBe(uncovered > 0 || r.out.some((l) => l.startsWith('control ')) ? 1 : 0);
  });

  it('--format json agrees with the text', async () => {
    const r = await run('catalog', 'coverage', '--format', 'json');
    const json = JSON.parse(r.stdout) as { sections: Array<{ document: string; section: string; controls: string[]; notCheckable?: string }>; uncovered: number; untracedControls: string[] };
    expect(json.sections).toHaveLength(sectionCount());
    expect(json.uncovered).toBe(json.sections.filter((s) => s.controls.length === 0 && !s.notCheckable).length);
    expect(json.sections.find((s) => s.section === 'Cloud-based solution > Connection security')!.controls).toContain('CONN-002');
    expect(r.code).toBe(json.uncovered > 0 || json.untracedControls.length > 0 ? 1 : 0);
  });
});

describe('catalog lint', () => {
  it('reports every problem of a broken control with file:line:col and exits 2', async () => {
    const file = writeTemp(
      'broken.yaml',
      [
        'controls:', //                                      1
        '  - id: CUSTOM-001', //                             2
        '    title: Broken control', //                      3
        '    area: device', //                               4
        '    appliesTo: { kinds: [device] }', //             5
        '    check: { path: firmware.version, exists: true }', // 6
        '    severity: extreme', //                          7
        '    stride: [S, X]', //                             8
        '    source:', //                                    9
        '      document: Secure your IoT solutions', //      10
        '      section: Cloud-based solution > Device security', // 11
        '      quote: "Keep devices up to date."', //        12
        '    rationale: Why.', //                            13
        '    remediaton: [Do it.]', //                       14
        '',
      ].join('\n'),
    );
    const r = await run('catalog', 'lint', file);
    expect(r.code).toBe(2);
    expect(r.out).toEqual([]);
    const err = r.err.join('\n');
    for (const line of r.err) expect(line).toMatch(/^.+broken\.yaml:\d+:\d+: error: /);
    expect(err).toMatch(/broken\.yaml:7:\d+: error: .*severity/);
    expect(err).toMatch(/broken\.yaml:8:\d+: error: /);
    expect(err).toMatch(/broken\.yaml:14:\d+: error: unknown key 'remediaton'/);
    expect(err).toMatch(/broken\.yaml:\d+:\d+: error: .*remediation is required/);
  });

  it('suggests the closest key for a misspelt key', async () => {
    const { remediation, ...rest } = userControl('CUSTOM-001');
    const file = writeTemp('misspelt.yaml', stringify({ controls: [{ ...rest, remediaton: remediation }] }));
    const r = await run('catalog', 'lint', file);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/misspelt\.yaml:\d+:\d+: error: unknown key 'remediaton' in controls\[0\] \(did you mean 'remediation'\?\)/);
  });

  it('reports an unknown predicate and fact', async () => {
    const c = { ...userControl('CUSTOM-002'), check: { all: [{ predicate: 'no-list-keys' }, { path: '$gatway.x', exists: true }] } };
    const file = writeTemp('semantic.yaml', stringify({ controls: [c] }));
    const r = await run('catalog', 'lint', file);
    expect(r.code).toBe(2);
    const err = r.err.join('\n');
    expect(err).toMatch(/semantic\.yaml:\d+:\d+: error: unknown predicate 'no-list-keys' \(did you mean 'no-listkeys'\?\)/);
    expect(err).toMatch(/semantic\.yaml:\d+:\d+: error: unknown fact '\$gatway' \(did you mean 'gateway'\?\)/);
  });

  it('reports YAML syntax errors and a file without controls:', async () => {
    const bad = await run('catalog', 'lint', writeTemp('syntax.yaml', 'controls: [\n  - id: X\n'));
    expect(bad.code).toBe(2);
    expect(bad.err[0]).toMatch(/syntax\.yaml:\d+:\d+: error: /);
    const none = await run('catalog', 'lint', writeTemp('none.yaml', 'control: []\n'));
    expect(none.code).toBe(2);
    expect(none.err.join('\n')).toMatch(/none\.yaml:1:1: error: a catalog file holds a list under 'controls:', 'threats:' or both/);
    const missing = await run('catalog', 'lint', path.join(dir, 'does-not-exist.yaml'));
    expect(missing.code).toBe(2);
    expect(missing.err.join('\n')).toMatch(/does-not-exist\.yaml:1:1: error: no such file/);
  });

  it('accepts a valid file', async () => {
    const file = writeTemp('valid.yaml', stringify({ controls: [userControl('CUSTOM-001'), userControl('CUSTOM-002')] }));
    const r = await run('catalog', 'lint', file);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.out).toEqual([`${file}: 2 controls, 0 threats, valid`]);
  });

  it('makes the checks assess --catalog makes: ids taken by the built-in catalog, unknown clauses, non-web links', async () => {
    const taken = { ...userControl('DEV-001') };
    const badClause = { ...userControl('CUSTOM-003'), frameworks: { mcsb: ['NS-99'] } };
    const file = writeTemp('lint-merge.yaml', stringify({ controls: [taken, badClause] }));
    const r = await run('catalog', 'lint', file);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/control id 'DEV-001' is already in the catalog/);
    expect(r.err.join('\n')).toMatch(/control 'CUSTOM-003' cites mcsb clause NS-99, not in catalogs\/frameworks\.yaml/);
    const link = writeTemp('lint-link.yaml', stringify({ controls: [{ ...userControl('CUSTOM-004'), references: ['javascript:alert(1)'] }] }));
    const l = await run('catalog', 'lint', link);
    expect(l.code).toBe(2);
    expect(l.err.join('\n')).toMatch(/references\[0\]: an http\(s\) URL/);
  });

  it('reports a duplicate id inside one file', async () => {
    const file = writeTemp('dup.yaml', stringify({ controls: [userControl('CUSTOM-001'), userControl('CUSTOM-001')] }));
    const r = await run('catalog', 'lint', file);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/dup\.yaml:\d+:\d+: error: duplicate control id 'CUSTOM-001'/);
  });
});

describe('user threats in catalog files', () => {
  it('lint accepts threats next to controls, mitigated by built-in and own controls', async () => {
    const file = writeTemp('threats-ok.yaml', stringify({ controls: [userControl('CUSTOM-001')], threats: [userThreat('THR-ACME-001')] }));
    const r = await run('catalog', 'lint', file);
    expect(r.err).toEqual([]);
    expect(r.out).toEqual([`${file}: 1 control, 1 threat, valid`]);
    const only = writeTemp('threats-only.yaml', stringify({ threats: [userThreat('THR-ACME-002', ['DEV-011'])] }));
    expect((await run('catalog', 'lint', only)).out).toEqual([`${only}: 0 controls, 1 threat, valid`]);
  });

  it('lint reports each broken threat with file:line:col: unknown mitigation, taken id, id format, duplicate', async () => {
    const text = stringify({
      threats: [userThreat('THR-ACME-001', ['DEV-011', 'DEV-O11']), userThreat('THR-001', ['DEV-011']), userThreat('ACME-001', ['DEV-011']), userThreat('THR-ACME-004', ['DEV-011']), userThreat('THR-ACME-004', ['DEV-011'])],
    });
    const file = writeTemp('threats-bad.yaml', text);
    const r = await run('catalog', 'lint', file);
    expect(r.code).toBe(2);
    const err = r.err.join('\n');
    const lineOf = (needle: string, nth = 0) => text.split('\n').map((l, i) => [l, i + 1] as const).filter(([l]) => l.includes(needle))[nth]![1];
    expect(err).toMatch(new RegExp(`threats-bad\\.yaml:${lineOf('- DEV-O11')}:\\d+: error: mitigation 'DEV-O11' is not a control of the catalog \\(did you mean 'DEV-011'\\?\\)`));
    expect(err).toMatch(new RegExp(`threats-bad\\.yaml:${lineOf('ACME-001', 1)}:\\d+: error: .*an id such as THR-001`));
    expect(err).toMatch(new RegExp(`threats-bad\\.yaml:${lineOf('THR-ACME-004', 1)}:\\d+: error: duplicate threat id 'THR-ACME-004'`));
    // The built-in id is reported once the file itself is clean (as assess would merge it).
    const clash = writeTemp('threats-clash.yaml', stringify({ threats: [userThreat('THR-001', ['DEV-011'])] }));
    const c = await run('catalog', 'lint', clash);
    expect(c.code).toBe(2);
    expect(c.err.join('\n')).toMatch(/threats-clash\.yaml:2:\d+: error: threat id 'THR-001' is already in the catalog \(ids are never reused; pick a new id such as THR-ACME-001\)/);
  });

  it('catalog threats and assess --catalog include them; a model may decide on one', async () => {
    const file = writeTemp('threats-assess.yaml', stringify({ controls: [userControl('CUSTOM-001')], threats: [userThreat('THR-ACME-001')] }));
    const listed = await run('catalog', 'threats', '--catalog', file);
    expect(listed.stdout).toMatch(/^THR-ACME-001 +E +device/m);
    const model = writeTemp('threat-model.yaml', stringify({
      solution: { name: 'Plant', architecture: ['cloud'] },
      devices: [{ id: 'sensor', name: 'Sensor', kind: 'sensor', count: 3 }],
      risks: [{ threat: 'THR-ACME-001', element: 'sensor', status: 'accepted', justification: 'Pilot only', owner: 'Ops', expires: '2027-01-31' }],
    }));
    const without = await run('validate', model);
    expect(without.code).toBe(2);
    expect(without.err).toHaveLength(1);
    expect(without.err[0]).toMatch(/threat-model\.yaml:\d+:\d+: error: .*THR-ACME-001/);
    expect((await run('validate', model, '--catalog', file)).code).toBe(0);
    const out = path.join(dir, 'out-threats');
    const r = await run('assess', model, '--catalog', file, '--format', 'json', '-o', out, '--date', '2026-11-23');
    expect(r.err.filter((l) => /error/.test(l))).toEqual([]);
    const json = JSON.parse(readFileSync(path.join(out, 'threat-model.json'), 'utf8')) as { threats: Array<{ threat: string; element: string; status: string }> };
    const mine = json.threats.filter((t) => t.threat === 'THR-ACME-001');
    expect(mine.map((t) => [t.element, t.status])).toEqual([['sensor', 'accepted']]);
  });
});

describe('--catalog merges user controls', () => {
  it('adds a user control to list and show', async () => {
    const file = writeTemp('mine.yaml', stringify({ controls: [userControl('CUSTOM-001')] }));
    const list = await run('catalog', 'list', '--catalog', file);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^CUSTOM-001 +low +device +Devices report their firmware version$/m);
    expect(list.out.at(-1)).toMatch(new RegExp(`^${sortedIds().length + 1} controls \\(`));
    const show = await run('catalog', 'show', 'CUSTOM-001', '--catalog', file);
    expect(show.code).toBe(0);
    expect(show.out[0]).toBe('CUSTOM-001  Devices report their firmware version');
  });

  it('a user control reusing a built-in id is an error with its location', async () => {
    const file = writeTemp('clash.yaml', stringify({ controls: [userControl('CUSTOM-001'), userControl('CONN-002')] }));
    const r = await run('catalog', 'list', '--catalog', file);
    expect(r.code).toBe(2);
    expect(r.out).toEqual([]);
    expect(r.err.join('\n')).toMatch(/clash\.yaml:\d+:\d+: error: control id 'CONN-002' is already in the catalog \(ids are never reused/);
  });

  it('a broken user catalog stops the command with file:line:col', async () => {
    const file = writeTemp('broken-user.yaml', stringify({ controls: [{ ...userControl('CUSTOM-001'), severity: 'urgent' }] }));
    const r = await run('catalog', 'list', '--catalog', file);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).toMatch(/broken-user\.yaml:\d+:\d+: error: /);
  });
});
