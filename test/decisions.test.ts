import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { daysBetween, decisionRegister, type RegisterRow } from '../src/engine/decision-register.js';
import { cli } from './helpers/cli.js';
import { assessText } from './helpers/model.js';

const work = mkdtempSync(join(tmpdir(), 'iotsec-decisions-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const MODEL = `solution:
  name: Register test
  architecture: cloud
boundaries:
  - { id: cloud, kind: cloud }
services:
  - { id: hub, type: iot-hub, boundary: cloud, minTls: '1.0', localAuth: true }
risks:
  - control: CONN-009
    element: hub
    status: accepted
    justification: Long expired.
    expires: 2026-01-31
  - control: HUB-001
    element: hub
    status: accepted
    justification: Expires within the month.
    owner: "=HYPERLINK(\\"https://evil.example\\")"
    ticket: https://tracker.example/SEC-1
    approvedBy: CISO | deputy
    expires: 2026-12-10
  - control: CONN-050
    status: mitigated
    justification: Far off, but its review is due.
    reviewBy: 2026-11-30
    expires: 2027-06-30
  - control: DEV-001
    element: hub
    status: false-positive
    justification: Names no element of that kind, so it covers nothing.
`;

function modelFile(text = MODEL, name = 'model.yaml'): string {
  const f = join(work, name);
  writeFileSync(f, text);
  return f;
}

describe('decision register', () => {
  it('counts calendar days across months, years and leap days', () => {
    expect(daysBetween('2026-11-23', '2026-11-23')).toBe(0);
    expect(daysBetween('2026-11-23', '2026-12-01')).toBe(8);
    expect(daysBetween('2026-12-31', '2027-01-01')).toBe(1);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2026-03-31', '2026-01-31')).toBe(-59);
  });

  it('marks each decision expired, expiring within the window, live or matching nothing, and reviews due', () => {
    const a = assessText(MODEL, '2026-11-23');
    const rows = decisionRegister([{ model: 'm.yaml', outcomes: a.decisions, locate: (i) => a.loaded.source.locate(['risks', i]) }], '2026-11-23', 30);
    const brief = rows.map((r: RegisterRow) => [r.index, r.state, r.daysLeft, r.reviewDue]);
    expect(brief).toEqual([
      [0, 'expired', -296, false],
      [1, 'expiring', 17, false],
      [2, 'live', 219, true],
      [3, 'unmatched', undefined, false],
    ]);
    expect(rows[1]).toMatchObject({ line: 14, column: 5, ticket: 'https://tracker.example/SEC-1', approvedBy: 'CISO | deputy' });
    // A window of 5 days: the December decision is no longer "expiring", and the review (in 7 days) is not due.
    const narrow = decisionRegister([{ model: 'm.yaml', outcomes: a.decisions, locate: () => ({ line: 1, column: 1 }) }], '2026-11-23', 5);
    expect(narrow.map((r) => [r.state, r.reviewDue])).toEqual([['expired', false], ['live', false], ['live', false], ['unmatched', false]]);
  });

  it('lists decisions one located line each, and exits 1 only for what --fail-on names', async () => {
    const f = modelFile();
    const plain = await cli('decisions', f, '--date', '2026-11-23');
    expect(plain.code).toBe(0);
    expect(plain.out).toHaveLength(4);
    expect(plain.out[0]).toMatch(/model\.yaml:9:5: expired: accepted CONN-009 on hub, expired 296 days ago \(2026-01-31\)$/);
    expect(plain.out[1]).toContain('expiring: accepted HUB-001 on hub, expires in 17 days (2026-12-10)');
    expect(plain.out[2]).toContain('review by 2026-11-30 (due)');
    expect(plain.out[3]).toContain('matches nothing');
    expect(plain.err.at(-1)).toBe('4 decisions: 1 expired, 2 expiring within 30 days or due for review');
    // Why a decision is expired or matches nothing is said as assess says it, located.
    expect(plain.err.filter((l) => / warning: risk decision .*(expired on|matches)/.test(l)).length).toBeGreaterThanOrEqual(2);
    expect((await cli('decisions', f, '--date', '2026-11-23', '--fail-on', 'expiring')).code).toBe(1);
    expect((await cli('decisions', f, '--date', '2026-11-23', '--fail-on', 'expired')).code).toBe(1);
    // Before anything expired and with nothing within 7 days: nothing to fail on.
    expect((await cli('decisions', f, '--date', '2026-01-02', '--expiring', '7d', '--fail-on', 'expiring')).code).toBe(0);
    expect((await cli('decisions', f, '--date', '2026-01-02', '--expiring', '6w', '--fail-on', 'expired')).code).toBe(0);
  });

  it('writes CSV with quoting and neutralised formulas, Markdown with escaped cells, and JSON', async () => {
    const f = modelFile();
    const csv = await cli('decisions', f, '--date', '2026-11-23', '--format', 'csv');
    expect(csv.out[0]).toBe('Model,Line,Decision,Status,State,Expires,Days left,Review by,Owner,Approved by,Ticket,Justification\r');
    expect(csv.out[2]).toContain(`,"'=HYPERLINK(""https://evil.example"")",CISO | deputy,https://tracker.example/SEC-1,`);
    const md = await cli('decisions', f, '--date', '2026-11-23', '--format', 'md');
    expect(md.out.join('\n')).toContain('| CISO \\| deputy |');
    const json = await cli('decisions', f, '--date', '2026-11-23', '--format', 'json');
    const parsed = JSON.parse(json.out.join('\n')) as { date: string; windowDays: number; decisions: RegisterRow[] };
    expect(parsed.decisions.map((d) => d.state)).toEqual(['expired', 'expiring', 'live', 'unmatched']);
  });

  it('writes to a file with a byte-order mark for Excel when asked, and refuses --bom elsewhere', async () => {
    const f = modelFile();
    const out = join(work, 'register.csv');
    const run = await cli('decisions', f, '--date', '2026-11-23', '--format', 'csv', '--bom', '-o', out);
    expect(run.code).toBe(0);
    expect(readFileSync(out).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const bad = await cli('decisions', f, '--format', 'md', '--bom');
    expect(bad.code).toBe(2);
    expect(bad.err[0]).toMatch(/--bom applies to CSV written to a file/);
  });

  it('reports an invalid model with its location and goes on with the others (exit 2)', async () => {
    const good = modelFile();
    const bad = modelFile(MODEL.replace('expires: 2026-12-10', 'expires: 2026-13-10'), 'bad.yaml');
    const run = await cli('decisions', bad, good, '--date', '2026-11-23');
    expect(run.code).toBe(2);
    expect(run.err[0]).toMatch(/bad\.yaml:\d+:\d+: error: .*YYYY-MM-DD/);
    expect(run.out).toHaveLength(4);
  });
});
