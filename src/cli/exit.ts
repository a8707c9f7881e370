// The exit codes, and the one decision every way out of the program goes through.

export const EXIT = { ok: 0, findings: 1, input: 2, environment: 3 } as const;

/** Signals that stop a run early; the exit code is 128 + the number, as a shell reports it. */
export const STOP_SIGNALS = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;
export type StopSignal = keyof typeof STOP_SIGNALS;

export interface RunEnd {
  /** The exit code the run decided (0, 1, 2 or 3). */
  runCode: number;
  /** A write to standard output failed (other than a reader closing the pipe). */
  stdoutFailed?: boolean;
  /** The run was stopped by this signal. */
  signal?: StopSignal;
}

/**
 * A signal wins (the run did not finish); then an output that could not be written is an
 * environment error (3), unless the run already found worse. A reader closing standard output early
 * (EPIPE, `| head`) changes nothing: the run completes and its code stands.
 */
export function decideExit(end: RunEnd): number {
  if (end.signal !== undefined) return 128 + STOP_SIGNALS[end.signal];
  if (end.stdoutFailed) return Math.max(end.runCode, EXIT.environment);
  return end.runCode;
}
