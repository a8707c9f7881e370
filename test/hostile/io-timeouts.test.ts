// Time limits that fit the work: no fixed 30 s puppeteer limit on a print, a print limit that grows
// with the document, a bounded launch (a browser that starts and never answers), and a template that
// navigates away reported as a template error naming its file.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { launchTimeoutMs, LAUNCH_TIMEOUT_MS } from '../../src/report/browser.js';
import { printPdf } from '../../src/report/pdf.js';
import { BROWSER_TIMEOUT_MS, printTimeoutMs } from '../../src/report/reporter.js';
import { RenderSession } from '../../src/report/session.js';
import { CHROMIUM, errLines, HAS_BUILD, processesMentioning, run, SAMPLES, scratch, STACK } from './io-built-cli.js';

const TEMPLATES = join(import.meta.dirname, '..', '..', 'templates');

describe('time limits', () => {
  it('a print gets more time for a larger document; an explicit --browser-timeout is taken as given', () => {
    expect(printTimeoutMs(200_000)).toBe(BROWSER_TIMEOUT_MS);
    expect(printTimeoutMs(6 * 1024 * 1024)).toBeGreaterThan(printTimeoutMs(2 * 1024 * 1024));
    expect(printTimeoutMs(2 * 1024 * 1024)).toBeGreaterThan(BROWSER_TIMEOUT_MS);
    expect(printTimeoutMs(50 * 1024 * 1024, 4000)).toBe(4000);
  });
  it('the launch is bounded: 30 s, or a short --browser-timeout (at least 5 s)', () => {
    expect(launchTimeoutMs()).toBe(LAUNCH_TIMEOUT_MS);
    expect(launchTimeoutMs(3000)).toBe(5000);
    expect(launchTimeoutMs(600_000)).toBe(LAUNCH_TIMEOUT_MS);
  });
});

describe.skipIf(!CHROMIUM)('the print page', () => {
  it('has no puppeteer default time limit (the attempt’s own limit governs), and a meta refresh cannot replace the report', async () => {
    const session = await RenderSession.open(CHROMIUM!);
    try {
      const page = await session.printPage();
      expect(page.getDefaultTimeout()).toBe(0);
      expect(page.getDefaultNavigationTimeout()).toBe(0);
      // Written with a character reference, as a template could slip it past a plain text search.
      const html = '<!doctype html><html><head><meta http-equiv="&#114;efresh" content="0;url=https://example.invalid/"><title>t</title></head><body><h1>Report body stays</h1></body></html>';
      const pdf = await printPdf(session, html, { paper: 'a4', title: 't', subject: 's', keywords: 'k', creator: 'test' });
      const d = scratch();
      writeFileSync(join(d, 'r.pdf'), pdf);
      expect(execFileSync('pdftotext', [join(d, 'r.pdf'), '-'], { encoding: 'utf8' })).toContain('Report body stays');
      // The refresh fires on its own clock: on a loaded machine it may come after the print has finished.
      await vi.waitFor(() => expect(session.network.blocked).toContain('https://example.invalid/'), { timeout: 10_000, interval: 100 });
    } finally {
      await session.close();
    }
  });
});

describe.skipIf(!HAS_BUILD)('a browser that starts but never answers', () => {
  it('is given up on within the launch limit: exit 3, one line, no process or folder left', async () => {
    const d = scratch();
    const fake = join(d, 'fake-browser');
    // Starts, keeps running, never speaks the protocol.
    writeFileSync(fake, '#!/bin/sh\nsleep 600\n');
    chmodSync(fake, 0o755);
    const tmp = join(d, 'tmp');
    mkdirSync(tmp);
    const r = await run(['assess', SAMPLES[0]!, '--format', 'html', '-o', join(d, 'out'), '--browser', fake, '--browser-timeout', '2'], { env: { TMPDIR: tmp }, timeoutMs: 18_000 });
    expect(r.code).toBe(3);
    expect(errLines(r.err).filter((l) => /^iotsec:/.test(l))).toEqual([`iotsec: cannot start the browser at ${fake}: it did not answer within 5 s`]);
    expect(r.err).not.toMatch(STACK);
    expect(processesMentioning(fake)).toEqual([]);
    expect(readdirSync(tmp)).toEqual([]);
  }, 20_000);
});

describe.skipIf(!HAS_BUILD || !CHROMIUM)('a template that navigates away', () => {
  for (const [name, tag] of [
    ['plain', '<meta http-equiv="refresh" content="0;url=https://example.invalid/">'],
    ['with a character reference', '<meta http-equiv=&#x52;EFRESH content="0">'],
  ] as const) {
    it(`(${name}) is a template error naming the template file: exit 2, JSON still written, no PDF`, async () => {
      const d = scratch();
      const t = join(d, 'tpl');
      mkdirSync(join(t, 'partials'), { recursive: true });
      // In a partial, to check the message names the file that holds it.
      writeFileSync(join(t, 'partials', 'cover.hbs'), tag + readFileSync(join(TEMPLATES, 'partials', 'cover.hbs'), 'utf8'));
      const model = join(d, 'm.yaml');
      copyFileSync(SAMPLES[0]!, model);
      const r = await run(['assess', model, '--format', 'json,pdf', '-o', join(d, 'out'), '--template-dir', t], { timeoutMs: 18_000 });
      expect(r.code, r.err).toBe(2);
      expect(errLines(r.err).filter((l) => /^iotsec:/.test(l))).toEqual([expect.stringMatching(/^iotsec: .*m\.yaml: no report: template .*tpl\/partials\/cover\.hbs: <meta http-equiv="refresh"> would make the report navigate away; remove it$/)]);
      expect(r.err).not.toMatch(STACK);
      expect(readdirSync(join(d, 'out'))).toEqual(['m.json']);
    }, 20_000);
  }
});
