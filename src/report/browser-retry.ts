// What happens when the browser fails under one model's diagrams or print: the failure is told
// apart from the report's own errors (a Mermaid error, a template error are not retried: they would
// fail again), the job is retried once on a fresh page (a fresh browser when it is gone), and a
// second failure becomes a BrowserJobFailure naming what failed, for the caller to report per model.
//
// Retries run alone: the gate lets first attempts share the browser, but a retry waits until no other
// job runs and keeps new ones out until it is done. A browser that died is most often out of memory;
// alone, the retry needs the least, and another model's failure cannot take the retry down with it.

export type BrowserPhase = 'diagrams' | 'print';

/** closed: the browser process went away; crashed: the page's renderer did; timeout; other: any other protocol failure. */
export type BrowserFailureKind = 'closed' | 'crashed' | 'timeout' | 'other';

/** The attempt took longer than its time limit. */
export class AttemptTimeout extends Error {
  override name = 'AttemptTimeout';
  constructor(readonly ms: number) {
    super(`no result within ${ms} ms`);
  }
}

/**
 * The kind of browser failure `err` is, or undefined when it is not one (the report's own errors).
 * `browserConnected` is read after the failure: a browser that is gone explains any error.
 */
export function classifyBrowserError(err: unknown, browserConnected: boolean): BrowserFailureKind | undefined {
  if (err instanceof AttemptTimeout) return 'timeout';
  if (!(err instanceof Error)) return undefined;
  if (err.name === 'DiagramError' || err.name === 'UsageError' || err.name === 'SessionClosedError') return undefined;
  if (err.name === 'TimeoutError' || /\btimed out\b/i.test(err.message)) return 'timeout';
  if (!browserConnected || /Connection closed|Browser (has )?disconnected|browser has been closed/i.test(err.message)) return 'closed';
  if (err.name === 'TargetCloseError' || /Target closed|Session closed|crash|detached Frame|Execution context was destroyed/i.test(err.message)) return 'crashed';
  if (err.name === 'ProtocolError' || /Protocol error/i.test(err.message)) return 'other';
  // The browser could not be started again after it went away.
  if (err.name === 'EnvironmentError') return 'other';
  return undefined;
}

const DOING: Record<BrowserPhase, string> = { diagrams: 'drawing the diagrams', print: 'printing' };

/** A model's diagrams or print failed twice in the browser. `html` is the report's HTML when only the print failed. */
export class BrowserJobFailure extends Error {
  override name = 'BrowserJobFailure';
  constructor(
    readonly phase: BrowserPhase,
    readonly kind: BrowserFailureKind,
    readonly detail: string,
    readonly retried: boolean,
    readonly html?: string,
  ) {
    super(describeBrowserFailure(phase, kind, detail, retried));
  }

  withHtml(html: string): BrowserJobFailure {
    return new BrowserJobFailure(this.phase, this.kind, this.detail, this.retried, html);
  }
}

/** In words: "the browser closed while printing (retried once)". */
export function describeBrowserFailure(phase: BrowserPhase, kind: BrowserFailureKind, detail: string, retried: boolean): string {
  const what = DOING[phase];
  const text =
    kind === 'closed' ? `the browser closed while ${what}`
    : kind === 'crashed' ? `the browser page crashed while ${what}`
    : kind === 'timeout' ? `${what} did not finish within ${detail}`
    : `the browser failed while ${what} (${detail})`;
  return `${text}${retried ? ' (retried once)' : ''}`;
}

/** First line of an error's message, shortened, for a one-line report. */
export function firstLine(err: unknown): string {
  const line = (err instanceof Error ? err.message : String(err)).split('\n')[0]!.trim();
  return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}

/** Seconds, for messages: "120 s", "1.5 s". */
export function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/** Rejects with AttemptTimeout when `work` has not settled within `ms`; a later rejection of `work` is swallowed. */
export async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AttemptTimeout(ms)), ms);
  });
  work.catch(() => undefined);
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Shared and exclusive turns on the browser, writer-preferring: an exclusive request waits for the
 * shared turns that run and keeps new shared ones waiting; waiters go in the order they came.
 */
export class BrowserGate {
  private shared = 0;
  private exclusive = false;
  private readonly queue: Array<{ exclusive: boolean; go: () => void }> = [];

  async run<T>(exclusive: boolean, job: () => Promise<T>): Promise<T> {
    await this.acquire(exclusive);
    try {
      return await job();
    } finally {
      if (exclusive) this.exclusive = false;
      else this.shared--;
      this.pump();
    }
  }

  private acquire(exclusive: boolean): Promise<void> {
    return new Promise<void>((go) => {
      this.queue.push({ exclusive, go });
      this.pump();
    });
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.exclusive) {
      const next = this.queue[0]!;
      if (next.exclusive) {
        if (this.shared > 0) return;
        this.exclusive = true;
      } else this.shared++;
      this.queue.shift();
      next.go();
    }
  }
}
