// assess --watch: render, then wait until one of the files the render read changes (debounced), and
// render again; until a signal stops the run. Folders are watched rather than files, because editors
// save by writing a new file and renaming it over the old one, which ends a watch on the file itself.
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { EnvironmentError, formatDiagnostic, InputError, UsageError } from '../model/diagnostics.js';
import { displayPath } from '../util/paths.js';
import type { Io } from './program.js';
import { formatDuration } from './progress.js';
import type { Stopper } from './stop.js';

export interface WatchOptions {
  io: Io;
  stop: Stopper;
  /** Quiet time after the last change before rendering again (an editor's save is several events). */
  debounceMs: number;
  now: () => number;
}

/**
 * Runs `render` (which says whether every model rendered) now and again after every change to one of `files()` (asked again after each render: a
 * model's includes may change). A render's input errors are printed and the watch goes on; an internal
 * error ends it. Returns when the run is stopped.
 */
export async function watchLoop(render: () => Promise<boolean>, files: () => readonly string[], o: WatchOptions): Promise<void> {
  for (;;) {
    const start = o.now();
    const ok = await renderReporting(render, o.io);
    if (o.stop.stopped) return;
    const watched = [...new Set(files().map((f) => resolve(f)))].sort();
    o.io.err(`iotsec: ${ok ? 'rendered' : 'failed'} in ${formatDuration(o.now() - start)}; watching ${watched.length} file${watched.length === 1 ? '' : 's'} (Ctrl-C stops)`);
    const changed = await nextChange(watched, o);
    if (changed === undefined) return;
    o.io.err(`iotsec: ${displayPath(changed)} changed`);
  }
}

/** Prints what a render refused, the way the command line would, and says whether it succeeded. */
async function renderReporting(render: () => Promise<boolean>, io: Io): Promise<boolean> {
  try {
    return await render();
  } catch (err) {
    if (err instanceof InputError) for (const d of err.diagnostics) io.err(formatDiagnostic(d));
    else if (err instanceof UsageError || err instanceof EnvironmentError) io.err(`iotsec: ${err.message}`);
    else throw err;
    return false;
  }
}

/** The first of `files` to change (after `debounceMs` without another change), or undefined on a stop. */
export function nextChange(files: readonly string[], o: Pick<WatchOptions, 'stop' | 'debounceMs'>): Promise<string | undefined> {
  return new Promise((done) => {
    const byDir = new Map<string, Set<string>>();
    for (const f of files) {
      const names = byDir.get(dirname(f)) ?? new Set<string>();
      names.add(basename(f));
      byDir.set(dirname(f), names);
    }
    const watchers: FSWatcher[] = [];
    let timer: NodeJS.Timeout | undefined;
    let first: string | undefined;
    let release = () => {};
    const finish = (value: string | undefined) => {
      clearTimeout(timer);
      for (const w of watchers) w.close();
      release();
      done(value);
    };
    for (const [dir, names] of byDir) {
      try {
        const w = watch(dir, (_event, name) => {
          const n = name?.toString();
          if (n === undefined || !names.has(n)) return;
          first ??= resolve(dir, n);
          clearTimeout(timer);
          timer = setTimeout(() => finish(first), o.debounceMs);
        });
        w.on('error', () => undefined); // a folder removed while watched: the others still count
        watchers.push(w);
      } catch {
        // A folder that does not exist (yet): nothing in it to watch.
      }
    }
    // A stop (Ctrl-C) ends the wait; the stop's handler then ends the process.
    release = o.stop.hold({ close: async () => finish(undefined), abandon: () => watchers.forEach((w) => w.close()) });
  });
}
