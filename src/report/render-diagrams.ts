// Mermaid source → sanitised inline SVG, in the run's browser.
//
// Two engines. `page` (the default) loads Mermaid's self-contained ESM build once into one page of
// the session and renders every diagram of every report there: measured here, the first diagram of a
// run costs ≈ 0.35 s and each further one ≈ 0.03–0.1 s. `mermaid-cli` calls renderMermaid from
// @mermaid-js/mermaid-cli per diagram in the same browser (a new page and a fresh Mermaid import each
// time: ≈ 0.5–0.7 s per diagram); `npm run bench` compares the two.
//
// Never silent: a Mermaid error, the "Maximum text size" placeholder, or live markup left after
// sanitising raises DiagramError.
import { readFileSync, realpathSync } from 'node:fs';
import { dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'puppeteer';
import { SANS_STACK, fontFaceCss } from './fonts.js';
import { LABEL_WRAP } from './label-breaks.js';
import { figureBox, measureSvg, MIN_TEXT_PT, printedTextPt } from './diagram-size.js';
import { DIAGRAM_LIMITS, restorePlaceholders, type DiagramSpec } from './mermaid.js';
import type { Paper } from './view-model.js';
import { PAGE_SCRIPT } from './page-script.js';
import { closePage, type LocalServer, type RenderSession } from './session.js';

export const MERMAID_CONFIG = {
  startOnLoad: false,
  securityLevel: 'strict',
  htmlLabels: false,
  deterministicIds: true,
  // Some shapes are drawn with rough.js, whose seed 0 (Mermaid's default) means random: a fixed seed keeps
  // the SVG, and so the HTML, byte-identical from run to run.
  handDrawnSeed: 1,
  theme: 'base',
  fontFamily: SANS_STACK,
  maxTextSize: DIAGRAM_LIMITS.maxTextSize,
  maxEdges: 500,
  themeVariables: {
    fontFamily: SANS_STACK,
    fontSize: `${LABEL_WRAP.fontSize}px`,
    primaryColor: '#eaf2fb',
    primaryTextColor: '#0f2537',
    primaryBorderColor: '#47698f',
    lineColor: '#475569',
    textColor: '#1e293b',
    clusterBkg: '#f8fafc',
    clusterBorder: '#94a3b8',
    edgeLabelBackground: '#ffffff',
    tertiaryColor: '#ffffff',
  },
  flowchart: { htmlLabels: false, curve: 'basis', padding: 10, nodeSpacing: 30, rankSpacing: 40, diagramPadding: 8, useMaxWidth: true, wrappingWidth: LABEL_WRAP.width },
} as const;

export class DiagramError extends Error {
  override name = 'DiagramError';
  constructor(
    readonly diagram: string,
    message: string,
  ) {
    super(`diagram '${diagram}': ${message}`);
  }
}

/**
 * Live markup that must never survive sanitising: script-capable elements, event handlers and script
 * URLs in tags. Text cannot hold markup: serialised SVG escapes '<' in text, and placeholders come
 * back as character references.
 */
const LIVE_TAG = /^<\/?\s*(script|foreignobject|iframe|object|embed|animate|set|handler)\b/i;
const LIVE_ATTR = /\son[a-z]+\s*=|(?:java|vb)script:/i;

export function assertInert(svg: string, what: string): void {
  for (const m of svg.matchAll(/<[^>]*>/g)) {
    const tag = m[0];
    if (LIVE_TAG.test(tag) || LIVE_ATTR.test(tag)) throw new DiagramError(what, `live markup left after sanitising (${tag.slice(0, 40)})`);
  }
}

const ORIGIN = 'https://iotsec.invalid';
const MERMAID_DIST = (() => {
  const entry = fileURLToPath(import.meta.resolve('mermaid'));
  return realpathSync(dirname(entry));
})();

/** Serves the diagram page and Mermaid's ESM build (and nothing else) from node_modules. */
export const serveMermaid: LocalServer = (url) => {
  if (url === `${ORIGIN}/diagrams.html`) {
    // The report's fonts, Latin Extended included (any model may need it), so that Mermaid measures
    // labels with the faces the report draws them in.
    return { contentType: 'text/html; charset=utf-8', body: `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>diagrams</title><style>${fontFaceCss('', true)}</style></head><body><div id="work"></div></body></html>` };
  }
  if (!url.startsWith(`${ORIGIN}/mermaid/`)) return undefined;
  const rel = decodeURIComponent(new URL(url).pathname.slice('/mermaid/'.length));
  const file = join(MERMAID_DIST, rel);
  const inside = relative(MERMAID_DIST, file);
  if (inside.startsWith('..') || inside.includes(`..${sep}`) || !['.mjs', '.js'].includes(extname(file))) return undefined;
  try {
    return { contentType: 'application/javascript; charset=utf-8', body: readFileSync(file) };
  } catch {
    return undefined;
  }
};

interface PageResult {
  key: string;
  svg?: string;
  error?: string;
}

export type DiagramEngine = 'page' | 'mermaid-cli';

/** Renders diagrams for a session; the Mermaid page is set up once and reused for every report. */
export class DiagramRenderer {
  private pagePromise: Promise<Page> | undefined;
  private sanitizerPromise: Promise<Page> | undefined;

  constructor(
    private readonly session: RenderSession,
    readonly engine: DiagramEngine = 'page',
  ) {}

  /** Starts loading Mermaid (idempotent); call early to overlap it with other work. */
  warmUp(): Promise<unknown> {
    return this.engine === 'page' ? this.page() : this.sanitizerPage();
  }

  private page(): Promise<Page> {
    this.pagePromise ??= (async () => {
      const page = await this.session.guardedPage(serveMermaid);
      await page.goto(`${ORIGIN}/diagrams.html`, { waitUntil: 'load' });
      // Web fonts load when first used: load them before Mermaid measures any label.
      await page.evaluate(`Promise.all(['16px Arimo', 'bold 16px Arimo', 'italic 16px Arimo'].map((f) => document.fonts.load(f)))`);
      await page.evaluate(PAGE_SCRIPT);
      // As text: test runners rewrite import() in functions they transform.
      await page.evaluate(`import(${JSON.stringify(`${ORIGIN}/mermaid/mermaid.esm.min.mjs`)}).then((m) => { window.__mermaid = m.default; })`);
      // A first small flowchart loads Mermaid's flowchart code now rather than in the first report.
      await page.evaluate(
        (config: unknown) => (window as unknown as { __iotsec: { renderAll: (l: unknown, c: unknown) => Promise<unknown> } }).__iotsec.renderAll([{ key: 'warm-up', source: 'flowchart LR\n  a["a"] --> b["b"]\n' }], config),
        MERMAID_CONFIG as unknown,
      );
      return page;
    })();
    return this.pagePromise;
  }

  /** A blank page with only the sanitiser, for logos and the mermaid-cli engine. */
  private sanitizerPage(): Promise<Page> {
    this.sanitizerPromise ??= (async () => {
      const page = await this.session.guardedPage();
      await page.setContent('<!doctype html><html><body><div id="work"></div></body></html>');
      await page.evaluate(PAGE_SCRIPT);
      return page;
    })();
    return this.sanitizerPromise;
  }

  /**
   * Forgets this renderer's pages, closing them while the browser runs (a crashed or hung page):
   * the next render opens a fresh page and loads Mermaid again.
   */
  async reset(): Promise<void> {
    const pages = [this.pagePromise, this.sanitizerPromise];
    this.pagePromise = undefined;
    this.sanitizerPromise = undefined;
    await Promise.all(pages.map((p) => (p ? closePage(p) : undefined)));
  }

  /** Sanitises an SVG document (e.g. a logo); throws DiagramError when it is not one. */
  async sanitize(svgText: string, what: string): Promise<string> {
    const page = this.engine === 'page' && this.pagePromise ? await this.pagePromise : await this.sanitizerPage();
    const r = (await page.evaluate((text: string) => (window as unknown as { __iotsec: { sanitize: (t: string) => PageResult } }).__iotsec.sanitize(text), svgText)) as PageResult;
    if (r.error !== undefined || r.svg === undefined) throw new DiagramError(what, r.error ?? 'not an SVG image');
    assertInert(r.svg, what);
    return r.svg;
  }

  /** SVG per diagram key, in the order given. */
  async render(specs: readonly DiagramSpec[]): Promise<Map<string, string>> {
    const items = specs.map((s) => ({ key: s.key, source: s.source }));
    const results = this.engine === 'page' ? await this.renderInPage(items) : await this.renderWithMermaidCli(items, specs);
    const out = new Map<string, string>();
    for (const spec of specs) {
      const r = results.find((x) => x.key === spec.key);
      if (!r || r.error !== undefined || r.svg === undefined) throw new DiagramError(spec.title, r?.error ?? 'no output');
      const svg = restorePlaceholders(r.svg);
      assertInert(svg, spec.title);
      out.set(spec.key, svg);
    }
    return out;
  }

  /** Renders the figures, measures them and refines those that print too small (legibleFigures). */
  renderLegible(specs: readonly DiagramSpec[], refine: (s: DiagramSpec, measured: { width: number; height: number }) => DiagramSpec[] | undefined, paper: Paper): Promise<LegibleFigure[]> {
    return legibleFigures(specs, refine, (list) => this.render(list), paper);
  }

  private async renderInPage(items: ReadonlyArray<{ key: string; source: string }>): Promise<PageResult[]> {
    const page = await this.page();
    return (await page.evaluate(
      (list: Array<{ key: string; source: string }>, config: unknown) =>
        (window as unknown as { __iotsec: { renderAll: (l: unknown, c: unknown) => Promise<PageResult[]> } }).__iotsec.renderAll(list, config),
      [...items],
      MERMAID_CONFIG as unknown,
    )) as PageResult[];
  }

  private async renderWithMermaidCli(items: ReadonlyArray<{ key: string; source: string }>, specs: readonly DiagramSpec[]): Promise<PageResult[]> {
    const { renderMermaid } = await import('@mermaid-js/mermaid-cli');
    const out: PageResult[] = [];
    for (const s of items) {
      try {
        const { data } = await renderMermaid(this.session.browser, s.source, 'svg', { svgId: s.key, mermaidConfig: MERMAID_CONFIG as never });
        const text = new TextDecoder().decode(data);
        if (/Maximum text size in diagram exceeded/.test(text)) {
          out.push({ key: s.key, error: `Maximum text size in diagram exceeded (${specs.find((x) => s.key.startsWith(x.key))?.title ?? s.key})` });
          continue;
        }
        const page = await this.sanitizerPage();
        out.push({ ...((await page.evaluate((t: string) => (window as unknown as { __iotsec: { sanitize: (t: string) => PageResult } }).__iotsec.sanitize(t), text)) as PageResult), key: s.key });
      } catch (err) {
        out.push({ key: s.key, error: (err instanceof Error ? err.message : String(err)).split('\n')[0]! });
      }
    }
    return out;
  }
}

export interface LegibleFigure {
  spec: DiagramSpec;
  svg: string;
  /** Smallest text as printed, in pt. */
  textPt: number;
}

/**
 * Renders the figures and measures how large their text prints; a figure below MIN_TEXT_PT is
 * refined (drawn another way, kept only if it prints larger; or split into several figures, each
 * refined in turn), for at most `rounds` rounds. Each round renders all its diagrams in one batch.
 * Returns the figures in order, with their SVG and printed text size.
 */
export async function legibleFigures(
  specs: readonly DiagramSpec[],
  refine: (s: DiagramSpec, measured: { width: number; height: number }) => DiagramSpec[] | undefined,
  render: (specs: readonly DiagramSpec[]) => Promise<Map<string, string>>,
  paper: Paper,
  rounds = 10,
): Promise<LegibleFigure[]> {
  interface Item {
    spec: DiagramSpec;
    /** The first figure shares its page with the section heading: a smaller box. */
    first: boolean;
    best?: LegibleFigure;
    parts?: Item[];
  }
  const roots: Item[] = specs.map((spec, i) => ({ spec, first: i === 0 }));
  let pending = [...roots];
  for (let round = 0; pending.length > 0; round++) {
    const svgs = await render(pending.map((x) => x.spec));
    const next: Item[] = [];
    for (const item of pending) {
      const svg = svgs.get(item.spec.key)!;
      const size = measureSvg(svg);
      if (!size) throw new DiagramError(item.spec.title, 'cannot read the size of the rendered diagram');
      const textPt = printedTextPt(size, figureBox(paper, item.first));
      if (!item.best || textPt > item.best.textPt) item.best = { spec: item.spec, svg, textPt };
      const better = textPt >= MIN_TEXT_PT || round + 1 >= rounds ? undefined : refine(item.spec, size);
      if (better === undefined || better.length === 0) continue;
      if (better.length === 1) {
        item.spec = better[0]!;
        next.push(item);
      } else {
        item.parts = better.map((spec, i) => ({ spec, first: item.first && i === 0 }));
        next.push(...item.parts);
      }
    }
    pending = next;
  }
  const out: LegibleFigure[] = [];
  const walk = (item: Item): void => {
    if (item.parts) item.parts.forEach(walk);
    else out.push(item.best!);
  };
  roots.forEach(walk);
  return out;
}
