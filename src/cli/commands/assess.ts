import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { SEVERITY_RANK, type Severity } from '../../catalog/control.js';
import { assess, type Assessment } from '../../engine/assess.js';
import { UsageError } from '../../model/diagnostics.js';
import { compileControls } from '../../engine/evaluate.js';
import { formatDiagnostic } from '../../model/diagnostics.js';
import { loadFrameworks } from '../../catalog/frameworks.js';
import { isDataFormat, renderFormat } from '../../output/formats.js';
import { outputBaseName } from '../../util/files.js';
import { resolveToday } from '../dates.js';
import { knownIds, loadCatalogs, readLogo, readModel, type ModelInput } from '../inputs.js';
import { InvalidArgumentError } from 'commander';
import { displayPath, recordedPath } from '../../util/paths.js';
import { EXIT, type Io, type RunState } from '../program.js';
import { collect, formatSuffixes, parseFailOn, parseFormats, parsePaper, type Format } from './options.js';
import { openReporter, ReportPipeline, type ReportFlags } from './report-output.js';
import { writeOutput } from '../write-output.js';

export interface AssessOptions extends ReportFlags {
  output: string;
  catalog: string[];
  failOn: Severity | 'never';
  date?: string;
  csvBom?: boolean;
}

/**
 * Gaps at or above the threshold that no live decision covers, plus open threats whose residual
 * risk is at or above it (the risk levels low … critical rank like the severities).
 */
function gating(a: Assessment, failOn: Severity | 'never'): { gaps: number; threats: number } {
  if (failOn === 'never') return { gaps: 0, threats: 0 };
  const gaps = a.findings.filter((f) => f.status === 'gap' && SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]).length;
  const threats = (a.threats ?? []).filter((t) => t.status === 'open' && SEVERITY_RANK[t.residual.level] >= SEVERITY_RANK[failOn]).length;
  return { gaps, threats };
}

/**
 * Output base paths (without extension), one per model, in order. Refuses, before anything is written,
 * an output that would overwrite an input file or another model's output.
 */
function planOutputs(models: readonly string[], inputFiles: readonly string[], outputDir: string, formats: readonly Format[]): string[] {
  const bases = models.map((m) => join(outputDir, outputBaseName(m)));
  const inputs = new Set(inputFiles.map((f) => resolve(f)));
  const problems: string[] = [];
  const owner = new Map<string, string>();
  const writers = new Map<string, string>();
  bases.forEach((base, i) => {
    const model = displayPath(models[i]!);
    const first = owner.get(resolve(base));
    if (first !== undefined) problems.push(`${first} and ${model} would both write ${displayPath(base)}.*; assess them into different folders or rename one`);
    else owner.set(resolve(base), model);
    for (const suffix of formats.flatMap(formatSuffixes)) {
      const out = resolve(`${base}${suffix}`);
      if (inputs.has(out)) problems.push(`writing ${displayPath(`${base}${suffix}`)} would overwrite an input file; choose another --output folder`);
      // x.otm.yaml's JSON and x.yaml's OTM are both x.otm.json.
      const writer = writers.get(out);
      if (first === undefined && writer !== undefined && writer !== model) problems.push(`${writer} and ${model} would both write ${displayPath(`${base}${suffix}`)}; assess them into different folders or rename one`);
      writers.set(out, model);
    }
  });
  if (problems.length > 0) throw new UsageError(problems.join('\niotsec: '));
  return bases;
}

function parseSeconds(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(n >= 1 && n <= 3600)) throw new InvalidArgumentError('expected a number of seconds from 1 to 3600');
  return n;
}

const SIGNALS = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1 } as const;
type StopSignal = keyof typeof SIGNALS;

/**
 * While a browser runs: on SIGINT, SIGTERM or SIGHUP, `stop` closes it (no Chromium process or
 * profile folder is left behind) and the run ends with 128 + the signal's number. A second signal
 * gets the default handling (the browser then exits as its control pipe closes).
 */
function onStopSignal(stop: (signal: StopSignal) => void): () => void {
  const handlers = (Object.keys(SIGNALS) as StopSignal[]).map((sig) => {
    const h = () => {
      remove();
      stop(sig);
    };
    process.once(sig, h);
    return [sig, h] as const;
  });
  const remove = () => {
    for (const [sig, h] of handlers) process.removeListener(sig, h);
  };
  return remove;
}

export function registerAssess(program: Command, io: Io, state: RunState): void {
  program
    .command('assess')
    .description('assess models against the control catalog and write the results')
    .argument('<models...>', 'model files (YAML); invalid ones are reported and skipped')
    .option('-f, --format <list>', 'comma-separated output formats: html, pdf, json, sarif (code scanning), oscal (assessment results), csv (findings and threats), xlsx, md (pull-request summary), otm (Open Threat Model)', parseFormats, ['html', 'pdf', 'json'] as Format[])
    .option('-o, --output <dir>', 'output folder', 'out')
    .option('--catalog <file>', 'add controls and threats from a catalog file (repeatable)', collect, [])
    .option('--fail-on <severity>', 'exit 1 when a gap of this severity or higher, or an open threat with residual risk this high or higher, remains: never, low, medium, high, critical', parseFailOn, 'never')
    .option('--date <YYYY-MM-DD>', 'assessment date: decides decision expiry; shown in the report, and recorded in the JSON only when given (default: today)')
    .option('--csv-bom', 'start CSV files with a UTF-8 byte order mark (for Excel)')
    .option('--paper <size>', 'paper size of the PDF: a4, letter', parsePaper, 'a4')
    .option('--title <text>', 'the document\'s title: cover, PDF title and running header (default: <solution name> — Security assessment)')
    .option('--classification <text>', 'classification shown on the cover and in the running header, e.g. Confidential')
    .option('--logo <file>', 'logo for the cover: PNG, JPEG or SVG (recognised by content; at most 2 MB; an SVG is sanitised)')
    .option('--template-dir <dir>', 'folder of Handlebars templates overriding any of templates/ (report.hbs, partials/*.hbs, report.css)')
    .option('--browser <path>', 'Chrome or Chromium to render with (default: PUPPETEER_EXECUTABLE_PATH, then puppeteer\'s, then the system\'s)')
    .option('--browser-timeout <seconds>', 'time one model\'s diagrams or print may take before it is retried (once), default 120', parseSeconds)
    .action(async (models: string[], opts: AssessOptions) => {
      const today = resolveToday(opts.date);
      const catalog = loadCatalogs(opts.catalog);
      const known = knownIds(catalog);
      const compiled = compileControls(catalog.controls);
      // Every model is read and validated first: input errors come before any environment problem,
      // and a run in which no model is valid never starts a browser.
      const inputs: Array<{ file: string; input: ModelInput & { result: { ok: true } } }> = [];
      for (const file of models) {
        const input = readModel(file, known);
        if (!input.result.ok) {
          for (const d of input.result.diagnostics) io.err(formatDiagnostic(d));
          io.err(`${displayPath(file)}: skipped (invalid model)`);
          state.exitCode = EXIT.input;
          continue;
        }
        inputs.push({ file, input: input as ModelInput & { result: { ok: true } } });
      }
      const bases = planOutputs(inputs.map((i) => i.file), [...models, ...opts.catalog], opts.output, opts.format);
      const needsBrowser = opts.format.includes('html') || opts.format.includes('pdf');
      const logo = needsBrowser && opts.logo !== undefined ? readLogo(opts.logo) : undefined;
      // One browser for every model of the run; none for --format json.
      const reporter = inputs.length > 0 ? await openReporter(opts, logo) : undefined;
      for (const d of reporter?.frameworkDiagnostics ?? []) io.err(formatDiagnostic({ ...d, severity: 'warning' }));
      const dataFormats = opts.format.filter(isDataFormat);
      // Compliance (JSON, XLSX, OSCAL) needs the frameworks; without the file, the clause ids controls cite stand in.
      const fw = dataFormats.length > 0 && inputs.length > 0 ? loadFrameworks() : undefined;
      if (fw && !fw.ok && !reporter) for (const d of fw.diagnostics) io.err(formatDiagnostic({ ...d, severity: 'warning' }));
      const frameworks = fw?.ok ? fw.frameworks : [];
      const reports = reporter ? new ReportPipeline(reporter, opts, io, state) : undefined;
      let stopped: StopSignal | undefined;
      let closing: Promise<void> | undefined;
      const removeSignalHandlers = reporter
        ? onStopSignal((sig) => {
            stopped = sig;
            closing = reporter.close();
          })
        : () => undefined;
      try {
        let gated = 0;
        let gatedThreats = 0;
        for (const [n, { file, input }] of inputs.entries()) {
          if (stopped) break;
          const a = assess(input.result.loaded, catalog, { today, compiled });
          for (const d of a.warnings) io.err(formatDiagnostic(d));
          const base = bases[n]!;
          const recorded = recordedPath(file);
          // Data formats first, each file atomically: a report that fails later leaves them complete.
          for (const format of dataFormats) {
            const files = await renderFormat(format, { assessment: a, modelBytes: input.bytes, file: recorded, date: today, frameworks, ...(opts.date ? { assessmentDate: opts.date } : {}), ...(opts.csvBom ? { csvBom: true } : {}) });
            for (const f of files) {
              writeOutput(`${base}${f.suffix}`, f.data);
              io.out(displayPath(`${base}${f.suffix}`));
            }
          }
          await reports?.add(base, { assessment: a, modelBytes: input.bytes, modelFile: recorded, shownFile: displayPath(file), date: today });
          const s = a.summary.byStatus;
          io.err(`${a.loaded.source.file}: ${s.gap} gap${s.gap === 1 ? '' : 's'}, ${s.unknown} unknown, ${s.accepted} accepted, ${s.met} met, ${s['not-applicable']} not applicable`);
          const t = a.stride.byStatus;
          io.err(`${a.loaded.source.file}: threats: ${t.open} open, ${t.unverified} unverified, ${t.accepted} accepted, ${t.mitigated} mitigated`);
          const g = gating(a, opts.failOn);
          gated += g.gaps;
          gatedThreats += g.threats;
        }
        await reports?.drain();
        if (state.exitCode === EXIT.ok && gated + gatedThreats > 0) {
          const parts = [
            ...(gated > 0 ? [`${gated} gap${gated === 1 ? '' : 's'}`] : []),
            ...(gatedThreats > 0 ? [`${gatedThreats} open threat${gatedThreats === 1 ? '' : 's'} with residual risk`] : []),
          ];
          io.err(`iotsec: ${parts.join(' and ')} at or above '${opts.failOn}' (--fail-on)`);
          state.exitCode = EXIT.findings;
        }
      } catch (err) {
        if (!stopped) throw err;
      } finally {
        removeSignalHandlers();
        await closing;
        await reporter?.close();
        if (stopped) {
          io.err(`iotsec: stopped by ${stopped}: the files listed above are complete; nothing else was written`);
          state.exitCode = 128 + SIGNALS[stopped];
        }
      }
    });
}
