// The HTML report in a real browser: byte-identical twice, no network request, hostile names stay text,
// templates can be overridden, the logo is sanitised.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'puppeteer';
import { Reporter } from '../src/report/reporter.js';
import { RUNNING_HEADER_LIMITS } from '../src/report/running-header.js';
import { shorten } from '../src/util/text.js';
import { TEMPLATE_DIR } from '../src/report/html.js';
import { launchBrowser } from '../src/report/browser.js';
import { readLogo } from '../src/cli/inputs.js';
import { cli } from './helpers/cli.js';
import { assessText } from './helpers/model.js';
import { HOSTILE, SMALL_MODEL, hostileModel } from './helpers/report.js';

const SAMPLE = join(import.meta.dirname, '..', 'samples', 'cold-chain.yaml');
const tmp = () => mkdtempSync(join(tmpdir(), 'iotsec-html-'));
const input = (text: string) => ({ assessment: assessText(text), modelBytes: new TextEncoder().encode(text), modelFile: 'model.yaml', date: '2026-11-23' });

let reporter: Reporter;
let inspector: Browser;

beforeAll(async () => {
  reporter = await Reporter.create({ paper: 'a4', pdf: true, classification: 'Confidential' });
  inspector = await launchBrowser(process.env.PUPPETEER_EXECUTABLE_PATH || '/usr/bin/chromium');
});
afterAll(async () => {
  await reporter?.close();
  await inspector?.close();
});

/** Loads HTML with scripts off and reports what live markup the DOM holds. */
async function inspect(html: string) {
  const page = await inspector.newPage();
  await page.setJavaScriptEnabled(false);
  await page.setContent(html);
  const r = await page.evaluate(() => {
    const all = [...document.querySelectorAll('*')];
    return {
      scripts: [...document.querySelectorAll('script')].map((s) => s.textContent ?? ''),
      dangerous: document.querySelectorAll('img, iframe, object, embed, foreignObject, base, form, input, link[href], meta[http-equiv=refresh]').length,
      handlers: all.filter((e) => [...e.attributes].some((a) => a.name.toLowerCase().startsWith('on'))).length,
      scriptUrls: all.filter((e) => [...e.attributes].some((a) => /javascript:/i.test(a.value))).length,
      text: document.body.textContent ?? '',
      diagramText: [...document.querySelectorAll('.diagram-svg svg text')].map((t) => t.textContent ?? '').join('\n'),
      diagrams: document.querySelectorAll('.diagram-svg svg').length,
      csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? '',
      title: document.title,
    };
  });
  await page.close();
  return r;
}

describe('HTML report', () => {
  it('is byte-identical when rendered twice, and through the CLI twice', async () => {
    const i = input(SMALL_MODEL);
    const a = await reporter.report(i);
    const b = await reporter.report(i);
    expect(b.html).toBe(a.html);
    const d = tmp();
    const f = join(d, 'plant.yaml');
    writeFileSync(f, SMALL_MODEL);
    expect((await cli('assess', f, '--format', 'html', '-o', join(d, 'one'), '--date', '2026-11-23')).code).toBe(0);
    expect((await cli('assess', f, '--format', 'html', '-o', join(d, 'two'), '--date', '2026-11-23')).code).toBe(0);
    expect(readFileSync(join(d, 'two', 'plant.html')).equals(readFileSync(join(d, 'one', 'plant.html')))).toBe(true);
    expect(readdirSync(join(d, 'one'))).toEqual(['plant.html']);
  });

  it('is byte-identical when a sample with split and stub figures is rendered twice', async () => {
    const i = input(readFileSync(SAMPLE, 'utf8'));
    const a = await reporter.report({ ...i });
    const b = await reporter.report({ ...i });
    expect(a.html.includes('data-text-pt=')).toBe(true);
    expect(b.html === a.html, 'the HTML of two renderings differs').toBe(true);
  });

  it('is self-contained: rendering and printing a sample makes no network request', async () => {
    const text = readFileSync(SAMPLE, 'utf8');
    const before = reporter.network.blocked.length;
    const out = await reporter.report(input(text));
    expect(out.pdf!.byteLength).toBeGreaterThan(10_000);
    expect(reporter.network.blocked.slice(before)).toEqual([]);
    // Links to the guidance are plain anchors; nothing is loaded from anywhere.
    expect(out.html).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
    expect(out.html).not.toMatch(/\bsrc="/i);
    expect(out.html).not.toMatch(/url\((?!#|data:font\/woff2;base64,)/i);
    // Fonts are inlined and come first in the stacks; system fonts are only the fallback.
    expect(out.html.match(/@font-face\{font-family:(Arimo|Cousine);/g)).toHaveLength(5);
    expect(out.html).toMatch(/--font: Arimo, /);
    expect(out.html).toMatch(/--mono: Cousine, /);
    const dom = await inspect(out.html);
    expect(dom.diagrams).toBe(out.view.architecture.diagrams.length);
    expect(dom.csp).toMatch(/default-src 'none'/);
    expect(dom.scripts).toHaveLength(1);
  });

  it('blocks and counts any request a template makes (the guard is not vacuous)', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'report.hbs'), '<!doctype html><html><head><title>x</title><link rel="stylesheet" href="https://example.invalid/a.css"></head><body><h1>{{meta.solution}}</h1><img src="https://example.invalid/b.png"></body></html>');
    const r = await Reporter.create({ paper: 'a4', pdf: true, templateDir: dir });
    try {
      const out = await r.report(input(SMALL_MODEL));
      expect(out.pdf!.byteLength).toBeGreaterThan(1000);
      expect([...r.network.blocked].sort()).toEqual(['https://example.invalid/a.css', 'https://example.invalid/b.png']);
    } finally {
      await r.close();
    }
  });

  it('renders a model whose every name is hostile: no live markup from it, Mermaid still draws it', async () => {
    const text = hostileModel();
    const out = await reporter.report(input(text));
    const dom = await inspect(out.html);
    expect(dom.scripts).toHaveLength(1); // the report's own filter script
    expect(dom.scripts[0]).toContain('table-filter');
    expect(dom.dangerous).toBe(0);
    expect(dom.handlers).toBe(0);
    expect(dom.scriptUrls).toBe(0);
    expect(dom.title.startsWith(HOSTILE)).toBe(true);
    expect(dom.text).toContain('<script>alert(1)</script>');
    expect(dom.text).toContain('{{7*7}}'); // Handlebars output is not evaluated twice
    expect(dom.diagrams).toBe(1);
    expect(dom.diagramText).toContain('"]);<script>alert(1)</script>%%{init:{"theme":"dark"}}%% `x` #quot; ;');
    // Mermaid kept its own theme: the directive in a label was not read.
    expect(out.html).not.toContain('"theme":"dark"}}%%</');
    expect(out.pdf!.byteLength).toBeGreaterThan(10_000);
    // The running header (CSS margin boxes) prints the name as text, shortened.
    const pdfFile = join(tmp(), 'hostile.pdf');
    writeFileSync(pdfFile, out.pdf!);
    const header = execFileSync('pdftotext', ['-f', '2', '-l', '2', '-layout', pdfFile, '-'], { encoding: 'utf8' }).split('\n')[0]!;
    expect(header.trim().startsWith(`${shorten(`${HOSTILE} — Security assessment`, RUNNING_HEADER_LIMITS.title)}   `)).toBe(true);
  });

  it('templates use no triple-stash: markup goes in only through helpers that produce or sanitise it', () => {
    const files = [join(TEMPLATE_DIR, 'report.hbs'), ...readdirSync(join(TEMPLATE_DIR, 'partials')).map((f) => join(TEMPLATE_DIR, 'partials', f))];
    for (const f of files) expect(readFileSync(f, 'utf8'), f).not.toMatch(/\{\{\{|\{\{&/);
  });

  it('a template folder overrides any partial; a broken template is a usage error (exit 2)', async () => {
    const dir = tmp();
    mkdirSync(join(dir, 'partials'));
    writeFileSync(join(dir, 'partials', 'cover.hbs'), '<section id="cover"><h1>Custom cover for {{meta.solution}}</h1></section>');
    const r = await Reporter.create({ paper: 'a4', pdf: false, templateDir: dir });
    try {
      const out = await r.report(input(SMALL_MODEL));
      expect(out.html).toContain('<h1>Custom cover for Test plant</h1>');
      expect(out.html).toContain('id="summary"');
      expect(out.pdf).toBeUndefined();
    } finally {
      await r.close();
    }
    writeFileSync(join(dir, 'partials', 'cover.hbs'), '{{#if meta.solution}}unclosed');
    const d = tmp();
    writeFileSync(join(d, 'm.yaml'), SMALL_MODEL);
    const run = await cli('assess', join(d, 'm.yaml'), '--format', 'html', '-o', d, '--template-dir', dir);
    expect(run.code).toBe(2);
    expect(run.err.at(-1)).toMatch(/^iotsec: template .*cover\.hbs: /);
  });

  it('embeds an SVG logo as an <img>, sanitised first: no scripts, event handlers or external references', async () => {
    const dir = tmp();
    const logo = join(dir, 'logo.svg');
    writeFileSync(logo, `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10" onload="alert(1)">
      <script>alert(2)</script><rect id="mark" width="10" height="10" fill="#123456" onclick="alert(3)"/>
      <image href="https://example.invalid/x.png"/><use xlink:href="https://example.invalid/s.svg#a"/>
      <a href="javascript:alert(4)"><circle r="2" style="fill:url(https://example.invalid/f)"/></a>
      <foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject></svg>`);
    const r = await Reporter.create({ paper: 'a4', pdf: false, logo: readLogo(logo) });
    try {
      const out = await r.report(input(SMALL_MODEL));
      const src = /class="cover-logo"><img src="data:image\/svg\+xml;base64,([A-Za-z0-9+/]+(?:&#x3D;)*)"/.exec(out.html)?.[1];
      expect(src).toBeDefined();
      const cover = Buffer.from(src!.replaceAll('&#x3D;', '='), 'base64').toString('utf8');
      expect(cover).toContain('id="mark"');
      expect(cover).toContain('<circle');
      expect(cover).not.toMatch(/script|onload|onclick|example\.invalid|foreignObject/i);
      expect(r.network.blocked).toEqual([]);
    } finally {
      await r.close();
    }
    writeFileSync(logo, 'not an svg');
    const d = tmp();
    writeFileSync(join(d, 'm.yaml'), SMALL_MODEL);
    const run = await cli('assess', join(d, 'm.yaml'), '--format', 'html', '-o', d, '--logo', logo);
    expect(run.code).toBe(2);
    expect(run.err.at(-1)).toMatch(/--logo .*not a PNG, JPEG or SVG image/);
  });
});
