// assess's progress display: drawn only on a terminal (not with --quiet, not under CI), other lines
// pass through it cleanly, --verbose gives each stage's duration per model; piped output is unchanged.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { displayTerminal, formatDuration, Progress } from '../src/cli/progress.js';
import { cli } from './helpers/cli.js';

function fake(columns = 80) {
  const chunks: string[] = [];
  const lines: string[] = [];
  let t = 0;
  return {
    chunks,
    lines,
    clock: { now: () => t, advance: (ms: number) => (t += ms) },
    terminal: { write: (s: string) => void chunks.push(s), columns },
    io: { out: (l: string) => lines.push(`out:${l}`), err: (l: string) => lines.push(`err:${l}`) },
  };
}

describe('the progress line', () => {
  it('shows model n of N, the stage and the elapsed time, rewritten in place', () => {
    const f = fake();
    const p = new Progress(f.io, { terminal: f.terminal, verbose: false, total: 3, now: f.clock.now, tickMs: 0 });
    p.stage(0, 'a.yaml', 'validating');
    f.clock.advance(1500);
    p.stage(1, 'b.yaml', 'diagrams');
    expect(f.chunks).toEqual(['\r\u001b[2Kiotsec: model 1 of 3 · validating · 0 ms · a.yaml', '\r\u001b[2Kiotsec: model 2 of 3 · diagrams · 1.5 s · b.yaml']);
    p.finish();
    expect(f.chunks.at(-1)).toBe('\r\u001b[2K');
  });

  it('clears itself before another line and redraws after it', () => {
    const f = fake();
    const p = new Progress(f.io, { terminal: f.terminal, verbose: false, total: 1, now: f.clock.now, tickMs: 0 });
    p.stage(0, 'a.yaml', 'assessing');
    f.chunks.length = 0;
    p.io.out('out/a.json');
    expect(f.chunks).toEqual(['\r\u001b[2K', '\r\u001b[2Kiotsec: model 1 of 1 · assessing · 0 ms · a.yaml']);
    expect(f.lines).toEqual(['out:out/a.json']);
  });

  it('is cut to the terminal width, and control characters in a name are escaped', () => {
    const f = fake(40);
    const p = new Progress(f.io, { terminal: f.terminal, verbose: false, total: 1, now: f.clock.now, tickMs: 0 });
    p.stage(0, 'a-very-long-folder-name/\u001b[31mmodel.yaml', 'printing');
    const drawn = f.chunks[0]!.slice('\r\u001b[2K'.length);
    expect([...drawn].length).toBe(39);
    expect(drawn.endsWith('…')).toBe(true);
    expect(drawn.slice(1)).not.toMatch(/\u001b/);
  });

  it('--verbose prints each stage’s duration when a model is done; waiting is not counted', () => {
    const f = fake();
    const p = new Progress(f.io, { verbose: true, total: 2, now: f.clock.now, tickMs: 0 });
    p.stage(0, 'a.yaml', 'validating');
    f.clock.advance(20);
    p.idle(0);
    f.clock.advance(5000);
    p.stage(0, 'a.yaml', 'assessing');
    f.clock.advance(300);
    p.idle(0);
    p.stage(0, 'a.yaml', 'diagrams');
    f.clock.advance(2500);
    p.stage(0, 'a.yaml', 'printing');
    f.clock.advance(61_000);
    p.done(0);
    p.done(0);
    expect(f.lines).toEqual(['err:a.yaml: validating 20 ms, assessing 300 ms, diagrams 2.5 s, printing 1 min 01 s']);
    expect(f.chunks).toEqual([]); // no terminal: nothing drawn
  });

  it('durations read as people say them', () => {
    expect([formatDuration(850.4), formatDuration(3449), formatDuration(125_000)]).toEqual(['850 ms', '3.4 s', '2 min 05 s']);
  });
});

describe('where the display appears', () => {
  const tty = { isTTY: true, columns: 100, write: () => true };
  it('on a terminal only', () => {
    expect(displayTerminal(tty, {}, false)).toBeDefined();
    expect(displayTerminal({ write: () => true }, {}, false)).toBeUndefined();
    expect(displayTerminal({ ...tty, isTTY: false }, {}, false)).toBeUndefined();
  });
  it('not with --quiet, not under CI', () => {
    expect(displayTerminal(tty, {}, true)).toBeUndefined();
    expect(displayTerminal(tty, { CI: 'true' }, false)).toBeUndefined();
    expect(displayTerminal(tty, { CI: '1' }, false)).toBeUndefined();
    expect(displayTerminal(tty, { CI: 'false' }, false)).toBeDefined();
  });
});

const MAIN = resolve('dist/cli/main.js');
const SAMPLE = resolve('samples/cold-chain.yaml');
const HAS_DIST = existsSync(MAIN);
const HAS_SCRIPT = spawnSync('script', ['--version']).status === 0;

describe('output of a real run', () => {
  const out = mkdtempSync(join(tmpdir(), 'iotsec-progress-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  const env = { ...process.env, CI: '', NO_COLOR: '1' };

  it.skipIf(!HAS_DIST)('piped, stderr is exactly the lines of an in-process run: no escapes, no progress', async () => {
    const child = spawnSync(process.execPath, [MAIN, 'assess', SAMPLE, '-f', 'json', '-o', join(out, 'piped'), '--date', '2026-12-01'], { env, encoding: 'utf8' });
    const inProcess = await cli('assess', SAMPLE, '-f', 'json', '-o', join(out, 'in-process'), '--date', '2026-12-01');
    expect(child.status).toBe(0);
    expect(child.stderr).not.toMatch(/[\r\u001b]/);
    expect(child.stderr.trimEnd().split('\n')).toEqual(inProcess.err);
  });

  it.skipIf(!HAS_DIST)('piped with --verbose: the same lines plus one with the stage durations', () => {
    const child = spawnSync(process.execPath, [MAIN, 'assess', SAMPLE, '-f', 'json', '-o', join(out, 'verbose'), '--date', '2026-12-01', '--verbose'], { env, encoding: 'utf8' });
    expect(child.stderr).not.toMatch(/[\r\u001b]/);
    expect(child.stderr).toMatch(/cold-chain\.yaml: validating \d+ ms, assessing \d+(\.\d)? m?s\n/);
  });

  // A pseudo-terminal through script(1), where the system has it.
  const onTty = (extra: string[], extraEnv: Record<string, string> = {}) =>
    execFileSync('script', ['-qec', [process.execPath, MAIN, 'assess', SAMPLE, '-f', 'json', '-o', join(out, 'tty'), '--date', '2026-12-01', ...extra].map((a) => `'${a}'`).join(' '), '/dev/null'], { env: { ...env, ...extraEnv }, encoding: 'utf8' });
  it.skipIf(!HAS_DIST || !HAS_SCRIPT)('on a terminal the line is drawn, and removed before the run ends', () => {
    const text = onTty([]);
    expect(text).toMatch(/\r\u001b\[2Kiotsec: model 1 of 1 · (validating|assessing)/);
    expect(text.trimEnd().endsWith('mitigated')).toBe(true);
  });
  it.skipIf(!HAS_DIST || !HAS_SCRIPT)('on a terminal, --quiet and CI=true draw nothing', () => {
    expect(onTty(['--quiet'])).not.toMatch(/\u001b|model 1 of 1/);
    expect(onTty([], { CI: 'true' })).not.toMatch(/\u001b|model 1 of 1/);
  });
});
