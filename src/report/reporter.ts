// One reporting run: templates compiled once, frameworks and methodology read once, one browser
// (launched once, Mermaid loaded once) for every model of the run. Each model's report is built from
// its view model: diagrams rendered to SVG, HTML from the templates, PDF printed from that HTML.
// A browser failure under one model's diagrams or print is retried once, alone, on a fresh page (a
// fresh browser when it is gone); a second one fails that model only (BrowserJobFailure).
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Catalog } from '../catalog/load.js';
import { PACKAGE_ROOT } from '../catalog/load.js';
import { loadBuiltInFrameworks } from '../catalog/cache.js';
import type { Framework } from '../catalog/frameworks.js';
import type { Assessment } from '../engine/assess.js';
import { EnvironmentError, UsageError, type Diagnostic } from '../model/diagnostics.js';
import { AttemptTimeout, BrowserGate, BrowserJobFailure, classifyBrowserError, firstLine, seconds, withTimeout, type BrowserPhase } from './browser-retry.js';
import { sha256 } from '../output/json.js';
import type { ComparedBaseline } from '../output/input.js';
import { TOOL_NAME, TOOL_VERSION } from '../util/version.js';
import { findBrowser, launchTimeoutMs } from './browser.js';
import { compileTemplates, readTemplates, type CompiledTemplates } from './html.js';
import { printPdf } from './pdf.js';
import { DiagramError, DiagramRenderer, type DiagramEngine } from './render-diagrams.js';
import { catalogDigest, reportId } from './report-id.js';
import { RenderSession, settledWithin, type NetworkLog, type Track } from './session.js';
import type { LogoImage } from './logo.js';
import { refineDiagram } from './mermaid.js';
import { buildReportView, type Paper, type ReportView } from './view-model.js';
import { withFigures } from './views/architecture.js';

export const METHODOLOGY_FILE = join(PACKAGE_ROOT, 'docs', 'methodology.md');

export interface ReporterOptions {
  paper: Paper;
  title?: string;
  classification?: string;
  /** The cover's logo, read and recognised by the caller (an SVG is sanitised before it is embedded). */
  logo?: LogoImage;
  templateDir?: string;
  /** --browser */
  browser?: string;
  /** Whether the run prints PDFs (HTML alone still needs the browser for the diagrams). */
  pdf: boolean;
  engine?: DiagramEngine;
  env?: NodeJS.ProcessEnv;
  /** Time one attempt at a model's diagrams or print may take (ms); default BROWSER_TIMEOUT_MS. */
  timeoutMs?: number;
  /** Registers the browser session until it is closed, for a stop (signal) or an exit to release it. */
  track?: Track;
  /** Called at the start of every attempt, inside its time limit (tests inject browser failures here). */
  beforeAttempt?: (attempt: AttemptInfo) => void | Promise<void>;
}

export interface AttemptInfo {
  /** The model file as the user named it. */
  modelFile: string;
  phase: BrowserPhase;
  /** 1 for the first attempt, 2 for the retry. */
  attempt: number;
  session: RenderSession;
  /** The print slot (print only). */
  slot?: number;
}

/**
 * One attempt's time limit (puppeteer's own fixed limits are off: see session.ts, browser.ts). A
 * report of a few hundred pages prints in well under it; without --browser-timeout, a print gets
 * PRINT_MS_PER_MB more for every megabyte of HTML beyond the first, so a large report is not cut off.
 */
export const BROWSER_TIMEOUT_MS = 120_000;
export const PRINT_MS_PER_MB = 30_000;

/** The time limit of one print attempt of `htmlLength` characters; an explicit limit is taken as given. */
export function printTimeoutMs(htmlLength: number, explicitMs?: number): number {
  if (explicitMs !== undefined) return explicitMs;
  const mb = htmlLength / (1024 * 1024);
  return BROWSER_TIMEOUT_MS + Math.ceil(Math.max(0, mb - 1)) * PRINT_MS_PER_MB;
}

export interface ReportInput {
  assessment: Assessment;
  modelBytes: Uint8Array;
  /** The model file as the user named it. */
  modelFile: string;
  /** YYYY-MM-DD */
  date: string;
  /** assess --baseline: the summary opens with what changed since then. */
  baseline?: ComparedBaseline;
}

export interface ReportOutput {
  view: ReportView;
  html: string;
  pdf?: Uint8Array;
}

/** The installed version of a dependency, for the report's "Versions and inputs". */
function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(join(PACKAGE_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** At most `size` jobs at once, each given a slot number (a page serves one render or print at a time). */
class Pool {
  private readonly free: number[];
  private readonly waiting: Array<(slot: number) => void> = [];
  constructor(readonly size: number) {
    this.free = Array.from({ length: size }, (_, i) => i);
  }
  async run<T>(job: (slot: number) => Promise<T>): Promise<T> {
    const slot = this.free.length > 0 ? this.free.shift()! : await new Promise<number>((resolve) => this.waiting.push(resolve));
    try {
      return await job(slot);
    } finally {
      const next = this.waiting.shift();
      if (next) next(slot);
      else this.free.push(slot);
    }
  }
}

/**
 * Reports printed at once: one per core (on 2 cores two print pages kept both busy, 96 % in a batch of
 * 20), at most four, as each print page is a renderer process of a few hundred MB.
 */
export const PRINT_SLOTS = Math.max(1, Math.min(4, availableParallelism()));

export class Reporter {
  /** data: URL of the cover's logo. */
  private logoUrl: string | undefined;
  /** Versions of what drew the report, for its appendix: read once per run. */
  private components: ReadonlyArray<{ name: string; version: string }> = [];
  /** One diagram page; PRINT_SLOTS print pages. Reports of a run overlap: one draws while others print. */
  private readonly drawing = new Pool(1);
  private readonly printing = new Pool(PRINT_SLOTS);
  readonly printSlots = PRINT_SLOTS;
  /** First attempts share the browser; a retry runs alone. */
  private readonly gate = new BrowserGate();
  /** The session generation the diagram renderer's pages belong to. */
  private diagramsGeneration = 0;
  /** The catalog-and-frameworks part of the report id, computed once per catalog. */
  private readonly catalogDigests = new WeakMap<Catalog, string>();

  private constructor(
    private readonly options: ReporterOptions,
    private templates: CompiledTemplates,
    private readonly frameworks: Framework[],
    /**
     * Problems with catalogs/frameworks.yaml (empty when it loaded): the report then falls back to the
     * clause ids the controls cite, without titles. For the caller to print as warnings.
     */
    readonly frameworkDiagnostics: readonly Diagnostic[],
    private readonly methodology: string | undefined,
    private readonly session: RenderSession,
    private readonly diagrams: DiagramRenderer,
  ) {}

  /**
   * Reads templates and frameworks, finds and launches the browser and starts loading Mermaid.
   * Throws UsageError for bad templates or logo, EnvironmentError when no browser can be started.
   */
  /** assess --watch: the templates read and compiled again, in the browser already open. */
  reloadTemplates(): void {
    this.templates = compileTemplates(readTemplates(this.options.templateDir));
  }

  static async create(options: ReporterOptions): Promise<Reporter> {
    const browser = await findBrowser({ ...(options.browser !== undefined ? { option: options.browser } : {}), env: options.env ?? process.env });
    const templates = compileTemplates(readTemplates(options.templateDir));
    const logo = options.logo;
    const fw = loadBuiltInFrameworks();
    const methodology = existsSync(METHODOLOGY_FILE) ? readFileSync(METHODOLOGY_FILE, 'utf8') : undefined;
    const startMs = launchTimeoutMs(options.timeoutMs);
    const session = await RenderSession.open(browser.path, options.track, startMs);
    try {
      const diagrams = new DiagramRenderer(session, options.engine ?? 'page');
      // Mermaid keeps loading while the caller assesses the first model; the first render waits for it.
      const warm = diagrams.warmUp();
      warm.catch(() => undefined);
      const reporter = new Reporter(options, templates, fw.ok ? fw.frameworks : [], fw.ok ? [] : fw.diagnostics, methodology, session, diagrams);
      // A browser that started but stops answering must not hold the run: these calls are bounded.
      const [version] = await withTimeout(Promise.all([session.version(), options.pdf ? session.printPage() : undefined, logo?.type === 'svg' ? warm : undefined]), startMs).catch((err: unknown) => {
        if (err instanceof AttemptTimeout) throw new EnvironmentError(`the browser at ${browser.path} started but did not answer within ${seconds(startMs)}`);
        throw err;
      });
      reporter.components = [
        { name: 'Mermaid', version: packageVersion('mermaid') },
        { name: 'Fonts', version: `Arimo ${packageVersion('@fontsource/arimo')}, Cousine ${packageVersion('@fontsource/cousine')} (SIL Open Font License)` },
        { name: 'Browser', version: version.replace(/^HeadlessChrome\//, 'Chromium ') },
      ];
      if (logo !== undefined) {
        // Every logo goes in as an <img> with a data: URL: an SVG there runs no script, loads nothing
        // and its styles cannot reach the report. It is sanitised too, and must parse as SVG.
        let bytes = logo.bytes;
        if (logo.type === 'svg') {
          try {
            bytes = Buffer.from(await withTimeout(diagrams.sanitize(new TextDecoder().decode(logo.bytes), 'logo'), startMs), 'utf8');
          } catch (err) {
            if (err instanceof AttemptTimeout) throw new EnvironmentError(`the browser did not finish reading the --logo within ${seconds(startMs)}`);
            throw new UsageError(`--logo ${logo.file}: ${err instanceof DiagramError ? 'not an SVG image' : String(err)}`);
          }
        }
        reporter.logoUrl = `data:${logo.mediaType};base64,${Buffer.from(bytes).toString('base64')}`;
      }
      return reporter;
    } catch (err) {
      await session.close();
      throw err;
    }
  }

  get network(): NetworkLog {
    return this.session.network;
  }

  private catalogDigest(catalog: Catalog): string {
    let d = this.catalogDigests.get(catalog);
    if (d === undefined) {
      d = catalogDigest(catalog, this.frameworks);
      this.catalogDigests.set(catalog, d);
    }
    return d;
  }

  /** The view model for one assessment (pure; exposed for tests and other outputs). */
  view(input: ReportInput, catalog: Catalog = input.assessment.catalog): ReportView {
    const o = this.options;
    return buildReportView(input.assessment, this.frameworks, {
      ...(o.title !== undefined ? { title: o.title } : {}),
      ...(o.classification !== undefined ? { classification: o.classification } : {}),
      paper: o.paper,
      ...(this.logoUrl !== undefined ? { logoDataUrl: this.logoUrl } : {}),
      date: input.date,
      reportId: reportId(input.modelBytes, input.date, this.catalogDigest(catalog), TOOL_VERSION),
      toolName: TOOL_NAME,
      toolVersion: TOOL_VERSION,
      modelFile: input.modelFile,
      modelSha256: sha256(input.modelBytes),
      ...(this.methodology !== undefined ? { methodology: this.methodology } : {}),
      components: this.components,
      ...(input.baseline ? { changes: { label: input.baseline.label, list: input.baseline.changes } } : {}),
    });
  }

  /**
   * HTML (always) and PDF (when the run prints PDFs) for one assessment. Throws BrowserJobFailure when
   * the browser failed twice: without HTML when the diagrams failed, with it when the print did.
   */
  async report(input: ReportInput): Promise<ReportOutput> {
    const first = this.view(input);
    // Figures whose text would print below 8 pt are redrawn or split (measured on the rendered SVG).
    const arch = first.architecture;
    const figures = await this.drawing.run(() =>
      this.attempt(input.modelFile, 'diagrams', undefined, this.options.timeoutMs ?? BROWSER_TIMEOUT_MS, () => {
        if (this.diagramsGeneration !== this.session.generation) {
          // The browser was replaced: the renderer's pages died with the old one.
          this.diagramsGeneration = this.session.generation;
          void this.diagrams.reset();
        }
        return this.diagrams.renderLegible(arch.sources, (s, size) => refineDiagram(arch.graph, s, arch.limits, size), first.paper);
      }, () => this.diagrams.reset()),
    );
    const view = { ...first, architecture: withFigures(arch, figures.map((f) => f.spec), new Map(figures.map((f) => [f.spec.key, f.textPt]))) };
    const svgs = new Map(figures.map((f) => [f.spec.key, f.svg]));
    const html = this.templates.render(view, svgs);
    if (!this.options.pdf) return { view, html };
    const m = view.meta;
    try {
      const pdf = await this.printing.run((slot) =>
        this.attempt(input.modelFile, 'print', slot, printTimeoutMs(html.length, this.options.timeoutMs), () => printPdf(this.session, html, {
          paper: view.paper,
          title: m.documentTitle,
          ...(m.owner ? { author: m.owner } : {}),
          subject: m.subject,
          keywords: m.keywords,
          creator: m.tool,
          date: input.date,
        }, slot), () => this.session.discardPrintPage(slot)),
      );
      return { view, html, pdf };
    } catch (err) {
      throw err instanceof BrowserJobFailure ? err.withHtml(html) : err;
    }
  }

  /**
   * Runs one browser job of a model: a first attempt sharing the browser; on a browser failure, a
   * fresh page (`reset`), and a retry alone in a running browser. Other errors pass through.
   */
  private async attempt<T>(modelFile: string, phase: BrowserPhase, slot: number | undefined, ms: number, work: () => Promise<T>, reset: () => Promise<void>): Promise<T> {
    for (let n = 1; ; n++) {
      try {
        return await this.gate.run(n > 1, async () => {
          await this.session.ensureAlive();
          const run = async () => {
            await this.options.beforeAttempt?.({ modelFile, phase, attempt: n, session: this.session, ...(slot !== undefined ? { slot } : {}) });
            return work();
          };
          return withTimeout(run(), ms);
        });
      } catch (err) {
        if (this.session.isClosed) throw err;
        const kind = classifyBrowserError(err, this.session.connected);
        if (kind === undefined) throw err;
        // A page that does not close in time belongs to a browser that no longer answers.
        if (!(await settledWithin(reset(), 10_000))) await this.session.kill();
        if (n >= 2) throw new BrowserJobFailure(phase, kind, kind === 'timeout' ? seconds(ms) : firstLine(err), true);
      }
    }
  }

  async close(): Promise<void> {
    await this.session.close();
  }
}
