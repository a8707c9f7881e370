import type { Command } from 'commander';
import { modelJsonSchema } from '../../model/json-schema.js';
import { writeOutput } from '../write-output.js';
import type { Io, RunState } from '../program.js';

export function registerSchema(program: Command, io: Io, state: RunState): void {
  program
    .command('schema')
    .description('print (or write) the JSON Schema of the model, for editors (yaml-language-server)')
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .action((opts: { output?: string }) => {
      const text = modelJsonSchema();
      if (opts.output) writeOutput(opts.output, text, state.stop);
      else io.out(text.trimEnd());
    });
}
