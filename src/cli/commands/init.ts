import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { EnvironmentError, UsageError } from '../../model/diagnostics.js';
import { STARTER_TEMPLATES, starterModel, type StarterTemplate } from '../../model/starter.js';
import { displayPath } from '../../util/paths.js';
import type { Io, RunState } from '../program.js';

function parseTemplate(value: string): StarterTemplate {
  if ((STARTER_TEMPLATES as readonly string[]).includes(value)) return value as StarterTemplate;
  throw new InvalidArgumentError(`expected one of ${STARTER_TEMPLATES.join(', ')}`);
}

const DEFAULT_NAME = 'My IoT solution';

/** On a terminal, asks for what the options did not give; otherwise (a pipe, CI) asks nothing. */
async function ask(template: StarterTemplate | undefined, name: string | undefined): Promise<{ template: StarterTemplate; name: string }> {
  if (!process.stdin.isTTY || !process.stdout.isTTY || (template !== undefined && name !== undefined)) {
    return { template: template ?? 'cloud', name: name ?? DEFAULT_NAME };
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    let t = template;
    while (t === undefined) {
      const answer = (await rl.question(`How do devices connect: ${STARTER_TEMPLATES.join(', ')}? [cloud] `)).trim() || 'cloud';
      if ((STARTER_TEMPLATES as readonly string[]).includes(answer)) t = answer as StarterTemplate;
    }
    const n = name ?? ((await rl.question(`Name of the solution? [${DEFAULT_NAME}] `)).trim() || DEFAULT_NAME);
    return { template: t, name: n };
  } finally {
    rl.close();
  }
}

export function registerInit(program: Command, io: Io, _state: RunState): void {
  program
    .command('init')
    .description('write a starter model that validates, every optional property shown as a comment with its meaning')
    .argument('[file]', 'the model file to create (never overwritten); - for standard output', 'model.yaml')
    .option('--template <shape>', `${STARTER_TEMPLATES.join(', ')}: devices straight to IoT Hub, through an IoT Edge gateway, or to IoT Central (asked on a terminal; default cloud)`, parseTemplate)
    .option('--name <text>', `the solution's name (asked on a terminal; default "${DEFAULT_NAME}")`)
    .action(async (file: string, opts: { template?: StarterTemplate; name?: string }) => {
      const { template, name } = await ask(opts.template, opts.name);
      if (name.length > 200) throw new UsageError('--name: at most 200 characters');
      const text = starterModel(template, name);
      if (file === '-') {
        for (const line of text.trimEnd().split('\n')) io.out(line);
        return;
      }
      try {
        // 'wx': created only if it does not exist, so nothing is ever overwritten, even in a race.
        writeFileSync(file, text, { flag: 'wx' });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') throw new UsageError(`${displayPath(file)} already exists; init never overwrites a file (choose another name)`);
        throw new EnvironmentError(`cannot write ${displayPath(file)}: ${code ?? String(err)}`);
      }
      io.out(displayPath(file));
      io.err(`next: fill in what you know, then \`iotsec validate ${displayPath(file)}\` and \`iotsec assess ${displayPath(file)} --format html,pdf\``);
    });
}
