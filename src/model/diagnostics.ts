// Problems found in user input, each with a source location. Words are composed here;
// the CLI turns them into `file:line:col: severity: message` lines in one place.

export type Severity = 'error' | 'warning';

export interface SourcePosition {
  line: number;
  column: number;
}

export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  severity: Severity;
  /** Stable machine-readable code, e.g. `unknown-key`, `dangling-reference`. */
  code: string;
  message: string;
  hint?: string;
}

/**
 * One line per diagnostic, whatever the values in it: control characters (line breaks, terminal escapes,
 * C1 controls, the Unicode line and paragraph separators) are written as escapes, so text from a model
 * or a file name can neither start a forged `file:1:1: error:` line nor drive the terminal.
 */
export function formatDiagnostic(d: Diagnostic): string {
  const hint = d.hint ? ` (${d.hint})` : '';
  return escapeControls(`${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}${hint}`);
}

const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const SHORT_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Control characters as JSON-style escapes (\n, \u001b); every other character as it is. */
export function escapeControls(s: string): string {
  return s.replace(CONTROLS, (c) => SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A value from a model or a file, quoted for a message: in single quotes, with backslashes, quotes and
 * control characters escaped (JSON.stringify's rules with the other quote), so where it ends is plain.
 */
export function quote(value: string): string {
  return `'${escapeControls(value.replace(/\\/g, '\\\\').replace(/'/g, "\\'"))}'`;
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    cmp(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    cmp(a.severity, b.severity) ||
    cmp(a.message, b.message)
  );
}

/** Thrown when input cannot be used; carries every problem found, not just the first. */
export class InputError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'InputError';
  }
}

/** Control characters other than the line feed (which a message may use to list several problems). */
const TERMINAL_CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g;

/**
 * Messages of the errors below quote arguments, paths and OS messages: their control characters are
 * escaped, so a value cannot drive the terminal (colours, cursor moves, clearing the screen).
 */
function withoutTerminalControls(message: string): string {
  return message.replace(TERMINAL_CONTROLS, (c) => escapeControls(c));
}

/** Thrown when the environment lacks something (no browser, unwritable output). Exit code 3. */
export class EnvironmentError extends Error {
  override name = 'EnvironmentError';
  constructor(message: string, options?: ErrorOptions) {
    super(withoutTerminalControls(message), options);
  }
}

/** Thrown for bad command-line usage. Exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
  constructor(message: string, options?: ErrorOptions) {
    super(withoutTerminalControls(message), options);
  }
}

/** Code-point order: the same on every machine and locale (localeCompare is not). */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
