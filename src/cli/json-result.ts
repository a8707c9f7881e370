// Reading a JSON result of `assess --format json` back in (diff, --baseline): what a comparison needs of
// it, checked, with located errors. Other keys are allowed: the JSON grows.
import { parseDocument } from 'yaml';
import { z } from 'zod';
import type { ComparableResult } from '../engine/diff.js';
import { InputError, type Diagnostic } from '../model/diagnostics.js';
import { displayPath } from '../util/paths.js';
import { readFailureText, readFileBounded } from '../util/read-bounded.js';

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

/** A JSON result's text, checked; InputError (located) when it is not one. */
export function readJsonResult(file: string, text: string): ComparableResult {
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

/** A file's bytes, read within MAX_RESULT_BYTES (folders, FIFOs and devices refused); InputError when it cannot be read. */
export function readComparedFile(file: string): Uint8Array {
  const r = readFileBounded(file, MAX_RESULT_BYTES);
  if (!r.ok) throw new InputError([problem(file, 1, 1, r.reason === 'too-large' ? 'too-large' : 'unreadable', readFailureText(r))]);
  return r.bytes;
}

/** A JSON result file (e.g. --baseline); InputError when it cannot be read or is not one. */
export function readJsonResultFile(file: string): ComparableResult {
  return readJsonResult(file, new TextDecoder().decode(readComparedFile(file)).replace(/^\uFEFF/, ''));
}
