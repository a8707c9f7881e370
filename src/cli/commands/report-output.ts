// assess's HTML and PDF outputs: one Reporter (one browser) for every model of the run. A browser
// failure that outlived its retry fails that model's HTML or PDF only: reported in one line, exit 3
// at the end, and the run goes on (the model's JSON is written before its report is started).
import type { Assessment } from '../../engine/assess.js';
import { UsageError } from '../../model/diagnostics.js';
import { BrowserJobFailure, type BrowserPhase } from '../../report/browser-retry.js';
import type { LogoImage } from '../../report/logo.js';
import type { ComparedBaseline } from '../../output/input.js';
import type { AttemptInfo, Reporter } from '../../report/reporter.js';
import { displayPath } from '../../util/paths.js';
import { writeOutput } from '../write-output.js';
import { EXIT } from '../exit.js';
import type { Io, RunState } from '../program.js';
import type { HeldResource, Stopper } from '../stop.js';
import type { Format, PaperSize } from './options.js';

export interface ReportFlags {
  format: Format[];
  paper: PaperSize;
  title?: string;
  classification?: string;
  logo?: string;
  templateDir?: string;
  browser?: string;
  /** --browser-timeout, in seconds. */
  browserTimeout?: number;
}

/**
 * Test-only fault injection, read here at the edge: IOTSEC_TEST_BROWSER_FAULT is a ';'-separated list
 * of `<model file suffix>:<diagrams|print>:<attempt numbers>:<kill|crash|hang>`, e.g.
 * `b.yaml:print:1,2:kill` kills the browser process as b.yaml's print starts, and again as its retry
 * starts. kill: SIGKILL to the browser's main process (as a crash would); crash: the print page's
 * renderer crashes; hang: the attempt never ends (its time limit ends it).
 */
export const FAULT_ENV = 'IOTSEC_TEST_BROWSER_FAULT';

type FaultAction = 'kill' | 'crash' | 'hang';

export function parseFaults(spec: string | undefined): ((a: AttemptInfo) => Promise<void>) | undefined {
  if (!spec) return undefined;
  const faults = spec.split(';').filter(Boolean).map((f) => {
    const m = /^(.+):(diagrams|print):([\d,]+):(kill|crash|hang)$/.exec(f.trim());
    if (!m) throw new UsageError(`${FAULT_ENV}: cannot read '${f}'`);
    return { model: m[1]!, phase: m[2] as BrowserPhase, attempts: new Set(m[3]!.split(',').map(Number)), action: m[4] as FaultAction };
  });
  return async (a) => {
    for (const f of faults) {
      if (f.phase !== a.phase || !f.attempts.has(a.attempt) || !a.modelFile.endsWith(f.model)) continue;
      if (f.action === 'hang') await new Promise<never>(() => undefined);
      if (f.action === 'kill') {
        const pid = a.session.browser.process()?.pid;
        if (pid !== undefined) process.kill(pid, 'SIGKILL');
      }
      if (f.action === 'crash' && a.slot !== undefined) {
        const cdp = await (await a.session.printPage(a.slot)).createCDPSession();
        void cdp.send('Page.crash').catch(() => undefined);
      }
    }
  };
}

/**
 * A Reporter when the formats need a browser (html, pdf); `--format json` alone never launches one,
 * nor loads the report code (templates, Handlebars, puppeteer).
 */
export async function openReporter(flags: ReportFlags, logo?: LogoImage, env: NodeJS.ProcessEnv = process.env, stop?: Stopper, onPhase?: (modelFile: string, phase: BrowserPhase) => void): Promise<Reporter | undefined> {
  if (!flags.format.includes('html') && !flags.format.includes('pdf')) return undefined;
  const { Reporter } = await import('../../report/reporter.js');
  const faults = parseFaults(env[FAULT_ENV]);
  // Progress hears of each phase as it starts; injected faults (tests) come after.
  const beforeAttempt = onPhase || faults ? async (a: AttemptInfo) => {
    onPhase?.(a.modelFile, a.phase);
    await faults?.(a);
  } : undefined;
  return Reporter.create({
    paper: flags.paper,
    pdf: flags.format.includes('pdf'),
    ...(flags.title !== undefined ? { title: flags.title } : {}),
    ...(flags.classification !== undefined ? { classification: flags.classification } : {}),
    ...(logo !== undefined ? { logo } : {}),
    ...(flags.templateDir !== undefined ? { templateDir: flags.templateDir } : {}),
    ...(flags.browser !== undefined ? { browser: flags.browser } : {}),
    ...(flags.browserTimeout !== undefined ? { timeoutMs: flags.browserTimeout * 1000 } : {}),
    ...(beforeAttempt ? { beforeAttempt } : {}),
    ...(stop ? { track: (r: HeldResource) => stop.hold(r) } : {}),
  });
}


export interface ReportJob {
  assessment: Assessment;
  modelBytes: Uint8Array;
  modelFile: string;
  /** The model file as messages show it. */
  shownFile: string;
  date: string;
  baseline?: ComparedBaseline;
  /** Called once the report is rendered (or failed), before it is written. */
  onRendered?: () => void;
}

/**
 * Reports of a run, several at a time: while PDFs print (PRINT_SLOTS at once), the next model's
 * diagrams render and its HTML is built. Measured on 2 cores, models one by one left a third of the
 * CPU idle. Files are written and announced in model order; the first error stops the run.
 */
export class ReportPipeline {
  private readonly inFlight: Array<Promise<void>> = [];
  private last: Promise<void> = Promise.resolve();
  private error: { err: unknown } | undefined;

  constructor(
    private readonly reporter: Reporter,
    private readonly flags: ReportFlags,
    private readonly io: Io,
    private readonly state: RunState,
    private readonly window = reporter.printSlots + 1,
  ) {}

  /** Starts one model's report; returns once fewer than `window` reports are unwritten. */
  async add(base: string, job: ReportJob): Promise<void> {
    const previous = this.last;
    const rendering = settle(this.reporter.report(job)).then((r) => {
      job.onRendered?.();
      return r;
    });
    this.last = (async () => {
      await previous;
      if (this.error) return;
      try {
        writeReport(await rendering, base, job, this.flags, this.io, this.state);
      } catch (err) {
        this.error ??= { err };
      }
    })();
    this.inFlight.push(this.last);
    while (this.inFlight.length >= this.window) await this.inFlight.shift();
    if (this.error) throw this.error.err;
  }

  /** Waits for every report; throws the first error. */
  async drain(): Promise<void> {
    await this.last;
    if (this.error) throw this.error.err;
  }
}

type Settled<T> = { ok: true; value: T } | { ok: false; err: unknown };

function settle<T>(p: Promise<T>): Promise<Settled<T>> {
  return p.then((value) => ({ ok: true as const, value }), (err: unknown) => ({ ok: false as const, err }));
}

/**
 * Writes `<base>.html` and/or `<base>.pdf`. A diagram that cannot be rendered, or a browser that
 * failed twice, fails this model's report (reported, exit code 3 at the end); the other models still
 * render. When only the print failed, the HTML is written.
 */
function writeReport(result: Settled<Awaited<ReturnType<Reporter['report']>>>, base: string, input: ReportJob, flags: ReportFlags, io: Io, state: RunState): void {
  let out;
  if (result.ok) out = result.value;
  else {
    const err = result.err;
    if (err instanceof BrowserJobFailure) {
      const lost = flags.format.filter((f) => (f === 'pdf' || (f === 'html' && err.html === undefined)));
      if (err.html !== undefined && flags.format.includes('html')) {
        writeOutput(`${base}.html`, err.html, state.stop);
        io.out(displayPath(`${base}.html`));
      }
      io.err(`${input.shownFile}: error: ${lost.map((f) => f.toUpperCase()).join(' and ')} not written: ${err.message}`);
      state.exitCode = Math.max(state.exitCode, EXIT.environment);
      return;
    }
    if (err instanceof UsageError || (err instanceof Error && err.name === 'DiagramError')) {
      io.err(`iotsec: ${input.modelFile}: no report: ${err.message}`);
      state.exitCode = Math.max(state.exitCode, err instanceof UsageError ? EXIT.input : EXIT.environment);
      return;
    }
    throw err;
  }
  if (flags.format.includes('html')) {
    writeOutput(`${base}.html`, out.html, state.stop);
    io.out(displayPath(`${base}.html`));
  }
  if (flags.format.includes('pdf') && out.pdf) {
    writeOutput(`${base}.pdf`, out.pdf, state.stop);
    io.out(displayPath(`${base}.pdf`));
  }
}
