// Exit codes that CI can trust: a reader closing standard output early changes nothing but what is
// printed there; a failed write to standard output is exit 3 with one line; the decision itself.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decideExit, EXIT } from '../../src/cli/exit.js';
import { CHROMIUM, copySamples, errLines, HAS_BUILD, MAIN, NO_BUILD, run, scratch, STACK, start } from './io-built-cli.js';

describe('the exit decision', () => {
  it('a signal wins; a failed stdout makes 3; a closed pipe (not reported as a failure) keeps the run’s code', () => {
    expect(decideExit({ runCode: EXIT.findings })).toBe(1);
    expect(decideExit({ runCode: EXIT.ok, stdoutFailed: true })).toBe(3);
    expect(decideExit({ runCode: EXIT.input, stdoutFailed: true })).toBe(3);
    expect(decideExit({ runCode: EXIT.findings, signal: 'SIGTERM' })).toBe(143);
    expect(decideExit({ runCode: EXIT.ok, signal: 'SIGINT' })).toBe(130);
    expect(decideExit({ runCode: EXIT.ok, signal: 'SIGHUP' })).toBe(129);
  });
});

// With a browser in the run (html), the old handler exited 0 at the first EPIPE, in the middle of the reports.
describe.skipIf(!HAS_BUILD || !CHROMIUM)(`standard output closed early${HAS_BUILD ? '' : ` (${NO_BUILD})`}${CHROMIUM ? '' : ' (skipped: no Chromium)'}`, () => {
  it('reader gone before the first line: every output is still written and --fail-on still gives 1', async () => {
    const d = scratch();
    const models = copySamples(d, ['a', 'b']);
    const c = start(['assess', ...models, '--format', 'json,html', '-o', join(d, 'out'), '--fail-on', 'high']);
    // Close our end at once: every write the CLI makes to stdout fails with EPIPE.
    c.child.stdout!.destroy();
    const { code } = await c.exited;
    expect(code).toBe(EXIT.findings);
    expect(readdirSync(join(d, 'out')).sort()).toEqual(['a.html', 'a.json', 'b.html', 'b.json']);
    expect(c.stderr()).not.toMatch(STACK);
    expect(c.stderr()).toMatch(/at or above 'high' \(--fail-on\)/);
  });

  it('`assess a b --fail-on high | head -1`: the pipeline’s first status is 1 and all outputs exist', () => {
    const d = scratch();
    const models = copySamples(d, ['a', 'b']);
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${MAIN}" assess ${models.map((m) => `"${m}"`).join(' ')} --format json,html -o "${join(d, 'out')}" --fail-on high 2>/dev/null | head -1; echo "status=\${PIPESTATUS[0]}"`], { encoding: 'utf8', timeout: 20_000 });
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/a\.json$/);
    expect(lines[1]).toBe('status=1');
    expect(readdirSync(join(d, 'out')).sort()).toEqual(['a.html', 'a.json', 'b.html', 'b.json']);
  });
});

describe.skipIf(!HAS_BUILD || !existsSync('/dev/full'))('a write error on standard output', () => {
  for (const args of [['catalog', 'list'], ['schema'], ['catalog', 'list', '--format', 'json']]) {
    it(`\`${args.join(' ')} > /dev/full\`: exit 3, one line, no stack trace`, async () => {
      const full = openSync('/dev/full', 'w');
      try {
        const r = await run(args, { stdio: ['ignore', full, 'pipe'] });
        expect(r.code).toBe(EXIT.environment);
        expect(errLines(r.err)).toEqual(['iotsec: cannot write to standard output: no space left on device']);
      } finally {
        closeSync(full);
      }
    });
  }

  it('an input error and a full stdout: still 3 (the environment failed too), both said in one line each', async () => {
    const full = openSync('/dev/full', 'w');
    try {
      const r = await run(['validate', join(import.meta.dirname, 'no-such-model.yaml'), ...[join(import.meta.dirname, '..', '..', 'samples', 'cold-chain.yaml')]], { stdio: ['ignore', full, 'pipe'] });
      expect(r.code).toBe(EXIT.environment);
      expect(r.err).not.toMatch(STACK);
      expect(errLines(r.err).filter((l) => /error/.test(l))).toEqual([expect.stringMatching(/no-such-model\.yaml:1:1: error: no such file$/)]);
      expect(errLines(r.err).at(-1)).toBe('iotsec: cannot write to standard output: no space left on device');
    } finally {
      closeSync(full);
    }
  });
});
