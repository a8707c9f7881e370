// The data formats `assess --format` writes besides the browser-rendered report (html, pdf), each one
// module with a render function of the same shape. Loaded on demand: exceljs only when xlsx is asked for.
import type { OutputFile, OutputInput } from './input.js';

export const DATA_FORMATS = ['json', 'sarif', 'oscal', 'csv', 'xlsx', 'md', 'otm'] as const;
export type DataFormat = (typeof DATA_FORMATS)[number];

/** The files each format writes, as suffixes of `<model>`. */
export const FORMAT_SUFFIXES: Record<DataFormat, readonly string[]> = {
  json: ['.json'],
  sarif: ['.sarif'],
  oscal: ['.oscal.json'],
  csv: ['.findings.csv', '.threats.csv', '.drift.csv'], // drift only with evidence
  xlsx: ['.xlsx'],
  md: ['.md'],
  otm: ['.otm.json'],
};

export function isDataFormat(f: string): f is DataFormat {
  return (DATA_FORMATS as readonly string[]).includes(f);
}

export async function renderFormat(format: DataFormat, input: OutputInput): Promise<OutputFile[]> {
  switch (format) {
    case 'json': {
      const { renderJsonChunks } = await import('./json.js');
      return [{ suffix: '.json', data: renderJsonChunks(input.assessment, { modelBytes: input.modelBytes, file: input.file, frameworks: input.frameworks, ...(input.assessmentDate ? { assessmentDate: input.assessmentDate } : {}) }) }];
    }
    case 'sarif': {
      const { renderSarif } = await import('./sarif.js');
      return [{ suffix: '.sarif', data: renderSarif(input) }];
    }
    case 'oscal':
      return (await import('./oscal.js')).renderOscal(input);
    case 'csv':
      return (await import('./csv.js')).renderCsv(input);
    case 'xlsx':
      return (await import('./xlsx.js')).renderXlsx(input);
    case 'md':
      return (await import('./markdown.js')).renderMarkdown(input);
    case 'otm':
      return (await import('./otm.js')).renderOtm(input);
  }
}
