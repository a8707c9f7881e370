// Every sample's JSON, SARIF, OSCAL and OTM validate against their schemas (official ones vendored as
// test data in test/fixtures/schemas), and each validator rejects a broken document (so a pass means something).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderFormat } from '../src/output/formats.js';
import { assessmentJsonSchema } from '../src/output/json-schema.js';
import { renderSarif } from '../src/output/sarif.js';
import { assessmentValidator, errorsOf, oscalValidator, otmValidator, ROOT, SAMPLE_FILES, sampleInput, sarifValidator } from './helpers/output.js';

const validators = { json: assessmentValidator(), sarif: sarifValidator(), oscal: oscalValidator(), otm: otmValidator() };
const inputs = new Map(SAMPLE_FILES.map((f) => [f, sampleInput(f)]));

describe('schemas', () => {
  it('the committed JSON Schema of the JSON output is up to date (run `iotsec schema assessment -o schema/iotsec-assessment.schema.json`)', () => {
    expect(readFileSync(join(ROOT, 'schema', 'iotsec-assessment.schema.json'), 'utf8')).toBe(assessmentJsonSchema());
  });

  for (const format of ['json', 'sarif', 'oscal', 'otm'] as const) {
    it.each(SAMPLE_FILES)(`${format}: %s validates`, async (f) => {
      const [file] = await renderFormat(format, inputs.get(f)!);
      const doc = JSON.parse(String(file!.data));
      const v = validators[format];
      expect(v(doc), errorsOf(v)).toBe(true);
    });
  }

  it('each validator rejects a broken document', async () => {
    const input = inputs.get(SAMPLE_FILES[0]!)!;
    const json = JSON.parse(String((await renderFormat('json', input))[0]!.data));
    json.findings[0].status = 'not-applicable';
    expect(validators.json(json)).toBe(false);
    const sarif = JSON.parse(renderSarif(input));
    sarif.runs[0].results[0].level = 'fatal';
    expect(validators.sarif(sarif)).toBe(false);
    const oscal = JSON.parse(String((await renderFormat('oscal', input))[0]!.data));
    oscal['assessment-results'].results[0].findings[0].uuid = 'not-a-uuid';
    expect(validators.oscal(oscal)).toBe(false);
    const otm = JSON.parse(String((await renderFormat('otm', input))[0]!.data));
    delete otm.components[0].parent;
    expect(validators.otm(otm)).toBe(false);
  });
});
