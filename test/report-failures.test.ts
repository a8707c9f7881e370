// Browser failures lose nothing: a Chromium killed mid-batch, a crashed print page or a hang under
// one model is retried once (alone, on a fresh page or browser); when the retry fails too, that model's
// JSON (and HTML when only the print failed) is still written, the other models complete, stderr names
// the model and what failed, and the run exits 3. No temporary file, profile folder or Chromium
// process is left behind, after a kill or a signal.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FAULT_ENV, parseFaults } from '../src/cli/commands/report-output.js';
import { AttemptTimeout, BrowserGate, classifyBrowserError, describeBrowserFailure } from '../src/report/browser-retry.js';
import { Reporter, type AttemptInfo } from '../src/report/reporter.js';
import { cli } from './helpers/cli.js';
import { processesMentioning } from './hostile/io-built-cli.js';
import { assessText } from './helpers/model.js';
import { SMALL_MODEL } from './helpers/report.js';

const ROOT = join(import.meta.dirname, '..');
const tmp = () => mkdtempSync(join(tmpdir(), 'iotsec-fail-'));

/** Models a…d: the small model under four names, in a fresh folder. */
function batch(names = ['a', 'b', 'c', 'd']): { dir: string; files: string[] } {
  const dir = tmp();
  const files = names.map((n) => {
    const f = join(dir, `${n}.yaml`);
    writeFileSync(f, SMALL_MODEL.replace('name: Test plant', `name: Plant ${n}`));
    return f;
  });
  return { dir, files };
}


async function eventually(check: () => boolean, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

function isPdf(file: string): boolean {
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  return /^Pages:\s+([2-9]|\d\d+)/m.test(info) && readFileSync(file).subarray(0, 5).toString() === '%PDF-';
}

/** Runs the CLI in-process with the browser's folders under a temp folder of its own, and `env` set. */
async function runIsolated(env: Record<string, string>, ...argv: string[]) {
  const scratch = tmp();
  const saved = { ...process.env };
  Object.assign(process.env, env, { TMPDIR: scratch });
  try {
    const run = await cli(...argv);
    return { ...run, scratch };
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

afterEach(() => {
  delete process.env[FAULT_ENV];
});

describe('the browser killed mid-batch', () => {
  it('under one model’s print and again under its retry: that model loses its PDF only, the others complete, exit 3', async () => {
    const { dir, files } = batch();
    const out = join(dir, 'out');
    // b's print and its retry each start by killing the browser; c's diagrams once (its retry draws in a new browser).
    const run = await runIsolated({ [FAULT_ENV]: 'b.yaml:print:1,2:kill;c.yaml:diagrams:1:kill' }, 'assess', ...files, '-o', out, '--date', '2026-11-23');
    expect(run.code).toBe(3);
    const failures = run.err.filter((l) => / error: /.test(l));
    expect(failures).toEqual([expect.stringMatching(/b\.yaml: error: PDF not written: the browser closed while printing \(retried once\)$/)]);
    expect(run.err.join('\n')).not.toMatch(/\n\s+at /); // no stack trace
    // Every model's JSON; every model's HTML (b's print failed after its HTML was built); the others' PDFs.
    expect(readdirSync(out).sort()).toEqual(['a.html', 'a.json', 'a.pdf', 'b.html', 'b.json', 'c.html', 'c.json', 'c.pdf', 'd.html', 'd.json', 'd.pdf']);
    for (const n of ['a', 'b', 'c', 'd']) expect(JSON.parse(readFileSync(join(out, `${n}.json`), 'utf8')).summary).toBeDefined();
    for (const n of ['a', 'c', 'd']) expect(isPdf(join(out, `${n}.pdf`)), n).toBe(true);
    expect(readFileSync(join(out, 'b.html'), 'utf8')).toContain('Plant b');
    // The killed browsers' profiles and temporary files went with the session's folder; no process is left.
    expect(await eventually(() => processesMentioning(run.scratch).length === 0)).toBe(true);
    expect(readdirSync(run.scratch)).toEqual([]);
  });

  it('once under a print: the retry in a new browser prints it, exit 0', async () => {
    const { dir, files } = batch(['one']);
    const out = join(dir, 'out');
    const run = await runIsolated({ [FAULT_ENV]: 'one.yaml:print:1:kill' }, 'assess', ...files, '-o', out, '--format', 'pdf');
    expect(run.code).toBe(0);
    expect(readdirSync(out)).toEqual(['one.pdf']);
    expect(isPdf(join(out, 'one.pdf'))).toBe(true);
    expect(readdirSync(run.scratch)).toEqual([]);
  });
});

describe('retries, seen from the reporter', () => {
  const input = (name: string) => ({ assessment: assessText(SMALL_MODEL), modelBytes: new TextEncoder().encode(SMALL_MODEL), modelFile: name, date: '2026-11-23' });

  async function withReporter(spec: string, body: (r: Reporter, attempts: string[]) => Promise<void>, timeoutMs?: number) {
    const attempts: string[] = [];
    const fault = parseFaults(spec)!;
    const r = await Reporter.create({
      paper: 'a4',
      pdf: true,
      ...(timeoutMs ? { timeoutMs } : {}),
      beforeAttempt: async (a: AttemptInfo) => {
        attempts.push(`${a.modelFile} ${a.phase} ${a.attempt}`);
        await fault(a);
      },
    });
    try {
      await body(r, attempts);
    } finally {
      await r.close();
    }
  }

  it('a killed browser: the print is retried once in a new browser, and the PDF is whole', async () => {
    await withReporter('m.yaml:print:1:kill', async (r, attempts) => {
      const out = await r.report(input('m.yaml'));
      expect(attempts).toEqual(['m.yaml diagrams 1', 'm.yaml print 1', 'm.yaml print 2']);
      const file = join(tmp(), 'm.pdf');
      writeFileSync(file, out.pdf!);
      expect(isPdf(file)).toBe(true);
      // The next model draws in the new browser at the first attempt (the old diagram page is not reused).
      await r.report(input('n.yaml'));
      expect(attempts.slice(3)).toEqual(['n.yaml diagrams 1', 'n.yaml print 1']);
    });
  });

  it('a crashed print page: retried on a fresh page of the same browser', async () => {
    await withReporter('m.yaml:print:1:crash', async (r, attempts) => {
      const out = await r.report(input('m.yaml'));
      expect(attempts).toEqual(['m.yaml diagrams 1', 'm.yaml print 1', 'm.yaml print 2']);
      expect(out.pdf!.byteLength).toBeGreaterThan(10_000);
    });
  });

  it('a hang: the time limit ends the attempt, the retry succeeds', async () => {
    await withReporter('m.yaml:diagrams:1:hang', async (r, attempts) => {
      const out = await r.report(input('m.yaml'));
      expect(attempts).toEqual(['m.yaml diagrams 1', 'm.yaml diagrams 2', 'm.yaml print 1']);
      expect(out.html).toContain('class="diagram-svg"');
    }, 5000);
  });
});

describe('a hang twice under one model’s diagrams', () => {
  it('fails that model’s HTML (its JSON is written), the next model completes, exit 3', async () => {
    const { dir, files } = batch(['a', 'b']);
    const out = join(dir, 'out');
    const run = await runIsolated({ [FAULT_ENV]: 'a.yaml:diagrams:1,2:hang' }, 'assess', ...files, '-o', out, '--format', 'json,html', '--browser-timeout', '4');
    expect(run.code).toBe(3);
    expect(run.err.filter((l) => / error: /.test(l))).toEqual([expect.stringMatching(/a\.yaml: error: HTML not written: drawing the diagrams did not finish within 4 s \(retried once\)$/)]);
    expect(readdirSync(out).sort()).toEqual(['a.json', 'b.html', 'b.json']);
  });
});

describe('a signal during a run', () => {
  const MAIN = join(ROOT, 'dist', 'cli', 'main.js');
  it.runIf(existsSync(MAIN))('SIGTERM closes the browser: exit 143, complete files only, no Chromium process or folder left', async () => {
    const { dir, files } = batch();
    const scratch = join(dir, 'scratch');
    mkdirSync(scratch);
    const out = join(dir, 'out');
    const child = spawn(process.execPath, [MAIN, 'assess', ...files, '-o', out], { env: { ...process.env, TMPDIR: scratch }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Signal once the browser runs and the first output is written.
    expect(await eventually(() => stdout.includes('a.json') && processesMentioning(scratch).length > 0, 30_000)).toBe(true);
    child.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(stderr).toMatch(/iotsec: stopped by SIGTERM: the files listed above are complete; nothing else was written/);
    const listed = stdout.split('\n').filter(Boolean).map((l) => l.split('/').at(-1));
    expect(readdirSync(out).sort()).toEqual([...listed].sort());
    expect(await eventually(() => processesMentioning(scratch).length === 0)).toBe(true);
    expect(readdirSync(scratch)).toEqual([]);
  });
});

describe('telling browser failures apart', () => {
  const named = (name: string, message: string) => Object.assign(new Error(message), { name });
  it('classifies by the error and whether the browser is still connected; the report’s own errors are not retried', () => {
    expect(classifyBrowserError(new AttemptTimeout(1000), true)).toBe('timeout');
    expect(classifyBrowserError(named('TimeoutError', 'Navigation timeout of 30000 ms exceeded'), true)).toBe('timeout');
    expect(classifyBrowserError(named('TargetCloseError', 'Protocol error (Runtime.callFunctionOn): Target closed'), false)).toBe('closed');
    expect(classifyBrowserError(named('TargetCloseError', 'Protocol error (Runtime.callFunctionOn): Target closed'), true)).toBe('crashed');
    expect(classifyBrowserError(new Error("Attempted to use detached Frame 'X'."), true)).toBe('crashed');
    expect(classifyBrowserError(named('ProtocolError', 'Protocol error (Page.printToPDF): Printing failed'), true)).toBe('other');
    expect(classifyBrowserError(named('DiagramError', "diagram 'x': Parse error"), false)).toBeUndefined();
    expect(classifyBrowserError(named('UsageError', 'template: x'), true)).toBeUndefined();
    expect(classifyBrowserError(new TypeError('x is undefined'), true)).toBeUndefined();
  });
  it('words the failure for the client', () => {
    expect(describeBrowserFailure('print', 'closed', '', true)).toBe('the browser closed while printing (retried once)');
    expect(describeBrowserFailure('diagrams', 'crashed', '', true)).toBe('the browser page crashed while drawing the diagrams (retried once)');
    expect(describeBrowserFailure('print', 'timeout', '120 s', true)).toBe('printing did not finish within 120 s (retried once)');
  });
});

describe('the browser gate', () => {
  it('lets first attempts share; a retry waits for them, runs alone, and keeps later first attempts waiting', async () => {
    const gate = new BrowserGate();
    const log: string[] = [];
    const job = (name: string, ms: number) => async () => {
      log.push(`${name}+`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`${name}-`);
    };
    const all = [gate.run(false, job('a', 40)), gate.run(false, job('b', 60))];
    await new Promise((r) => setTimeout(r, 5));
    all.push(gate.run(true, job('R', 30)));
    all.push(gate.run(false, job('c', 10)));
    await Promise.all(all);
    expect(log.slice(0, 2)).toEqual(['a+', 'b+']);
    expect(log.indexOf('R+')).toBeGreaterThan(log.indexOf('b-'));
    expect(log.indexOf('R-')).toBe(log.indexOf('R+') + 1);
    expect(log.indexOf('c+')).toBeGreaterThan(log.indexOf('R-'));
  });
});
