// Bidirectional controls and zero-width characters from a model are shown (⟨U+202E⟩), never obeyed:
// in the HTML (text, attributes, diagrams), the PDF (text, metadata), the JSON and the CLI's messages.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { INVISIBLE_CHARS, showInvisibles, showInvisiblesDeep } from '../src/util/text.js';
import { mermaidText } from '../src/report/mermaid.js';
import { cli, type CliRun } from './helpers/cli.js';
import { SMALL_MODEL } from './helpers/report.js';

const RLO = '\u202e';
const ZWSP = '\u200b';
const ANY_INVISIBLE = new RegExp(INVISIBLE_CHARS.source);

describe('showInvisibles', () => {
  it('shows every bidirectional and zero-width character as its code point, and nothing else', () => {
    const all = '\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u200b\u200c\u200d\u2060\ufeff';
    const shown = showInvisibles(all);
    expect(shown).not.toMatch(ANY_INVISIBLE);
    expect(shown.match(/⟨U\+[0-9A-F]{4}⟩/g)).toHaveLength([...all].length);
    expect(showInvisibles(`evil${RLO}gpj.exe`)).toBe('evil⟨U+202E⟩gpj.exe');
    expect(showInvisibles(`pay${ZWSP}pal`)).toBe('pay⟨U+200B⟩pal');
    const plain = 'Überwachung – 東京 센서 مرحبا 👍 \u00a0 \t';
    expect(showInvisibles(plain)).toBe(plain);
  });

  it('deep: strings and keys of plain objects and arrays; unchanged parts are not copied', () => {
    const clean = { a: ['x', { b: 'y' }] };
    const value = { clean, list: ['ok', `a${RLO}b`], [`k${ZWSP}`]: 1, date: new Date(0) };
    const out = showInvisiblesDeep(value);
    expect(out).toEqual({ clean, list: ['ok', 'a⟨U+202E⟩b'], 'k⟨U+200B⟩': 1, date: new Date(0) });
    expect(out.clean).toBe(clean);
    expect(out.date).toBe(value.date);
    expect(showInvisiblesDeep(clean)).toBe(clean);
    expect(value.list[1]).toBe(`a${RLO}b`); // the input is not changed
  });

  it('diagram labels show them too', () => {
    expect(mermaidText(`Pump${RLO} A`)).toBe('Pump⟨U+202E⟩ A');
  });
});

describe('a model whose names hold U+202E and U+200B', () => {
  const model = SMALL_MODEL
    .replace('name: Test plant', `name: "Test ${RLO}plant${ZWSP} one"`)
    .replace('name: Temperature sensors', `name: "Temp${RLO}erature sensors"`)
    .replace('{ id: hub, name: IoT Hub,', `{ id: hub, name: "IoT${ZWSP} Hub${RLO}",`)
    .replace('owner: Test Owner Ltd', `owner: "Owner${RLO} Ltd"`);
  let dir: string;
  let run: CliRun;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'iotsec-invisible-'));
    writeFileSync(join(dir, 'plant.yaml'), model);
    run = await cli('assess', join(dir, 'plant.yaml'), '-o', dir, '--date', '2026-11-23');
    expect(run.code).toBeLessThan(2);
  });

  it('the HTML has none of them, anywhere (text, attributes, diagram); the visible form instead', () => {
    const html = readFileSync(join(dir, 'plant.html'), 'utf8');
    expect(html).not.toMatch(ANY_INVISIBLE);
    expect(html).toContain('<title>Test ⟨U+202E⟩plant⟨U+200B⟩ one');
    expect(html).toContain('Temp⟨U+202E⟩erature sensors');
    // The diagram's labels (SVG text) carry the visible form.
    const svg = html.slice(html.indexOf('<svg', html.indexOf('diagram-svg')));
    expect(svg).toMatch(/IoT⟨U\+200B⟩ Hub⟨U\+202E⟩/);
  });

  it('the JSON has none of them; the visible form instead', () => {
    const json = readFileSync(join(dir, 'plant.json'), 'utf8');
    expect(json).not.toMatch(ANY_INVISIBLE);
    expect((JSON.parse(json) as { solution: { name: string } }).solution.name).toBe('Test ⟨U+202E⟩plant⟨U+200B⟩ one');
  });

  it('the PDF text and metadata have none of them; the visible form instead', () => {
    const pdf = join(dir, 'plant.pdf');
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).not.toMatch(ANY_INVISIBLE);
    expect(text).toContain('Temp⟨U+202E⟩erature sensors');
    const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(info).not.toMatch(ANY_INVISIBLE);
    expect(info).toMatch(/Title:\s+Test ⟨U\+202E⟩plant⟨U\+200B⟩ one/);
    expect(info).toMatch(/Author:\s+Owner⟨U\+202E⟩ Ltd/);
  });

  it('CLI messages about them show the visible form', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, model.replace('to: hub, protocol: mqtt', `to: "hu${RLO}b", protocol: mqtt`));
    const r = await cli('validate', bad);
    expect(r.code).toBe(2);
    expect(r.err.join('\n')).not.toMatch(ANY_INVISIBLE);
    expect(r.err.join('\n')).toContain('hu⟨U+202E⟩b');
  });
});
