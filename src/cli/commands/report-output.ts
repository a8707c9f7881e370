// assess's HTML and PDF outputs: one Reporter (one browser) for every model of the run.
import type { Assessment } from '../../engine/assess.js';
import { UsageError } from '../../model/diagnostics.js';
import type { Reporter } from '../../report/reporter.js';
import { displayPath } from '../../util/paths.js';
import { writeOutput } from '../write-output.js';
import { EXIT, type Io, type RunState } from '../program.js';
import type { Format, PaperSize } from './options.js';

export interface ReportFlags {
  format: Format[];
  paper: PaperSize;
  title?: string;
  classification?: string;
  logo?: string;
  templateDir?: string;
  browser?: string;
}

/**
 * A Reporter when the formats need a browser (html, pdf); `--format json` alone never launches one,
 * nor loads the report code (templates, Handlebars, puppeteer).
 */
export async function openReporter(flags: ReportFlags): Promise<Reporter | undefined> {
  if (!flags.format.includes('html') && !flags.format.includes('pdf')) return undefined;
  const { Reporter } = await import('../../report/reporter.js');
  return Reporter.create({
    paper: flags.paper,
    pdf: flags.format.includes('pdf'),
    ...(flags.title !== undefined ? { title: flags.title } : {}),
    ...(flags.classification !== undefined ? { classification: flags.classification } : {}),
    ...(flags.logo !== undefined ? { logoFile: flags.logo } : {}),
    ...(flags.templateDir !== undefined ? { templateDir: flags.templateDir } : {}),
    ...(flags.browser !== undefined ? { browser: flags.browser } : {}),
  });
}


export interface ReportJob {
  assessment: Assessment;
  modelBytes: Uint8Array;
  modelFile: string;
  date: string;
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
    const rendering = settle(this.reporter.report(job));
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
 * Writes `<base>.html` and/or `<base>.pdf`. A diagram that cannot be rendered fails this model's
 * report (reported, exit code 3 at the end); the other models still render.
 */
function writeReport(result: Settled<Awaited<ReturnType<Reporter['report']>>>, base: string, input: ReportJob, flags: ReportFlags, io: Io, state: RunState): void {
  let out;
  if (result.ok) out = result.value;
  else {
    const err = result.err;
    if (err instanceof UsageError || (err instanceof Error && err.name === 'DiagramError')) {
      io.err(`iotsec: ${input.modelFile}: no report: ${err.message}`);
      state.exitCode = Math.max(state.exitCode, err instanceof UsageError ? EXIT.input : EXIT.environment);
      return;
    }
    throw err;
  }
  if (flags.format.includes('html')) {
    writeOutput(`${base}.html`, out.html);
    io.out(displayPath(`${base}.html`));
  }
  if (flags.format.includes('pdf') && out.pdf) {
    writeOutput(`${base}.pdf`, out.pdf);
    io.out(displayPath(`${base}.pdf`));
  }
}
