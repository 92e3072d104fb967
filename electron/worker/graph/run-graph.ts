import type * as tf from '@tensorflow/tfjs';
import type { GraphDatasetReference } from '../../../shared/data/graph-reference';
import type { GraphDocument } from '../../../shared/graph/document';
import { declaredInputRoles } from '../../../shared/layers/graph/roles';
import type { TrainingConfig } from '../../../shared/graph/training-config';
import type { DoneEvent, TrainingEvent } from '../../../shared/training/protocol';
import type { TrainingControl } from '../../../shared/training/control';
import { trainGraphModel } from '../../../shared/training/train-graph';
import { writeLayersModel } from '../../node/model-files';
import { loadGraphDatasetFromDisk } from '../../node/load-graph-dataset';

export { declaredInputRoles };

export interface GraphRunJob {
  document: GraphDocument;
  dataset: GraphDatasetReference;
  training: TrainingConfig;
  saveTo?: string;
  saveBestTo?: string;
  evaluate?: boolean;
}

/**
 * The worker's run for a graph dataset: the graph is read here, trained on by the graph
 * loop, saved, and (when asked) evaluated on its validation nodes or graphs. Returns the
 * `done` event for the caller to send; progress goes out through `send` meanwhile.
 */
export async function runGraphTraining(
  model: tf.LayersModel,
  job: GraphRunJob,
  backend: string,
  control: TrainingControl,
  send: (event: TrainingEvent) => Promise<void>,
): Promise<DoneEvent> {
  const data = await loadGraphDatasetFromDisk(job.dataset);
  let savedTo: string | undefined;
  const outcome = await trainGraphModel(model, data, job.training, {
    backend,
    control,
    inputRoles: declaredInputRoles(job.document),
    onEvent: (e) => void send(e),
    ...(job.saveTo && job.saveBestTo
      ? {
          beforeRestoringBest: async (lastEpochModel) => {
            await writeLayersModel(job.saveTo!, lastEpochModel);
            savedTo = job.saveTo;
          },
        }
      : {}),
  });
  let savedBestTo: string | undefined;
  if (job.saveTo && outcome.epochs > 0) {
    if (savedTo && job.saveBestTo) {
      await writeLayersModel(job.saveBestTo, model);
      savedBestTo = job.saveBestTo;
    } else {
      await writeLayersModel(job.saveTo, model);
      savedTo = job.saveTo;
    }
  }
  if (job.evaluate && outcome.epochs > 0 && outcome.reason !== 'stopped')
    await send({
      type: 'evaluation',
      backend,
      evaluation: outcome.evaluation,
      input: { featureNames: data.featureNames, sampleShape: [data.featureNames.length], classNames: data.classNames },
    });
  const { test: _test, evaluation: _evaluation, ...done } = outcome;
  return { type: 'done', ...done, ...(savedTo ? { savedTo } : {}), ...(savedBestTo ? { savedBestTo } : {}) };
}
