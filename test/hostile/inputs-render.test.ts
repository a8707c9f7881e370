// Legal hostile strings (markup, Mermaid and Handlebars syntax, a spreadsheet formula, a format directive,
// a right-to-left override) in every kind of name a report shows: they come out as text in the JSON, the
// HTML and its inline SVG diagrams, the PDF's text layer, never as markup, a template expression or a reordering control.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { main } from '../../src/cli/program.js';

const tmp = mkdtempSync(join(tmpdir(), 'iotsec-hostile-render-'));
afterAll(() => { if (!process.env.KEEP_TMP) rmSync(tmp, { recursive: true, force: true }); });

const SCRIPT = '<script>alert(1)</script>';
const BREAKOUT = '"]); click';
const FORMULA = "=cmd|' /C calc'!A0";
const TEMPLATE = '{{x}}';
const FORMAT = '%s%n';
const RTL = 'abc\u202Eexe.txt';
/** How each string must read in the output: the right-to-left override made visible. */
const SHOWN: Record<string, string> = { [RTL]: 'abc⟨U+202E⟩exe.txt' };
const STRINGS = [SCRIPT, BREAKOUT, FORMULA, TEMPLATE, FORMAT, RTL];

function model(): string {
  return stringify({
    solution: { name: `Plant ${SCRIPT}`, owner: FORMULA, description: `${TEMPLATE} ${FORMAT} ${RTL}` },
    boundaries: [{ id: 'cloud', name: `Cloud ${BREAKOUT}`, kind: 'cloud' }],
    devices: [
      { id: FORMULA, name: `Dev ${SCRIPT}`, identity: { method: 'symmetric-key', keyScope: 'shared' } },
      { id: 'd2', name: `Dev ${RTL}` },
    ],
    services: [{ id: 'hub', name: `Hub ${TEMPLATE}`, boundary: 'cloud', type: 'iot-hub', localAuth: true }],
    principals: [{ id: 'ops', name: `Ops ${FORMAT}`, kind: 'user', assignments: [{ role: `Role ${BREAKOUT}`, on: 'hub' }] }],
    flows: [{ id: 'f1', name: `Flow ${BREAKOUT}`, from: FORMULA, to: 'hub', protocol: 'mqtt', tls: '1.2', auth: 'sas' }],
    risks: [{ control: 'CONN-002', element: FORMULA, status: 'accepted', justification: `${SCRIPT} ${TEMPLATE}`, owner: FORMAT, expires: '2030-01-01' }],
  });
}

/** Text of HTML or SVG: tags dropped, entities decoded. */
function textOf(markup: string): string {
  return markup
    .replace(/<[^>]*>/g, ' ')
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => strings(x, out));
  else if (v !== null && typeof v === 'object') Object.values(v).forEach((x) => strings(x, out));
  return out;
}

describe('legal hostile strings are rendered as text', () => {
  let html = '';
  let json: unknown;
  let pdfText = '';

  it('assesses the model to JSON, HTML and PDF (exit 0)', async () => {
    const file = join(tmp, 'hostile.yaml');
    writeFileSync(file, model());
    const err: string[] = [];
    const code = await main(['assess', file, '-f', 'json,html,pdf', '-o', join(tmp, 'out'), '--date', '2026-11-23'], { out: () => {}, err: (l) => err.push(l) });
    expect(code, err.join('\n')).toBe(0);
    html = readFileSync(join(tmp, 'out', 'hostile.html'), 'utf8');
    json = JSON.parse(readFileSync(join(tmp, 'out', 'hostile.json'), 'utf8'));
    pdfText = execFileSync('pdftotext', [join(tmp, 'out', 'hostile.pdf'), '-'], { encoding: 'utf8' });
  }, 120_000);

  it.each(STRINGS.map((s, i) => [i, s] as const))('JSON holds hostile string %i as a string value', (_i, s) => {
    const want = SHOWN[s] ?? s;
    expect(strings(json).some((v) => v.includes(want))).toBe(true);
  });

  it.each(STRINGS.map((s, i) => [i, s] as const))('HTML shows hostile string %i as text', (_i, s) => {
    expect(textOf(html)).toContain(SHOWN[s] ?? s);
  });

  it.each(STRINGS.map((s, i) => [i, s] as const))('the PDF text layer shows hostile string %i as text', (_i, s) => {
    // The PDF wraps lines where it likes: compare without white space.
    expect(pdfText.replace(/\s+/g, '')).toContain((SHOWN[s] ?? s).replace(/\s+/g, ''));
  });

  it('HTML holds no markup, template expression or control from the model', () => {
    expect(html).not.toContain(SCRIPT);
    expect(html).not.toContain('\u202E');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('the inline SVG diagrams show the names as text and hold no script', () => {
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
    expect(svgs.length).toBeGreaterThan(0);
    const svg = svgs.join('\n');
    expect(svg).not.toMatch(/<script|\son[a-z]+=/i);
    expect(svg).not.toContain('\u202E');
    // Labels are broken into lines (tspans) at spaces, '/' and '.': compare without white space.
    const text = textOf(svg).replace(/\s+/g, '');
    for (const s of [`Dev ${SCRIPT}`, `Hub ${TEMPLATE}`, `Cloud ${BREAKOUT}`, `Dev ${SHOWN[RTL]}`]) expect(text).toContain(s.replace(/\s+/g, ''));
  });
});
