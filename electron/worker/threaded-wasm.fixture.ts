/**
 * Run by threaded-wasm.test.ts in a child process: trains examples/residual-cnn.nnd.json in
 * this process, as the worker would, on the wasm build NND_WASM_THREADS names, and prints
 * `{"backend": …, "loss": …}`. It then ends by running out of work, never process.exit, so
 * a pool thread that kept the process alive shows as a hang.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileGraph } from '../../shared/compile/compile';
import { parseDocument } from '../../shared/graph/document';
import { seedMathRandom } from '../../shared/layers/seed';
import { tfjsCatalog } from '../../shared/layers/tfjs-catalog';
import { trainModel } from '../../shared/training/train';
import { loadDataset, resolveDatasetPath } from '../node/load-dataset';
import { backendLabel, selectBackend } from './backend';
import { registerFastPath } from './fast-path';

const examples = fileURLToPath(new URL('../../examples/', import.meta.url));
const document = parseDocument(JSON.parse(readFileSync(path.join(examples, 'residual-cnn.nnd.json'), 'utf8')));
await registerFastPath();
const backend = backendLabel(await selectBackend('wasm'));
seedMathRandom(document.training.seed);
const { model } = compileGraph(document, tfjsCatalog);
const units = model.outputs[0]!.shape.at(-1) ?? null;
const data = await loadDataset(resolveDatasetPath(document.dataset!, examples), document.training, units);
const outcome = await trainModel(model, data, document.training, { backend });
console.log(JSON.stringify({ backend, loss: outcome.metrics.loss }));
