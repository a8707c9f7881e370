import { readdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { displayTerminal, Progress } from '../progress.js';
import { watchLoop } from '../watch.js';
import type { Reporter } from '../../report/reporter.js';
import { applyConfig, CONFIG_FILE, loadConfig } from '../config.js';
import { SEVERITY_RANK, type Severity } from '../../catalog/control.js';
import { assess, type Assessment } from '../../engine/assess.js';
import { InputError, UsageError } from '../../model/diagnostics.js';
import { compileControls } from '../../engine/evaluate.js';
import { formatDiagnostic } from '../../model/diagnostics.js';
import { loadBuiltInFrameworks } from '../../catalog/cache.js';
import { isDataFormat, renderFormat } from '../../output/formats.js';
import type { Baseline } from '../../output/input.js';
import { assessmentJson } from '../../output/json.js';
import { diffResults, type ComparableResult } from '../../engine/diff.js';
import { outputBaseName, unsafeOutput } from '../../util/files.js';
import { resolveToday } from '../dates.js';
import { DEFAULT_MAX_MODEL_BYTES, knownIds, loadCatalogs, readLogo, readModel, type ModelInput } from '../inputs.js';
import { InvalidArgumentError } from 'commander';
import { displayPath, recordedPath } from '../../util/paths.js';
import { EXIT } from '../exit.js';
import { readJsonResultFile } from '../json-result.js';
import type { Io, RunState } from '../program.js';
import { collect, formatSuffixes, parseFailOn, parseFormats, parseMegabytes, parsePaper, type Format } from './options.js';
import { openReporter, ReportPipeline, type ReportFlags } from './report-output.js';
import { writeOutput } from '../write-output.js';
import { codeEvidence, parseCodeArgument, type CodeArgument, type CodeEvidence } from '../code-evidence.js';
import { DEFAULT_MAX_DEPLOYMENT_BYTES, deploymentEvidence, type DeploymentEvidence } from '../deployment-evidence.js';
import type { DeploymentFile } from '../../evidence/deployment/resource.js';

export interface AssessOptions extends ReportFlags {
  output: string;
  catalog: string[];
  failOn: Severity | 'never';
  date?: string;
  csvBom?: boolean;
  /** --baseline: an earlier JSON result. */
  baseline?: string;
  /** --max-model-size, in bytes. */
  maxModelSize?: number;
  /** --allow-outside: include:, code: and deployment: paths may reach files outside the model's folder. */
  allowOutside?: boolean;
  /** --code <dir>=<element-id>, repeatable. */
  code: CodeArgument[];
  /** --deployment <file>, repeatable: ARM/Bicep, Resource Graph or Terraform JSON. */
  deployment: string[];
  /** --config: a configuration file instead of the nearest iotsec.config.yaml. */
  config?: string;
  /** --quiet: no progress display. */
  quiet?: boolean;
  /** --verbose: each stage's duration per model. */
  verbose?: boolean;
  /** --watch: assess again whenever an input changes. */
  watch?: boolean;
}

/**
 * Gaps at or above the threshold that no live decision covers, plus open threats whose residual
 * risk is at or above it (the risk levels low … critical rank like the severities).
 */
function gating(a: Assessment, failOn: Severity | 'never'): { gaps: number; threats: number; drift: number } {
  if (failOn === 'never') return { gaps: 0, threats: 0, drift: 0 };
  const gaps = a.findings.filter((f) => f.status === 'gap' && SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]).length;
  const threats = (a.threats ?? []).filter((t) => t.status === 'open' && SEVERITY_RANK[t.residual.level] >= SEVERITY_RANK[failOn]).length;
  const drift = (a.drift ?? []).filter((d) => SEVERITY_RANK[d.severity] >= SEVERITY_RANK[failOn]).length;
  return { gaps, threats, drift };
}

/** Identity of an existing file (device and inode), to recognise it under another name or a hard link. */
function fileId(file: string): string | undefined {
  try {
    const st = statSync(file);
    return `${st.dev}:${st.ino}`;
  } catch {
    return undefined;
  }
}

/** The files of a --template-dir (and its partials/ folder) that a run reads. */
function templateFiles(dir: string | undefined): string[] {
  if (dir === undefined) return [];
  const list = (d: string) => {
    try {
      return readdirSync(d).map((f) => join(d, f));
    } catch {
      return [];
    }
  };
  return [...list(dir), ...list(join(dir, 'partials'))];
}

/**
 * Output base paths (without extension), one per model, in order. Refuses, before anything is written,
 * an output that would overwrite an input file (a model, a catalog, the logo, a template; by name or as
 * the same file under another name), another model's output, or write through a symbolic link.
 */
function planOutputs(models: readonly string[], inputFiles: readonly string[], outputDir: string, formats: readonly Format[]): string[] {
  const bases = models.map((m) => join(outputDir, outputBaseName(m)));
  const inputs = new Set(inputFiles.map((f) => resolve(f)));
  const inputIds = new Set(inputFiles.map(fileId).filter((id) => id !== undefined));
  const problems: string[] = [];
  const owner = new Map<string, string>();
  const writers = new Map<string, string>();
  bases.forEach((base, i) => {
    const model = displayPath(models[i]!);
    const first = owner.get(resolve(base));
    if (first !== undefined) problems.push(`${first} and ${model} would both write ${displayPath(base)}.*; assess them into different folders or rename one`);
    else owner.set(resolve(base), model);
    for (const suffix of formats.flatMap(formatSuffixes)) {
      const out = `${base}${suffix}`;
      const id = fileId(out);
      if (inputs.has(resolve(out)) || (id !== undefined && inputIds.has(id))) problems.push(`writing ${displayPath(out)} would overwrite an input file; choose another --output folder`);
      else {
        const unsafe = unsafeOutput(out);
        if (unsafe) problems.push(`${displayPath(out)} ${unsafe.message}; remove it or choose another --output folder`);
      }
      // x.otm.yaml's JSON and x.yaml's OTM are both x.otm.json.
      const writer = writers.get(resolve(out));
      if (first === undefined && writer !== undefined && writer !== model) problems.push(`${writer} and ${model} would both write ${displayPath(out)}; assess them into different folders or rename one`);
      writers.set(resolve(out), model);
    }
  });
  if (problems.length > 0) throw new UsageError(problems.join('\niotsec: '));
  return bases;
}

/** --baseline: the result and how outputs name it (its assessment date, else its file name). */
function baselineOf(file: string): Baseline {
  const result = readJsonResultFile(file);
  return { label: result.assessmentDate ?? basename(file), result };
}

function parseSeconds(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(n >= 1 && n <= 3600)) throw new InvalidArgumentError('expected a number of seconds from 1 to 3600');
  return n;
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
    .option('--baseline <json>', 'an earlier JSON result of this model: SARIF marks results new, unchanged or updated, and the Markdown summary leads with the changes since then')
    .option('--paper <size>', 'paper size of the PDF: a4, letter', parsePaper, 'a4')
    .option('--title <text>', 'the document\'s title: cover, PDF title and running header (default: <solution name> — Security assessment)')
    .option('--classification <text>', 'classification shown on the cover and in the running header, e.g. Confidential')
    .option('--logo <file>', 'logo for the cover: PNG, JPEG or SVG (recognised by content; at most 2 MB; an SVG is sanitised)')
    .option('--template-dir <dir>', 'folder of Handlebars templates overriding any of templates/ (report.hbs, partials/*.hbs, report.css)')
    .option('--browser <path>', 'Chrome or Chromium to render with (default: PUPPETEER_EXECUTABLE_PATH, then puppeteer\'s, then the system\'s)')
    .option('--browser-timeout <seconds>', 'time one model\'s diagrams or print may take before it is retried (once); default 120, more for a large report', parseSeconds)
    .option('--max-model-size <MB>', `largest model file read, in MB (default ${DEFAULT_MAX_MODEL_BYTES / (1024 * 1024)})`, parseMegabytes)
    .option('--allow-outside', "let a model's include:, code: and deployment: paths reach files outside its own folder")
    .option('--code <dir=element>', 'scan this folder of TypeScript/JavaScript for evidence about the element with this id (repeatable; one model only); see also code: in the model', parseCodeArgument, [] as CodeArgument[])
    .option('--deployment <file>', 'read this deployment export as evidence: ARM/Bicep JSON (az group export, az bicep build), Azure Resource Graph results (az graph query -o json) or a Terraform plan/state (terraform show -json); repeatable; see also deployment: in the model', collect, [])
    .option('--config <file>', `defaults for these options (default: the nearest ${CONFIG_FILE} in this folder or above); flags given here win`)
    .option('-q, --quiet', 'no progress display on the terminal')
    .option('--verbose', 'print how long each stage took, per model')
    .option('--watch', 'assess again whenever a model, a file it includes, a catalog, a template, the logo or the configuration changes, in the same browser; Ctrl-C stops')
    .action(async (models: string[], opts: AssessOptions, command: Command) => {
      const config = loadConfig(opts.config, process.cwd());
      applyConfig(command, opts, config);
      const newProgress = () => new Progress(io, {
        terminal: displayTerminal(process.stderr, process.env, opts.quiet === true),
        verbose: opts.verbose === true,
        total: models.length,
        now: () => performance.now(),
      });
      if (opts.watch) return watchAssess(models, opts, io, state, newProgress, config?.file);
      const progress = newProgress();
      try {
        await assessOnce(models, opts, progress, state);
      } finally {
        progress.finish();
      }
    });
}

/** Kept across the renders of --watch: one browser, opened at the first render that needs it. */
interface SharedReporter {
  reporter?: Reporter;
  onPhase?: (modelFile: string, phase: 'diagrams' | 'print') => void;
}

/** "12 facts from code, 40 from 2 deployment files (9 resources matched)". */
function evidenceCounts(code: CodeEvidence | undefined, deployment: DeploymentEvidence | undefined): string {
  const parts: string[] = [];
  if (code) parts.push(`${code.facts.length} fact${code.facts.length === 1 ? '' : 's'} from code`);
  if (deployment) {
    const n = deployment.files.length;
    parts.push(`${deployment.facts.length} from ${n} deployment file${n === 1 ? '' : 's'} (${deployment.matches.size} resource${deployment.matches.size === 1 ? '' : 's'} matched)`);
  }
  return parts.join(', ');
}

/** --watch: every render as one assess run (its exit code forgotten after it), until a signal stops it. */
async function watchAssess(models: readonly string[], opts: AssessOptions, io: Io, state: RunState, newProgress: () => Progress, configFile: string | undefined): Promise<void> {
  const shared: SharedReporter = {};
  let included: readonly string[] = [];
  const render = async () => {
    state.exitCode = EXIT.ok;
    shared.reporter?.reloadTemplates();
    const progress = newProgress();
    try {
      included = await assessOnce(models, opts, progress, state, shared);
    } finally {
      progress.finish();
    }
    return state.exitCode !== EXIT.input && state.exitCode !== EXIT.environment;
  };
  const files = () => [
    ...models, ...included, ...opts.catalog, ...templateFiles(opts.templateDir),
    ...(opts.logo !== undefined ? [opts.logo] : []), ...(configFile !== undefined ? [configFile] : []),
  ];
  try {
    await watchLoop(render, files, { io, stop: state.stop, debounceMs: WATCH_DEBOUNCE_MS, now: () => performance.now() });
  } finally {
    if (!state.stop.stopped) await shared.reporter?.close();
  }
}

/** An editor's save is a burst of events; 150 ms of quiet ends it. */
const WATCH_DEBOUNCE_MS = 150;

/**
 * One assessment of every model: validate all, then assess and write each (the run's browser opened once,
 * or kept in `shared` across the renders of --watch). Returns the files the models include.
 */
async function assessOnce(models: readonly string[], opts: AssessOptions, progress: Progress, state: RunState, shared?: SharedReporter): Promise<string[]> {
  const io = progress.io;
  const today = resolveToday(opts.date);
  const catalog = loadCatalogs(opts.catalog);
  const known = knownIds(catalog);
  const compiled = compileControls(catalog.controls);
  // Every model is read and validated first: input errors come before any environment problem,
  // and a run in which no model is valid never starts a browser.
  if (opts.code.length > 0 && models.length > 1) throw new UsageError('--code applies to one model; give code: paths in each model to assess several');
  const inputs: Array<{ file: string; order: number; input: ModelInput & { result: { ok: true } }; code?: CodeEvidence; deployment?: DeploymentEvidence }> = [];
  // Files the models include, valid or not (--watch watches them: an error in one is fixed there).
  const readIncludes: string[] = [];
  // Export files read once per run, however many models name them.
  const exportsRead = new Map<string, DeploymentFile>();
  for (const [order, file] of models.entries()) {
    progress.stage(order, displayPath(file), 'validating');
    const input = readModel(file, known, opts.maxModelSize, { allowOutside: opts.allowOutside === true });
    readIncludes.push(...(input.files ?? []));
    if (!input.result.ok) {
      for (const d of input.result.diagnostics) io.err(formatDiagnostic(d));
      io.err(`${displayPath(file)}: skipped (invalid model)`);
      state.exitCode = EXIT.input;
      progress.done(order);
      continue;
    }
    // Evidence is gathered with the inputs: a bad code: path is an input error before anything is written.
    let code: CodeEvidence | undefined;
    let deployment: DeploymentEvidence | undefined;
    let stage = 'code evidence';
    try {
      code = await codeEvidence(file, input.result.loaded, opts.code, opts.allowOutside === true);
      stage = 'deployment evidence';
      deployment = await deploymentEvidence(file, input.result.loaded, opts.deployment ?? [], opts.allowOutside === true, Math.max(DEFAULT_MAX_DEPLOYMENT_BYTES, opts.maxModelSize ?? 0), exportsRead);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      for (const d of err.diagnostics) io.err(formatDiagnostic(d));
      io.err(`${displayPath(file)}: skipped (${stage})`);
      state.exitCode = EXIT.input;
      progress.done(order);
      continue;
    }
    for (const s of code?.skipped ?? []) io.err(`iotsec: not scanned: ${s}`);
    for (const d of deployment?.warnings ?? []) io.err(formatDiagnostic(d));
    readIncludes.push(...(deployment?.paths ?? []));
    inputs.push({ file, order, input: input as ModelInput & { result: { ok: true } }, ...(code ? { code } : {}), ...(deployment ? { deployment } : {}) });
    progress.idle(order);
  }
  const bases = planOutputs(inputs.map((i) => i.file), [...models, ...inputs.flatMap((i) => [...(i.input.files ?? []), ...(i.deployment?.paths ?? [])]), ...opts.catalog, ...(opts.logo !== undefined ? [opts.logo] : []), ...templateFiles(opts.templateDir), ...(opts.baseline !== undefined ? [opts.baseline] : [])], opts.output, opts.format);
  // Read (and refused if it is not a JSON result) before anything is written.
  const baseline = opts.baseline !== undefined ? baselineOf(opts.baseline) : undefined;
  const needsBrowser = opts.format.includes('html') || opts.format.includes('pdf');
  const logo = needsBrowser && opts.logo !== undefined ? readLogo(opts.logo) : undefined;
  // One browser for every model of the run; none for --format json. Held by the run's Stopper
  // from its launch on, so that a signal at any point closes it and removes its folder.
  // The reporter names a model by its recorded path: the progress display follows it into diagrams and printing.
  const orderOf = new Map(inputs.map((i) => [recordedPath(i.file), i]));
  const onPhase = (modelFile: string, phase: 'diagrams' | 'print') => {
    const i = orderOf.get(modelFile);
    if (i) progress.stage(i.order, displayPath(i.file), phase === 'print' ? 'printing' : 'diagrams');
  };
  if (shared) shared.onPhase = onPhase;
  const open = () => openReporter(opts, logo, process.env, state.stop, shared ? (f, p) => shared.onPhase?.(f, p) : onPhase);
  const reporter = shared?.reporter ?? (inputs.length > 0 && !state.stop.stopped ? await open() : undefined);
  if (shared) shared.reporter = reporter;
  try {
    for (const d of reporter?.frameworkDiagnostics ?? []) io.err(formatDiagnostic({ ...d, severity: 'warning' }));
    const reports = reporter ? new ReportPipeline(reporter, opts, io, state) : undefined;
    const dataFormats = opts.format.filter(isDataFormat);
    // Compliance (JSON, XLSX, OSCAL) needs the frameworks; without the file, the clause ids controls cite stand in.
    const fw = dataFormats.length > 0 && inputs.length > 0 ? loadBuiltInFrameworks() : undefined;
    if (fw && !fw.ok && !reporter) for (const d of fw.diagnostics) io.err(formatDiagnostic({ ...d, severity: 'warning' }));
    const frameworks = fw?.ok ? fw.frameworks : [];
    let gated = 0;
    let gatedThreats = 0;
    let gatedDrift = 0;
    for (const [n, { file, order, input, code, deployment }] of inputs.entries()) {
      // A turn of the event loop between models: a signal is handled here, not after the batch.
      await new Promise((resolve) => setImmediate(resolve));
      if (state.stop.stopped) break;
      progress.stage(order, displayPath(file), 'assessing');
      const evidence = code || deployment ? { evidence: [...(code?.observations ?? []), ...(deployment?.observations ?? [])], facts: [...(code?.facts ?? []), ...(deployment?.facts ?? [])] } : {};
      const a = assess(input.result.loaded, catalog, { today, compiled, ...evidence });
      for (const d of a.warnings) io.err(formatDiagnostic(d));
      const base = bases[n]!;
      const recorded = recordedPath(file);
      // What changed since --baseline, worked out once for the SARIF, the Markdown and the report.
      const compared = baseline ? { ...baseline, changes: diffResults(baseline.result, assessmentJson(a, { modelBytes: input.bytes, file: recorded }) as unknown as ComparableResult, catalog.aliases) } : undefined;
      // Data formats first, each file atomically: a report that fails later leaves them complete.
      for (const format of dataFormats) {
        const files = await renderFormat(format, { assessment: a, modelBytes: input.bytes, file: recorded, date: today, frameworks, ...(opts.date ? { assessmentDate: opts.date } : {}), ...(opts.csvBom ? { csvBom: true } : {}), ...(compared ? { baseline: compared } : {}) });
        for (const f of files) {
          if (state.stop.stopped) break;
          writeOutput(`${base}${f.suffix}`, f.data, state.stop);
          io.out(displayPath(`${base}${f.suffix}`));
        }
      }
      progress.idle(order);
      if (reports) await reports.add(base, { assessment: a, modelBytes: input.bytes, modelFile: recorded, shownFile: displayPath(file), date: today, ...(compared ? { baseline: compared } : {}), onRendered: () => progress.done(order) });
      const s = a.summary.byStatus;
      io.err(`${a.loaded.source.file}: ${s.gap} gap${s.gap === 1 ? '' : 's'}, ${s.unknown} unknown, ${s.accepted} accepted, ${s.met} met, ${s['not-applicable']} not applicable`);
      const t = a.stride.byStatus;
      io.err(`${a.loaded.source.file}: threats: ${t.open} open, ${t.unverified} unverified, ${t.accepted} accepted, ${t.mitigated} mitigated`);
      if (a.drift !== undefined) io.err(`${a.loaded.source.file}: evidence: ${evidenceCounts(code, deployment)}, ${a.evidence?.filled.size ?? 0} element${a.evidence?.filled.size === 1 ? '' : 's'} filled, ${a.drift.length} drift`);
      if (!reports) progress.done(order);
      const g = gating(a, opts.failOn);
      gated += g.gaps;
      gatedThreats += g.threats;
      gatedDrift += g.drift;
    }
    await reports?.drain();
    if (state.exitCode === EXIT.ok && gated + gatedThreats + gatedDrift > 0) {
      const parts = [
        ...(gated > 0 ? [`${gated} gap${gated === 1 ? '' : 's'}`] : []),
        ...(gatedDrift > 0 ? [`${gatedDrift} drift finding${gatedDrift === 1 ? '' : 's'}`] : []),
        ...(gatedThreats > 0 ? [`${gatedThreats} open threat${gatedThreats === 1 ? '' : 's'} with residual risk`] : []),
      ];
      io.err(`iotsec: ${parts.join(' and ')} at or above '${opts.failOn}' (--fail-on)`);
      state.exitCode = EXIT.findings;
    }
  } finally {
    // Not during a stop: the stop's own handler is closing the browser. --watch closes its own at the end.
    if (!shared && !state.stop.stopped) await reporter?.close();
  }
  return readIncludes;
}
