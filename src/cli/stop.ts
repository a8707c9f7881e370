// Stopping a run early (SIGINT, SIGTERM, SIGHUP) in any command: what the run holds (a browser, its
// profile folder) is registered here while it is held, closed on a stop within a grace period, and
// abandoned synchronously (killed, removed) as a last resort when the process exits without closing it.
import type { StopSignal } from './exit.js';

/** Something a run holds: an orderly close, and a synchronous last resort for a process on its way out. */
export interface HeldResource {
  close(): Promise<void>;
  abandon(): void;
}

/** How long closing everything may take on a stop before the process exits anyway. */
export const STOP_GRACE_MS = 8_000;

export class Stopper {
  private stoppedBy: StopSignal | undefined;
  private readonly held = new Set<HeldResource>();

  /** The signal that stopped the run, if one did. */
  get signal(): StopSignal | undefined {
    return this.stoppedBy;
  }

  get stopped(): boolean {
    return this.stoppedBy !== undefined;
  }

  /** Registers a resource until the returned function is called (when it was closed in the ordinary way). */
  hold(resource: HeldResource): () => void {
    this.held.add(resource);
    return () => void this.held.delete(resource);
  }

  /** Marks the run stopped and closes what it holds, giving up after `graceMs`. */
  async stop(signal: StopSignal, graceMs = STOP_GRACE_MS): Promise<void> {
    this.stoppedBy ??= signal;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    const closing = Promise.all([...this.held].map((r) => r.close().catch(() => undefined)));
    try {
      await Promise.race([closing, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Kills and removes whatever is still held, synchronously (from a process 'exit' handler). */
  abandonAll(): void {
    for (const r of this.held) {
      try {
        r.abandon();
      } catch {
        // best effort on the way out
      }
    }
    this.held.clear();
  }
}
