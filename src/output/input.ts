// What every output format is written from: one assessment and the few facts around it. No clock, no
// file system: the date comes in, and writers return bytes for the CLI to write.
import type { Framework } from '../catalog/frameworks.js';
import type { Assessment } from '../engine/assess.js';
import type { Change, ComparableResult } from '../engine/diff.js';
import type { TextChunks } from '../util/text-chunks.js';

export interface OutputInput {
  assessment: Assessment;
  modelBytes: Uint8Array;
  /** The model file as outputs record it (relative to the working directory, never machine-specific). */
  file: string;
  /** YYYY-MM-DD the assessment is made for (--date, SOURCE_DATE_EPOCH or today): the only date outputs carry. */
  date: string;
  /** Only when the user gave --date: the JSON records it (so that runs on different days stay identical). */
  assessmentDate?: string;
  /** Compliance frameworks (catalogs/frameworks.yaml); empty when the file could not be read. */
  frameworks: readonly Framework[];
  /** CSV: start each file with a UTF-8 byte order mark, so that Excel reads it as UTF-8. */
  csvBom?: boolean;
  /** assess --baseline: an earlier JSON result; SARIF marks results new or unchanged, Markdown leads with the changes. */
  baseline?: ComparedBaseline;
}

export interface Baseline {
  /** How outputs name it: its assessment date when it recorded one, else its file name. */
  label: string;
  result: ComparableResult;
}

/** A baseline and what changed since it, worked out once per model for every output and the report. */
export interface ComparedBaseline extends Baseline {
  changes: readonly Change[];
}

/** One file a format writes: `<model><suffix>`. */
export interface OutputFile {
  suffix: string;
  /** The bytes, or large text in pieces (written piece by piece). */
  data: string | Uint8Array | TextChunks;
}

/** The assessment date as an ISO timestamp (midnight UTC): formats that require a time get this one. */
export function timestampOf(date: string): string {
  return `${date}T00:00:00Z`;
}
