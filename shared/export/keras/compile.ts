import { pythonHelper, pyString, type PythonHelper } from '../../codegen/python';
import type { GraphAnalysis } from '../../graph/analyze';
import type { GraphDocument } from '../../graph/document';
import { promisedFields, resolveBindings, type BoundOutput } from '../../graph/objectives';
import type { LossName, MetricName, TrainingConfig } from '../../graph/training-config';
import { kerasOverlapPy } from './templates/metrics/keras_overlap.py.generated';
import { kerasPerplexityPy } from './templates/metrics/keras_perplexity.py.generated';
import { kerasPsnrPy } from './templates/metrics/keras_psnr.py.generated';

const OVERLAP_HELPER = pythonHelper('overlap_metric', kerasOverlapPy);
const PSNR_HELPER = pythonHelper('psnr', kerasPsnrPy);
const PERPLEXITY_HELPER = pythonHelper('Perplexity', kerasPerplexityPy);

/** Keras's names for our losses. */
const KERAS_LOSSES: Record<LossName, string> = {
  mse: 'mean_squared_error',
  mae: 'mean_absolute_error',
  huber: 'huber',
  binaryCrossentropy: 'binary_crossentropy',
  categoricalCrossentropy: 'categorical_crossentropy',
  sparseCategoricalCrossentropy: 'sparse_categorical_crossentropy',
};

/** One metric as compile() takes it: Keras's own name where Keras has the metric, else ours from the helpers. */
function kerasMetric(metric: MetricName, loss: LossName): { code: string; helper?: PythonHelper } {
  const sparse = loss === 'sparseCategoricalCrossentropy';
  switch (metric) {
    case 'accuracy':
      return { code: pyString('accuracy') };
    case 'mae':
      return { code: pyString('mean_absolute_error') };
    case 'mse':
      return { code: pyString('mean_squared_error') };
    case 'iou':
    case 'dice':
      return { code: `overlap_metric(${pyString(metric)}, ${sparse ? 'True' : 'False'}, ${pyString(metric)})`, helper: OVERLAP_HELPER };
    case 'psnr':
      return { code: 'psnr', helper: PSNR_HELPER };
    case 'perplexity':
      return { code: `Perplexity(sparse=${sparse ? 'True' : 'False'})`, helper: PERPLEXITY_HELPER };
  }
}

/** The optimizer with TensorFlow.js's defaults where Keras's differ, and the exponential schedule (the one that needs no step count). */
function kerasOptimizer(training: TrainingConfig): { code: string; note?: string } {
  const s = training.schedule;
  const lr =
    s.kind === 'exponential'
      ? `keras.optimizers.schedules.ExponentialDecay(${training.learningRate}, decay_steps=${s.decaySteps}, decay_rate=${s.rate})`
      : String(training.learningRate);
  const note = s.kind === 'step' || s.kind === 'cosine' ? `    # The project's learning rate follows a ${s.kind} schedule: give fit() a keras.callbacks.LearningRateScheduler for it.` : undefined;
  const make = (cls: string, extra = '') => ({ code: `keras.optimizers.${cls}(learning_rate=${lr}${extra})`, ...(note ? { note } : {}) });
  switch (training.optimizer) {
    case 'sgd':
      return make('SGD');
    case 'momentum':
      return make('SGD', `, momentum=${training.momentum}`);
    case 'adam':
      return make('Adam');
    case 'adamax':
      return make('Adamax');
    case 'rmsprop':
      return make('RMSprop', ', rho=0.9');
    case 'adagrad':
      return make('Adagrad', ', initial_accumulator_value=0.1');
    case 'adadelta':
      return make('Adadelta', ', rho=0.95');
  }
}

/**
 * compile_model's body: the optimizer and, for each output the document trains, its loss,
 * loss weight and metrics — plain arguments for one output, dicts keyed by the output layer's
 * name (Keras's `compile(loss={...}, loss_weights={...}, metrics={...})`) for several.
 * `layerName` is the Keras layer name of a node. Outputs with no objective are left out.
 */
export function kerasCompile(doc: GraphDocument, analysis: GraphAnalysis, layerName: (nodeId: string) => string): { lines: string[]; helpers: PythonHelper[] } {
  // What the dataset promises without reading it: binds several outputs by name, and says which target value is padding.
  const fields = promisedFields(doc.dataset, analysis, doc.training);
  const { outputs } = resolveBindings(doc, analysis, fields, doc.training);
  const ignored = (o: BoundOutput) => fields?.[o.field]?.ignoreValue;
  const lossOf = (o: BoundOutput) => {
    const ignore = ignored(o);
    return o.loss === 'sparseCategoricalCrossentropy' && ignore !== undefined ? `keras.losses.SparseCategoricalCrossentropy(ignore_class=${ignore})` : pyString(KERAS_LOSSES[o.loss]);
  };
  const notes = outputs.flatMap((o) =>
    ignored(o) !== undefined
      ? [
          o.loss === 'sparseCategoricalCrossentropy'
            ? `    # ${o.name}: target value ${ignored(o)} is padding: the loss leaves it out (ignore_class); Keras's metrics still count it.`
            : `    # ${o.name}: target value ${ignored(o)} is padding, which Keras counts: give fit() a sample_weight that is 0 there.`,
        ]
      : [],
  );
  const optimizer = kerasOptimizer(doc.training);
  const helpers: PythonHelper[] = [];
  const metricsOf = (o: BoundOutput) =>
    `[${o.metrics
      .map((m) => {
        const metric = kerasMetric(m, o.loss);
        if (metric.helper) helpers.push(metric.helper);
        return metric.code;
      })
      .join(', ')}]`;
  const args: string[] = [`        optimizer=${optimizer.code},`];
  if (!outputs.length) return { lines: ['    # The project gives no output a training objective: add loss=… here before fit().', '    model.compile(', ...args, '    )'], helpers };
  const modelOutputs = analysis.outputs.flatMap((id) => analysis.nodes.get(id)?.outputShapes.map(() => id) ?? []);
  if (modelOutputs.length === 1 && outputs.length === 1) {
    const [o] = outputs;
    args.push(`        loss=${lossOf(o!)},`, `        metrics=${metricsOf(o!)},`);
  } else {
    // Dicts need one Keras output name per output; a layer with several outputs (or a name met twice) takes lists in output order.
    const names = modelOutputs.map(layerName);
    const byName = new Set(names).size === names.length;
    const entry = (o: BoundOutput, value: string) => (byName ? `${pyString(names[o.index]!)}: ${value}` : value);
    const collection = (values: (o: BoundOutput) => string, absent: string) => {
      if (byName) return `{${outputs.map((o) => entry(o, values(o))).join(', ')}}`;
      return `[${modelOutputs.map((_, i) => outputs.find((o) => o.index === i)).map((o) => (o ? values(o) : absent)).join(', ')}]`;
    };
    args.push(
      `        loss=${collection(lossOf, 'None')},`,
      `        loss_weights=${collection((o) => String(o.weight), '0.0')},`,
      `        metrics=${collection(metricsOf, '[]')},`,
    );
  }
  return { lines: [...(optimizer.note ? [optimizer.note] : []), ...notes, '    model.compile(', ...args, '    )'], helpers };
}
