import { readFileSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import type { Severity } from '../../catalog/control.js';
import { assess } from '../../engine/assess.js';
import { diffResults, worseningAtOrAbove, type ComparableResult } from '../../engine/diff.js';
import { compileControls } from '../../engine/evaluate.js';
import { InputError, type Diagnostic } from '../../model/diagnostics.js';
import { DIFF_FORMATS, diffSummary, renderDiff, type DiffFormat } from '../../output/diff.js';
import { assessmentJson } from '../../output/json.js';
import { displayPath } from '../../util/paths.js';
import { showInvisibles } from '../../util/text.js';
import { plural } from '../../util/words.js';
import { resolveToday } from '../dates.js';
import { knownIds, loadCatalogs, readModel } from '../inputs.js';
import { EXIT, type Io, type RunState } from '../program.js';
import { collect, parseFailOn } from './options.js';

/** A JSON result as far as a comparison reads it; other keys are allowed (the JSON grows). */
const Result = z.looseObject({
  solution: z.looseObject({ name: z.string() }),
  findings: z.array(z.looseObject({ id: z.string(), control: z.string(), element: z.string(), title: z.string(), status: z.string(), severity: z.string() })),
  threats: z.array(z.looseObject({ id: z.string(), threat: z.string(), element: z.string(), title: z.string(), status: z.string(), residualRisk: z.looseObject({ level: z.string() }) })),
  decisions: z.array(z.looseObject({ control: z.string().nullable(), threat: z.string().nullable(), element: z.string().nullable(), status: z.string(), state: z.string(), expires: z.string().nullable() })),
});

/** Largest JSON result read (a 10,000-element model's result is about 200 MB). */
const MAX_RESULT_BYTES = 512 * 1024 * 1024;

function problem(file: string, line: number, column: number, code: string, message: string, hint?: string): Diagnostic {
  return { file: displayPath(file), line, column, severity: 'error', code, message, ...(hint ? { hint } : {}) };
}

/** Where JSON text stops being valid: Node 20's JSON.parse does not say, so the YAML parser (JSON is YAML) is asked. */
function jsonErrorPosition(text: string): { line: number; column: number } {
  const at = parseDocument(text).errors[0]?.linePos?.[0];
  return at ? { line: at.line, column: at.col } : { line: 1, column: 1 };
}

function readResult(file: string, text: string): ComparableResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const p = jsonErrorPosition(text);
    const why = String((err as Error).message).split(/, \.\.\.|\n/)[0]!;
    throw new InputError([problem(file, p.line, p.column, 'invalid-json', `not valid JSON: ${why}`)]);
  }
  const r = Result.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new InputError([problem(file, 1, 1, 'not-a-result', `not an iotsec JSON result: ${JSON.stringify(issue.path.join('.') || '(top level)')} ${issue.message.toLowerCase()}`, 'compare two models, two results of `iotsec assess --format json`, or one of each')]);
  }
  return r.data as ComparableResult;
}

interface DiffOptions {
  format: DiffFormat;
  failOn: Severity | 'never';
  date?: string;
  catalog: string[];
}

function parseDiffFormat(value: string): DiffFormat {
  if ((DIFF_FORMATS as readonly string[]).includes(value)) return value as DiffFormat;
  throw new InvalidArgumentError(`expected one of ${DIFF_FORMATS.join(', ')}`);
}

export function registerDiff(program: Command, io: Io, state: RunState): void {
  program
    .command('diff')
    .description('what changed between two assessments: each side a model (assessed now) or a JSON result of `assess --format json`')
    .argument('<before>', 'model (YAML) or JSON result')
    .argument('<after>', 'model (YAML) or JSON result')
    .option('--format <format>', `output: ${DIFF_FORMATS.join(', ')}`, parseDiffFormat, 'text')
    .option('--fail-on <severity>', 'exit 1 when a new gap of this severity or higher, or a newly open threat with residual risk this high or higher, appears: never, low, medium, high, critical', parseFailOn, 'never')
    .option('--date <YYYY-MM-DD>', 'assessment date for model files: decides decision expiry (default: today)')
    .option('--catalog <file>', 'add controls and threats from a catalog file when assessing models (repeatable)', collect, [])
    .action((beforeFile: string, afterFile: string, opts: DiffOptions) => {
      let model: { today: string; catalog: ReturnType<typeof loadCatalogs>; compiled: ReturnType<typeof compileControls> } | undefined;
      const side = (file: string): ComparableResult => {
        let bytes: Buffer;
        try {
          bytes = readFileSync(file);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          throw new InputError([problem(file, 1, 1, 'unreadable', code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a model or result' : `cannot read file (${code ?? String(err)})`)]);
        }
        if (bytes.byteLength > MAX_RESULT_BYTES) throw new InputError([problem(file, 1, 1, 'too-large', `file is ${bytes.byteLength} bytes; the limit is ${MAX_RESULT_BYTES}`)]);
        const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
        if (/^\s*\{/.test(text)) return readResult(file, text);
        if (!model) {
          const catalog = loadCatalogs(opts.catalog);
          model = { today: resolveToday(opts.date), catalog, compiled: compileControls(catalog.controls) };
        }
        const input = readModel(file, knownIds(model.catalog));
        if (!input.result.ok) throw new InputError(input.result.diagnostics);
        const a = assess(input.result.loaded, model.catalog, { today: model.today, compiled: model.compiled });
        return assessmentJson(a, { modelBytes: input.bytes }) as unknown as ComparableResult;
      };
      const problems: Diagnostic[] = [];
      const results: ComparableResult[] = [];
      for (const f of [beforeFile, afterFile]) {
        try {
          results.push(side(f));
        } catch (err) {
          if (!(err instanceof InputError)) throw err;
          problems.push(...err.diagnostics);
        }
      }
      if (problems.length > 0) throw new InputError(problems);
      const changes = diffResults(results[0]!, results[1]!);
      const text = showInvisibles(renderDiff(changes, opts.format, { before: displayPath(beforeFile), after: displayPath(afterFile) }));
      for (const l of text.replace(/\n$/, '').split('\n')) io.out(l);
      const worse = opts.failOn === 'never' ? [] : worseningAtOrAbove(changes, opts.failOn);
      if (worse.length > 0) {
        io.err(`iotsec: ${plural(worse.length, 'new gap or newly open threat', 'new gaps or newly open threats')} at or above '${opts.failOn}' (--fail-on)`);
        state.exitCode = EXIT.findings;
      } else if (opts.format !== 'text') {
        io.err(diffSummary(changes));
      }
    });
}
