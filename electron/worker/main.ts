/**
 * The training worker process. The host forks it, may send one `calibrate` (a few timed
 * batches, when a GPU worker competes for the run), then one `start` (the graph, a dataset
 * reference and the training config), and may send `pause`, `resume` and `stop`; the worker
 * answers with protocol events and exits after its `done` or `error`. The job itself is
 * shared/training/runner.ts, which the GPU worker page runs too.
 */
import { createTrainingRunner } from '../../shared/training/runner';
import { writeLayersModel } from '../node/model-files';
import { backendLabel, selectBackend } from './backend';
import { registerFastPath } from './fast-path';
import { loadGraphDatasetFromDisk } from '../node/load-graph-dataset';
import { loadDataset } from '../node/load-dataset';
import { connectToParent } from './parent-channel';

// A fork child in browser mode and the CLI, an Electron utilityProcess in the desktop app.
const parent = connectToParent();

const runner = createTrainingRunner({
  // The label names the build too (`wasm (2 threads)`), for the ready event, the logs and the run history.
  selectBackend: async (only) => {
    await registerFastPath();
    const warnings: string[] = [];
    const backend = backendLabel(await selectBackend(only, { onWarning: (message) => warnings.push(message) }));
    for (const message of warnings) void parent.send({ type: 'log', backend, level: 'warn', message });
    return backend;
  },
  loadData: (job, outputUnits) => loadDataset(job.dataset, job.training, outputUnits),
  saveModel: writeLayersModel,
  loadGraph: loadGraphDatasetFromDisk,
  send: (event) => parent.send(event),
  finished: () => process.exit(0),
});

parent.onRequest((raw) => runner.handle(raw));

// Orphaned by its host: nobody is listening, so stop at once.
parent.onParentGone(() => process.exit(0));
// Ctrl+C in a terminal reaches the whole process group; the host decides, so finish the
// batch and report instead of dying mid-write.
process.on('SIGINT', () => runner.stop());
