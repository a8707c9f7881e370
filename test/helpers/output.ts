// Test helpers for the output formats: an OutputInput from a sample or a model text, and schema validators.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { loadFrameworks } from '../../src/catalog/frameworks.js';
import { assess } from '../../src/engine/assess.js';
import type { OutputInput } from '../../src/output/input.js';
import { builtInCatalog, known, loadText } from './model.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const SAMPLE_FILES = ['cold-chain.yaml', 'smart-building.yaml', 'smart-factory.yaml'];
const SCHEMAS = join(ROOT, 'test', 'fixtures', 'schemas');

const frameworks = (() => {
  const r = loadFrameworks();
  return r.ok ? r.frameworks : [];
})();

export function outputInput(text: string, file = 'model.yaml', date = '2026-12-01'): OutputInput {
  const bytes = new TextEncoder().encode(text);
  const r = loadText(text, file, known());
  if (!r.ok) throw new Error(r.diagnostics.map((d) => `${d.line}:${d.column}: ${d.message}`).join('\n'));
  return { assessment: assess(r.loaded, builtInCatalog(), { today: date }), modelBytes: bytes, file, date, assessmentDate: date, frameworks };
}

export function sampleInput(name: string): OutputInput {
  return outputInput(readFileSync(join(ROOT, 'samples', name), 'utf8'), `samples/${name}`);
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv | Ajv2020) => void;
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

function compile(ajv: Ajv | Ajv2020, schema: Record<string, unknown>): ValidateFunction {
  addFormats(ajv);
  return ajv.compile(schema);
}

/** The official SARIF 2.1.0 schema is draft-04, which Ajv 8 does not read: its `id` becomes `$id` (no other draft-04 keyword is used). */
export function sarifValidator(): ValidateFunction {
  const { $schema: _drop, id, ...rest } = readJson(join(SCHEMAS, 'sarif-schema-2.1.0.json'));
  return compile(new Ajv({ strict: false, allErrors: true }), { ...rest, $id: id });
}

export function oscalValidator(): ValidateFunction {
  return compile(new Ajv({ strict: false, allErrors: true }), readJson(join(SCHEMAS, 'oscal_assessment-results_schema-1.0.6.json')));
}

export function otmValidator(): ValidateFunction {
  return compile(new Ajv({ strict: false, allErrors: true }), readJson(join(SCHEMAS, 'otm-0.2.0.schema.json')));
}

/** The JSON output's own schema (draft 2020-12, generated from zod), as committed. */
export function assessmentValidator(): ValidateFunction {
  return compile(new Ajv2020({ strict: false, allErrors: true }), readJson(join(ROOT, 'schema', 'iotsec-assessment.schema.json')));
}

export function errorsOf(v: ValidateFunction): string {
  return JSON.stringify((v.errors ?? []).slice(0, 5), null, 1);
}
