import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { InvalidArgumentError, type Command } from 'commander';
import { EnvironmentError, UsageError } from '../../model/diagnostics.js';
import { STARTER_TEMPLATES, starterModel, type StarterTemplate } from '../../model/starter.js';
import { displayPath } from '../../util/paths.js';
import { resolve } from 'node:path';
import { loadModel } from '../../model/load.js';
import type { Scaffold } from '../../evidence/deployment/scaffold.js';
import { DEFAULT_MAX_DEPLOYMENT_BYTES, readDeploymentFiles } from '../deployment-evidence.js';
import { parseMegabytes } from './options.js';
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

/** Reads, maps and scaffolds; the written model must load (a scaffold that does not validate is a bug, said as such). */
async function scaffold(files: readonly string[], name: string | undefined, maxBytes: number): Promise<{ text: string; counts: Scaffold['counts'] }> {
  const read = await readDeploymentFiles(files.map((f) => resolve(f)), maxBytes);
  const [{ mapDeployment }, { scaffoldFromDeployment }] = await Promise.all([import('../../evidence/deployment/map.js'), import('../../evidence/deployment/scaffold.js')]);
  const made = scaffoldFromDeployment(read, mapDeployment(read), name !== undefined ? { name } : {});
  const check = loadModel(new TextEncoder().encode(made.text), 'scaffold.yaml', { controls: new Set(), threats: new Set() });
  if (!check.ok) throw new Error(`the scaffolded model does not validate: ${check.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join('; ')}`);
  return made;
}

export function registerInit(program: Command, io: Io, _state: RunState): void {
  program
    .command('init')
    .description('write a starter model that validates, every optional property shown as a comment with its meaning')
    .argument('[file]', 'the model file to create (never overwritten; default model.yaml); - for standard output')
    .option('--template <shape>', `${STARTER_TEMPLATES.join(', ')}: devices straight to IoT Hub, through an IoT Edge gateway, or to IoT Central (asked on a terminal; default cloud)`, parseTemplate)
    .option('--name <text>', `the solution's name (asked on a terminal; default "${DEFAULT_NAME}")`)
    .option('--from <exports...>', 'scaffold the model from deployment exports (ARM/Bicep JSON, Resource Graph results, Terraform plan/state JSON) instead of a template: iotsec init --from export.json [more.json] model.yaml')
    .option('--max-model-size <MB>', 'largest export file read, in MB (default 64)', parseMegabytes)
    .action(async (fileArg: string | undefined, opts: { template?: StarterTemplate; name?: string; from?: string[]; maxModelSize?: number }) => {
      let file = fileArg ?? 'model.yaml';
      let text: string;
      if (opts.from !== undefined) {
        // `--from a.json b.json model.yaml`: the variadic option takes the model file too; a YAML name last is the model.
        const from = [...opts.from];
        if (fileArg === undefined && from.length > 1 && /\.ya?ml$/i.test(from[from.length - 1]!)) file = from.pop()!;
        if (opts.template !== undefined) throw new UsageError('--from and --template: choose one');
        if (opts.name !== undefined && opts.name.length > 200) throw new UsageError('--name: at most 200 characters');
        const made = await scaffold(from, opts.name, Math.max(DEFAULT_MAX_DEPLOYMENT_BYTES, opts.maxModelSize ?? 0));
        text = made.text;
        const c = made.counts;
        io.err(`iotsec: from ${from.length} export${from.length === 1 ? '' : 's'}: ${c.services} service${c.services === 1 ? '' : 's'}, ${c.edges} IoT Operations instance${c.edges === 1 ? '' : 's'}, ${c.principals} principal${c.principals === 1 ? '' : 's'}, ${c.boundaries} boundar${c.boundaries === 1 ? 'y' : 'ies'}; devices, gateways and their flows are TODO lines`);
      } else {
        const { template, name } = await ask(opts.template, opts.name);
        if (name.length > 200) throw new UsageError('--name: at most 200 characters');
        text = starterModel(template, name);
      }
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
