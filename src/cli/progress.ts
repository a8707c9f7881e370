// assess's progress on a terminal: one line on stderr, rewritten in place (model n of N, its stage,
// elapsed time). No package for this is a dependency of ours (the `progress` in node_modules comes with
// puppeteer's downloader and is unmaintained since 2019), and one rewritten line needs only \r and an
// erase-line escape. Nothing is drawn unless stderr is a terminal, without --quiet, outside CI; other
// output passes through `wrap`, which clears the line first and redraws it after.
import { escapeControls } from '../model/diagnostics.js';
import type { Io } from './program.js';

export const STAGES = ['validating', 'assessing', 'diagrams', 'printing'] as const;
export type Stage = (typeof STAGES)[number];

/** Where the line is drawn: a terminal. */
export interface ProgressTerminal {
  write(chunk: string): void;
  /** Width in characters; the line is cut to fit. */
  columns?: number;
}

export interface ProgressOptions {
  /** Undefined: no display (not a terminal, --quiet, CI). */
  terminal?: ProgressTerminal;
  /** --verbose: each model's stage durations, one line per model when it is done. */
  verbose: boolean;
  /** Models in the run. */
  total: number;
  /** Milliseconds; injected so that tests control time. */
  now: () => number;
  /** Redraw period of the elapsed time; 0 for none (tests). */
  tickMs?: number;
}

/** Whether a progress display belongs on this stream: a terminal, no --quiet, not under CI. */
export function displayTerminal(stream: { isTTY?: boolean; columns?: number; write(s: string): unknown }, env: NodeJS.ProcessEnv, quiet: boolean): ProgressTerminal | undefined {
  if (quiet || stream.isTTY !== true) return undefined;
  const ci = env.CI;
  if (ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false') return undefined;
  return { write: (s) => void stream.write(s), get columns() { return stream.columns; } };
}

const CLEAR_LINE = '\r\u001b[2K';

interface ModelTimes {
  file: string;
  stage?: Stage;
  since: number;
  spent: Map<Stage, number>;
  done: boolean;
}

export class Progress {
  private readonly start: number;
  private readonly models = new Map<number, ModelTimes>();
  private current: number | undefined;
  private drawn = false;
  private timer: ReturnType<typeof setInterval> | undefined;
  /** The run's output, for lines written while the display is up: the line is cleared first and redrawn after. */
  readonly io: Io;

  constructor(io: Io, private readonly options: ProgressOptions) {
    this.start = options.now();
    const through = (write: (line: string) => void) => (line: string) => {
      this.erase();
      write(line);
      this.draw();
    };
    this.io = { out: through((l) => io.out(l)), err: through((l) => io.err(l)) };
    if (options.terminal && (options.tickMs ?? 200) > 0) {
      this.timer = setInterval(() => this.draw(), options.tickMs ?? 200);
      this.timer.unref?.();
    }
  }

  /** Model `n` (0-based) enters a stage; the stage it was in ends. */
  stage(n: number, file: string, stage: Stage): void {
    const now = this.options.now();
    const m: ModelTimes = this.models.get(n) ?? { file, since: now, spent: new Map(), done: false };
    this.close(m, now);
    m.stage = stage;
    m.since = now;
    this.models.set(n, m);
    this.current = n;
    this.draw();
  }

  /** Model `n` waits (for the other models' validation, for a free report slot): its stage ends, no new one starts. */
  idle(n: number): void {
    const m = this.models.get(n);
    if (!m) return;
    this.close(m, this.options.now());
    m.stage = undefined;
  }

  /** Model `n` is finished (its files written); with --verbose, its stage durations are printed. */
  done(n: number): void {
    const m = this.models.get(n);
    if (!m || m.done) return;
    this.close(m, this.options.now());
    m.stage = undefined;
    m.done = true;
    if (this.options.verbose) {
      const parts = STAGES.filter((s) => m.spent.has(s)).map((s) => `${s} ${formatDuration(m.spent.get(s)!)}`);
      this.say(`${m.file}: ${parts.join(', ')}`);
    }
  }

  /** Ends the display: the line is removed and nothing more is drawn. */
  finish(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.erase();
    this.current = undefined;
  }

  /** The display line as it is drawn now (without escapes), or undefined when there is none. */
  line(): string | undefined {
    if (this.current === undefined) return undefined;
    const m = this.models.get(this.current)!;
    if (!m.stage) return undefined;
    const elapsed = formatDuration(this.options.now() - this.start);
    // The file name last: on a narrow terminal it is what is cut.
    return `iotsec: model ${this.current + 1} of ${this.options.total} · ${m.stage} · ${elapsed} · ${escapeControls(m.file)}`;
  }

  private close(m: ModelTimes, now: number): void {
    if (m.stage) m.spent.set(m.stage, (m.spent.get(m.stage) ?? 0) + (now - m.since));
  }

  private say(line: string): void {
    this.io.err(line);
  }

  private draw(): void {
    const t = this.options.terminal;
    const text = this.line();
    if (!t || text === undefined) return;
    const width = Math.max(20, (t.columns || 80) - 1);
    const shown = [...text].length > width ? [...text].slice(0, width - 1).join('') + '…' : text;
    t.write(CLEAR_LINE + shown);
    this.drawn = true;
  }

  private erase(): void {
    if (!this.drawn || !this.options.terminal) return;
    this.options.terminal.write(CLEAR_LINE);
    this.drawn = false;
  }
}

/** 850 ms, 3.4 s, 2 min 05 s. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}
