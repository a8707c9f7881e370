// Standard output and error of the real process. A reader that closes the pipe early (`| head`)
// only stops what is written there: the run goes on, writes its files and keeps its exit code. Any
// other write error (a full disk, `> /dev/full`) is remembered for the exit decision (exit 3).
import type { Io } from './program.js';

export class ProcessStdio implements Io {
  private outClosed = false;
  private errClosed = false;
  /** The first write error on standard output other than EPIPE, as its code (ENOSPC, EIO, …). */
  outError: string | undefined;

  constructor(
    private readonly stdout: NodeJS.WriteStream = process.stdout,
    private readonly stderr: NodeJS.WriteStream = process.stderr,
  ) {
    stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (!this.outClosed && err.code !== 'EPIPE') this.outError ??= err.code ?? 'EIO';
      this.outClosed = true;
    });
    stderr.on('error', () => {
      this.errClosed = true;
    });
  }

  readonly out = (line: string): void => {
    if (!this.outClosed) this.stdout.write(line + '\n');
  };

  readonly err = (line: string): void => {
    if (!this.errClosed) this.stderr.write(line + '\n');
  };

  /** Resolves once what was written has been handed to the system and any write error reported. */
  async flush(): Promise<void> {
    await Promise.all([this.stdout, this.stderr].map((s) => new Promise<void>((resolve) => {
      if (s.destroyed || !s.writable) return resolve();
      s.write('', () => resolve());
    })));
    // Write errors are emitted on a later turn.
    await new Promise((resolve) => setImmediate(resolve));
  }
}
