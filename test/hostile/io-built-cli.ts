// Running the built CLI (dist/cli/main.js) as a child process, as CI and shells do: exit codes, pipes,
// signals. IOTSEC_TEST_MAIN points the tests at another build (e.g. an older one, to see them fail).
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

export const ROOT = join(import.meta.dirname, '..', '..');
export const MAIN = process.env.IOTSEC_TEST_MAIN ?? join(ROOT, 'dist', 'cli', 'main.js');
export const HAS_BUILD = existsSync(MAIN);
export const NO_BUILD = `skipped: ${MAIN} is missing (run npm run build)`;
export const SAMPLES = ['cold-chain', 'smart-factory', 'smart-building'].map((n) => join(ROOT, 'samples', `${n}.yaml`));
export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(existsSync);

const scratchDirs: string[] = [];
// Registered on the importing test file: its scratch folders go when its tests are done.
afterAll(() => {
  for (const d of scratchDirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

export function scratch(prefix = 'iotsec-io-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  scratchDirs.push(d);
  return d;
}

/** Copies the three samples into `dir` (as a.yaml, b.yaml, c.yaml by default, or `names`). */
export function copySamples(dir: string, names = ['a', 'b', 'c']): string[] {
  return names.map((n, i) => {
    const f = join(dir, `${n}.yaml`);
    copyFileSync(SAMPLES[i % SAMPLES.length]!, f);
    return f;
  });
}

export interface Child {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function start(args: readonly string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; stdio?: StdioOptions } = {}): Child {
  const child = spawn(process.execPath, [MAIN, ...args], { env: { ...process.env, NO_COLOR: '1', ...opts.env }, cwd: opts.cwd ?? ROOT, stdio: opts.stdio ?? ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  child.stdout?.on('error', () => undefined);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, stdout: () => out, stderr: () => err, exited };
}

export interface Run {
  code: number | null;
  out: string;
  err: string;
  ms: number;
}

/** Runs to the end (killed after `timeoutMs`, which then fails the test's expectations). */
export async function run(args: readonly string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number; stdio?: StdioOptions } = {}): Promise<Run> {
  const t0 = Date.now();
  const c = start(args, opts);
  const timer = setTimeout(() => c.child.kill('SIGKILL'), opts.timeoutMs ?? 15_000);
  const { code } = await c.exited;
  clearTimeout(timer);
  return { code, out: c.stdout(), err: c.stderr(), ms: Date.now() - t0 };
}

/** Lines of stderr, without the Chromium wrapper's harmless complaint. */
export function errLines(err: string): string[] {
  return err.split('\n').filter((l) => l !== '' && !/unexpected operator/.test(l));
}

/** A Node stack trace or an internal-error line: never acceptable for a hostile input. */
export const STACK = /^\s+at |internal error|Error: /m;

export function processesMentioning(text: string): string[] {
  const out: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmd.includes(text)) out.push(`${pid} ${cmd.slice(0, 120)}`);
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

export async function eventually(check: () => boolean, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}
