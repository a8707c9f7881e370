import type { Command } from 'commander';
import { formatDiagnostic, InputError } from '../../model/diagnostics.js';
import { DEFAULT_MAX_MODEL_BYTES, knownIds, loadCatalogs, readModel } from '../inputs.js';
import { deploymentFiles } from '../deployment-evidence.js';
import { EXIT } from '../exit.js';
import type { Io, RunState } from '../program.js';
import { collect, parseMegabytes } from './options.js';

export function registerValidate(program: Command, io: Io, state: RunState): void {
  program
    .command('validate')
    .description('check models: YAML syntax, schema, references and consistency with the guidance (no assessment)')
    .argument('<models...>', 'model files (YAML)')
    .option('--catalog <file>', 'add controls and threats from a catalog file (repeatable)', collect, [])
    .option('--max-model-size <MB>', `largest model file read, in MB (default ${DEFAULT_MAX_MODEL_BYTES / (1024 * 1024)})`, parseMegabytes)
    .option('--allow-outside', "let a model's include: reach files outside its own folder")
    .action(async (models: string[], opts: { catalog: string[]; maxModelSize?: number; allowOutside?: boolean }) => {
      const known = knownIds(loadCatalogs(opts.catalog));
      for (const file of models) {
        // A turn of the event loop between models: a signal is handled here, not after the batch.
        await new Promise((resolve) => setImmediate(resolve));
        if (state.stop.stopped) break;
        const input = readModel(file, known, opts.maxModelSize, { allowOutside: opts.allowOutside === true });
        if (!input.result.ok) {
          for (const d of input.result.diagnostics) io.err(formatDiagnostic(d));
          state.exitCode = EXIT.input;
          continue;
        }
        const { loaded } = input.result;
        // The model's deployment: files must exist and stay in its folder, as assess will require.
        try {
          deploymentFiles(file, loaded, [], opts.allowOutside === true);
        } catch (err) {
          if (!(err instanceof InputError)) throw err;
          for (const d of err.diagnostics) io.err(formatDiagnostic(d));
          state.exitCode = EXIT.input;
          continue;
        }
        for (const d of loaded.warnings) io.err(formatDiagnostic(d));
        const n = loaded.index.all.length - 1;
        io.out(`${loaded.source.file}: valid (${n} element${n === 1 ? '' : 's'}, ${loaded.warnings.length} warning${loaded.warnings.length === 1 ? '' : 's'})`);
      }
    });
}
