import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { modelJsonSchema } from '../../model/json-schema.js';
import { assessmentJsonSchema } from '../../output/json-schema.js';
import { writeOutput } from '../write-output.js';
import type { Io, RunState } from '../program.js';

/** What `iotsec schema` can describe: the model users write, or the JSON that `assess --format json` writes. */
const SUBJECTS = { model: modelJsonSchema, assessment: assessmentJsonSchema, output: assessmentJsonSchema } as const;
type Subject = keyof typeof SUBJECTS;

function parseSubject(v: string): Subject {
  if (!Object.hasOwn(SUBJECTS, v)) throw new InvalidArgumentError('expected model, or assessment (also: output) for the JSON output');
  return v as Subject;
}

export function registerSchema(program: Command, io: Io, state: RunState): void {
  program
    .command('schema')
    .description('print (or write) a JSON Schema: of the model, for editors (yaml-language-server), or of the JSON output')
    .argument('[subject]', 'model (default), or assessment (alias: output): the JSON that assess --format json writes', parseSubject, 'model')
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .action((subject: Subject, opts: { output?: string }) => {
      const text = SUBJECTS[subject]();
      if (opts.output) writeOutput(opts.output, text);
      else io.out(text.trimEnd());
    });
}
