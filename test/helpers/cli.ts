import { main } from '../../src/cli/program.js';

export interface CliRun {
  code: number;
  out: string[];
  err: string[];
}

/** Runs the CLI in-process, collecting its output lines. */
export async function cli(...argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}
