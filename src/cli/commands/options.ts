import { InvalidArgumentError } from 'commander';
import { SEVERITIES, type Severity } from '../../catalog/control.js';

export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function parseFailOn(value: string): Severity | 'never' {
  if (value === 'never' || (SEVERITIES as readonly string[]).includes(value)) return value as Severity | 'never';
  throw new InvalidArgumentError(`expected one of never, ${[...SEVERITIES].reverse().join(', ')}`);
}

import { DATA_FORMATS, FORMAT_SUFFIXES, type DataFormat } from '../../output/formats.js';

export const FORMATS = ['html', 'pdf', ...DATA_FORMATS] as const;
export type Format = (typeof FORMATS)[number];

/** The files a format writes, as suffixes of `<output folder>/<model>`. */
export function formatSuffixes(f: Format): readonly string[] {
  return f === 'html' || f === 'pdf' ? [`.${f}`] : FORMAT_SUFFIXES[f as DataFormat];
}

export function parseFormats(value: string): Format[] {
  const list = value.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = list.filter((f) => !(FORMATS as readonly string[]).includes(f));
  if (bad.length || list.length === 0) throw new InvalidArgumentError(`unknown format '${bad.join(',') || value}'; expected a comma-separated list of ${FORMATS.join(', ')}`);
  return [...new Set(list)] as Format[];
}

export const PAPER_SIZES = ['a4', 'letter'] as const;
export type PaperSize = (typeof PAPER_SIZES)[number];

export function parsePaper(value: string): PaperSize {
  const v = value.trim().toLowerCase();
  if ((PAPER_SIZES as readonly string[]).includes(v)) return v as PaperSize;
  throw new InvalidArgumentError(`expected one of ${PAPER_SIZES.join(', ')}`);
}

/** --max-model-size: megabytes (a positive number up to 1024) → bytes. */
export function parseMegabytes(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(n > 0 && n <= 1024)) throw new InvalidArgumentError('expected a number of megabytes greater than 0, at most 1024');
  return Math.round(n * 1024 * 1024);
}
