import { createRequire } from 'node:module';
import { Command, InvalidArgumentError, Option } from 'commander';
import { CliError, debugEnabled, formatFailure } from './errors';

const packageJson = createRequire(import.meta.url)('../../package.json') as { version: string };

/** Waits until everything written to stdout and stderr has left the process. */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => stream.write('', () => resolve()));
}

async function exit(code: number): Promise<never> {
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(code);
}

/**
 * Runs one command and turns any failure into one line on stderr and a non-zero exit.
 * Stack traces only with NND_DEBUG=1: a person who typed a wrong path does not need one.
 */
function action<A extends unknown[]>(command: string, body: (...args: A) => Promise<number>) {
  return async (...args: A) => {
    let code: number;
    try {
      code = await body(...args);
    } catch (err) {
      process.stderr.write(formatFailure(command, err) + '\n');
      if (debugEnabled() && err instanceof Error && err.stack) process.stderr.write(err.stack + '\n');
      else if (isLikelyBug(err)) process.stderr.write('nnd: this looks like a bug in nnd — run again with NND_DEBUG=1 and report the output\n');
      code = err instanceof CliError ? err.exitCode : 1;
    }
    await exit(code);
  };
}

function isLikelyBug(err: unknown): boolean {
  return err instanceof TypeError || err instanceof ReferenceError;
}

function positiveInteger(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${flag} takes a whole number ≥ 1, got "${value}"`);
    return n;
  };
}

function integer(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n)) throw new InvalidArgumentError(`${flag} takes a whole number, got "${value}"`);
    return n;
  };
}

function numberFrom(flag: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) throw new InvalidArgumentError(`${flag} takes a number from ${min} to ${max}, got "${value}"`);
    return n;
  };
}

function print(line: string): void {
  process.stdout.write(line + '\n');
}

const program = new Command('nnd')
  .description('NN Designer on the command line: validate, summarise, train, generate with, import and export networks.')
  .version(packageJson.version)
  .showHelpAfterError('(run nnd --help for usage)')
  .addHelpText(
    'after',
    '\nExit codes: 0 success, 1 a problem in the project or its data (one line each on stderr), 130 stopped with Ctrl+C.\nSet NND_DEBUG=1 to see stack traces.',
  );

program
  .command('validate')
  .description('check a project for problems; exit 0 when valid, else one line per problem and exit 1')
  .argument('<file>', 'project file (*.nnd.json)')
  .action(
    action('validate', async (file: string) => {
      const { validateProjectFile } = await import('./validate');
      const outcome = await validateProjectFile(file);
      for (const line of outcome.lines) (outcome.exitCode === 0 ? process.stdout : process.stderr).write(line + '\n');
      return outcome.exitCode;
    }),
  );

program
  .command('summary')
  .description('layers, output shapes and parameter counts, like Keras model.summary()')
  .argument('<file>', 'project file (*.nnd.json) or TensorFlow.js / Keras model.json')
  .option('--json', 'print one JSON object instead of the table')
  .action(
    action('summary', async (file: string, options: { json?: boolean }) => {
      const [{ loadNetwork }, { analyzeGraph }, { catalog }, { summarize, summaryJson, summaryTable }, { formatProblem }] = await Promise.all([
        import('./load'),
        import('../../shared/graph/analyze'),
        import('../../shared/layers'),
        import('./summary'),
        import('./validate'),
      ]);
      const { doc, warnings } = await loadNetwork(file);
      for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
      const analysis = analyzeGraph(doc, catalog);
      const errors = analysis.problems.filter((p) => p.severity === 'error');
      if (errors.length) {
        for (const p of errors) process.stderr.write(formatProblem(p) + '\n');
        throw new CliError(`${file} has ${errors.length} problem${errors.length === 1 ? '' : 's'} — fix them (nnd validate lists them) to get a summary`);
      }
      const summary = summarize(doc, analysis);
      print(options.json ? summaryJson(summary) : summaryTable(summary));
      return 0;
    }),
  );

program
  .command('layers')
  .description('every layer kind: family, label, ports, params with their types and defaults')
  .option('--json', 'print one JSON object ({ kinds: [...] }) instead of the table')
  .action(
    action('layers', async (options: { json?: boolean }) => {
      const [{ catalog }, { layersJson, layersTable }] = await Promise.all([import('../../shared/layers'), import('./layers')]);
      print(options.json ? layersJson(catalog) : layersTable(catalog));
      return 0;
    }),
  );

program
  .command('train')
  .description("train in a worker process with the project's dataset and training settings")
  .argument('<file>', 'project file (*.nnd.json)')
  .option('--data <file.csv>', 'train on this CSV instead: every column but the label is a feature')
  .option('--label <column>', 'the CSV column to predict (default: the last column)')
  .option('--epochs <n>', 'override the number of epochs', positiveInteger('--epochs'))
  .option('--batch-size <n>', 'override the batch size', positiveInteger('--batch-size'))
  .addOption(new Option('--engine <engine>', 'tfjs: the built-in TensorFlow.js worker; pytorch: train.py with a local Python that has torch (NND_PYTHON picks one)').choices(['tfjs', 'pytorch']))
  .option('--save', 'write the trained weights to <name>.weights/ beside the project and record them in it')
  .option('--json', 'print every training event as one JSON object per line on stdout')
  .action(
    action('train', async (file: string, options: import('./train').TrainOptions) => {
      const { trainProjectFile } = await import('./train');
      return (await trainProjectFile(file, options)).exitCode;
    }),
  );

program
  .command('generate')
  .description("sample a GAN's generator, or write text with a next-token model: its trained weights after nnd train --save, else its initial ones")
  .argument('<file>', 'project file (*.nnd.json)')
  .option('-n <n>', 'how many samples', positiveInteger('-n'), 1)
  .option('--seed <n>', "seed of the sampling: a GAN's noise (default: the project's seed); text: sample k uses seed + k (default 1)", integer('--seed'))
  .option('--json', 'print one JSON object instead: {"shape": [...], "samples": [...]} for a GAN, {"prompt": …, "samples": [...]} for text')
  .option('-o, --out <file.png>', "GAN: draw the samples into a PNG, a grid of images or a scatter of 2-D points")
  .option('--prompt <text>', 'text: what the samples continue', '')
  .option('--length <n>', 'text: tokens each sample writes', positiveInteger('--length'), 80)
  .option('--temperature <t>', 'text: 0 always takes the likeliest token (the default, so every sample is the same); above 0 samples, sharper below 1', numberFrom('--temperature', 0, 5), 0)
  .addHelpText('after', '\nWithout --json or -o a GAN prints one sample a line (its values row-major, separated by spaces) and text prints each sample after its prompt.')
  .action(
    action('generate', async (file: string, options: import('./generate').GenerateOptions & { json?: boolean; out?: string }, command: Command) => {
      if (options.json && options.out) throw new CliError('--json prints the samples and -o draws them: choose one');
      const { generateFromProjectFile, formatGenerated, generatedJson, writeGeneratedPicture } = await import('./generate');
      const textFlags = ['prompt', 'length', 'temperature'].filter((name) => command.getOptionValueSource(name) === 'cli').map((name) => `--${name}`);
      const generated = await generateFromProjectFile(file, { ...options, textFlags }, (line) => process.stderr.write(line + '\n'));
      if (options.out) print(await writeGeneratedPicture(generated, file, options.out));
      else print(options.json ? generatedJson(generated) : formatGenerated(generated));
      return 0;
    }),
  );

program
  .command('export')
  .description('write a TensorFlow.js layers model (model.json + weights.bin), or PyTorch / Keras code; trained weights when the project has them')
  .argument('<file>', 'project file (*.nnd.json)')
  .requiredOption('-o, --out <dir>', 'folder to write the files into (created if missing)')
  .addOption(new Option('--format <format>', 'tfjs: model.json + weights.bin; pytorch: model.py, weights, train.py and the data; keras: model.py + weights').choices(['tfjs', 'pytorch', 'keras']).default('tfjs'))
  .action(
    action('export', async (file: string, options: { out: string; format: 'tfjs' | 'pytorch' | 'keras' }) => {
      const { exportProjectFile } = await import('./export');
      print(await exportProjectFile(file, options.out, options.format));
      return 0;
    }),
  );

program
  .command('import')
  .description('turn a TensorFlow.js model.json or a Keras model.to_json() file into a project')
  .argument('<model.json>', 'the model file (topology only; weights are not imported)')
  .requiredOption('-o, --out <file.nnd.json>', 'the project file to write')
  .option('--force', 'replace the project file if it exists')
  .action(
    action('import', async (modelFile: string, options: { out: string; force?: boolean }) => {
      const { importModelFile } = await import('./import');
      const { summary, warnings } = await importModelFile(modelFile, options.out, options);
      for (const w of warnings) process.stderr.write(`warning: ${w}\n`);
      print(summary);
      return 0;
    }),
  );

program
  .command('serve')
  .description('the editor in your browser: serves it with the host services on 127.0.0.1 and prints the URL')
  .option('--port <n>', 'port to listen on (0: any free port; default 4717, or a free one if that is taken)', (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(`--port takes a whole number from 0 to 65535, got "${value}"`);
    return n;
  })
  .option('--no-open', 'do not open a browser; just print the URL')
  .option('--project <file>', 'open this project (*.nnd.json) when the page loads')
  .action(
    action('serve', async (options: import('./serve').ServeOptions) => {
      const { serveEditor } = await import('./serve');
      return serveEditor(options, print);
    }),
  );

await program.parseAsync(process.argv);
