import path from 'node:path';
import { CompileError } from '../../shared/compile/compile';
import type { ExportFormat } from '../../shared/export/formats';
import { ExportRefusedError } from '../../shared/export/common/refused';
import { exportModel, ModelExportError } from '../host/model-export';
import type { TrainScriptMissing } from '../../shared/host-api';
import { readProject, resolveFromProject } from '../node/project-files';
import { CliError } from './errors';
import { formatProblem } from './validate';

const LABELS: Record<ExportFormat, string> = { tfjs: 'TensorFlow.js', pytorch: 'PyTorch', keras: 'Keras' };

/** Why a PyTorch export has no train.py, when its training problems (said one per line) are not the reason. */
function trainScriptMissingNote(missing: TrainScriptMissing | null): string {
  if (missing === 'no-dataset') return '; no train.py: the project has no dataset — choose one and export again';
  if (missing === 'graph-dataset') return '; no train.py: a graph dataset is trained in NN Designer or by nnd train, not by train.py';
  if (missing === 'training-problems') return '; no train.py: the project cannot train as drawn (nnd validate lists why)';
  return '';
}

/** `nnd export`: model.json + weights.bin (tfjs), or PyTorch / Keras code, in `outDir`; returns the line to print. */
export async function exportProjectFile(file: string, outDir: string, format: ExportFormat = 'tfjs'): Promise<string> {
  const doc = await readProject(file);
  let exported;
  try {
    exported = await exportModel({
      document: doc,
      format,
      outDir,
      weightsDir: doc.weights ? resolveFromProject(file, doc.weights.path) : null,
      baseDir: path.dirname(path.resolve(file)),
    });
  } catch (err) {
    if (err instanceof CompileError) {
      for (const p of err.problems) process.stderr.write(formatProblem(p) + '\n');
      throw new CliError(`${file} has ${err.problems.length} problem${err.problems.length === 1 ? '' : 's'} — fix them before exporting (nnd validate lists them)`);
    }
    if (err instanceof ExportRefusedError)
      throw new CliError(`${file} cannot be exported as ${LABELS[format]} code: ${err.problems.map((p) => `${doc.nodes.find((n) => n.id === p.nodeId)?.name ?? p.nodeId}: ${p.message}`).join('; ')}`);
    if (err instanceof ModelExportError) throw new CliError(`${file}: ${err.message}`);
    throw err;
  }
  const params = exported.params.toLocaleString('en-US');
  if (format === 'tfjs') {
    const weights = exported.weights === 'trained' ? `trained weights from ${doc.weights!.path}` : `fresh weights (seed ${doc.training.seed}; train with --save to export trained ones)`;
    const networks = exported.ganNetworks ? `; the generator and the discriminator each in ${path.join(outDir, 'generator')} and ${path.join(outDir, 'discriminator')}` : '';
    return `exported ${doc.name} (${params} params, ${weights}) to ${exported.mainFile} + ${path.basename(exported.files[1]!)}${networks}`;
  }
  const source = exported.weights === 'trained' ? `trained weights from ${doc.weights!.path}` : `initial weights (seed ${doc.training.seed})`;
  // The model is written either way; what it lacks to train is said, one line per problem as nnd validate says it.
  for (const p of exported.trainingProblems) process.stderr.write(`warning: ${formatProblem(p)}\n`);
  const problems = exported.trainingProblems.length;
  let note = '';
  if (problems) note = `; it cannot train as drawn (${problems} problem${problems === 1 ? '' : 's'} above${format === 'pytorch' ? ', so no train.py' : ''}) — fix them and export again`;
  else if (format === 'pytorch' && exported.trainScript && exported.ganNetworks) note = '; model.py defines Generator and Discriminator, train with python train.py';
  else if (format === 'pytorch' && exported.trainScript) note = '; train with python train.py or torchrun --nproc_per_node=N train.py';
  else if (format === 'pytorch') note = trainScriptMissingNote(exported.trainScriptMissing);
  return `exported ${doc.name} as ${LABELS[format]} code (${params} params, ${source}) to ${exported.mainFile}${note}`;
}
