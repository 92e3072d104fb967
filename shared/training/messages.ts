import { messageTable, type MessageText } from '../message-text';

/**
 * What a training run says when it cannot go on: a message id and its values, so the
 * training panel says it in the interface language (the renderer's `trainingMessages.*`
 * keys), and the English sentence the CLI, the logs and the run record keep. See
 * shared/message-text.ts for the template form. Shapes (`[batch, 4]`), names, losses and
 * what an engine or a process printed are values, said as they are.
 */
export const TRAINING_MESSAGE_TEXT = {
  processKilled: 'the training process was killed ({{signal}}){{output}} — your project is unchanged; try training again',
  processCrashed: 'the training process crashed (exit code {{code}}){{output}} — your project is unchanged; try training again',
  processEnded: 'the training process ended before finishing{{output}} — your project is unchanged; try training again',
  /** The last line the process printed, after a colon. */
  processOutput: ': {{line}}',
  outOfMemory: 'training ran out of memory and was stopped — try a smaller batch size, a smaller model or less data',
  jobInvalid: 'the training job is not valid ({{problem}})',
  jobInvalidAt: 'the training job is not valid: {{place}}: {{problem}}',
  processNotStarted: 'could not start the training process: {{detail}}',
  processGarbled: 'the training process sent a message this app does not understand ({{problem}})',
  processFailed: 'the training process failed: {{detail}}',
  /** A bug, not the project's fault: `detail` is what was thrown, for a developer. */
  trainingFailed: 'training failed: {{detail}}',
  pytorchFailed: 'training with PyTorch failed: {{detail}}',
  divergedNonFinite: 'the loss became {{loss}} at epoch {{epoch}}, batch {{batch}} — training diverged; lower the learning rate (now {{rate}}) or normalize the features',
  divergedStuckHigh:
    'the loss rose from {{from}} to about {{to}} and stayed there for {{batches}} batches (up to epoch {{epoch}}, batch {{batch}}) — training diverged; lower the learning rate (now {{rate}}) or normalize the features',
  datasetMissing: 'cannot read the dataset {{file}}: the file does not exist — check the dataset path',
  graphFileMissing: 'cannot read the graph file {{file}}: the file does not exist — check the dataset path',
  graphFileDenied: 'cannot read the graph file {{file}}: permission denied — check the dataset path',
  graphFileUnreadable: 'cannot read the graph file {{file}}: {{detail}} — check the dataset path',
  graphCpuOnly: 'graph datasets train on the CPU worker only — set the training device to CPU',
  graphNotTable: 'a graph dataset trains through the graph loop (electron/worker/graph), not as a table of samples',
  oneInputOneOutput: 'training needs a model with one input and one output; this one has {{inputs}} inputs and {{outputs}} outputs',
  noSamples: 'the dataset has no samples',
  nothingToTrain: 'this model has no weights to train (its layers compute fixed functions) — add a layer with weights, such as Dense',
  inputsTargets: 'the dataset has {{inputs}} inputs but {{targets}} targets',
  fieldMissing: 'the dataset has no field "{{field}}" (it has {{fields}}) — pick one of those in the training settings',
  inputShape: "the model's input expects {{expected}} but each sample of the dataset has shape {{shape}}{{features}} — set the Input shape to {{shape}}",
  /** The feature names, in brackets after the shape. */
  featureList: ' ({{names}})',
  outputRank: 'training supports a model output of shape [batch, units] for now; this model outputs {{shape}}',
  sparseOneIndex:
    'sparse categorical crossentropy takes one class index per sample but the dataset gives {{width}} values (one-hot labels?) — use categorical crossentropy, or index labels',
  outputUnits: {
    one: "the model outputs {{units}} value per sample but the dataset's targets have {{width}}{{hint}}",
    other: "the model outputs {{units}} values per sample but the dataset's targets have {{width}}{{hint}}",
  },
  hintIndexLabels: ' — the labels are class indices: use sparse categorical crossentropy, one-hot labels, or a last layer with 1 unit',
  hintOneHotLabels: ' — the labels are one-hot over {{classes}} classes: give the last layer {{classes}} units (softmax), or use index labels with a single sigmoid unit',
  hintUnits: ' — give the last layer {{width}} units',
  graphNeedsNodeInput: 'a graph model needs an Input for the node features [nodes, features] — add one and set its role to nodeFeatures',
  graphNeedsEdgeInput: 'a graph model needs an Input for the edge index (int32, shape [2]) — add one and set its role to edgeIndex',
  graphOneOutput: 'training needs a model with one output; this one has {{outputs}}',
  graphNoEdgeFeatures: "the model has an edge-features Input ({{input}}) but this graph's edges carry no features — remove it",
  graphIdsOneGraph: 'the model has a graph-id Input ({{input}}) but this dataset is one graph whose nodes are classified — remove it, or use a dataset of many graphs',
  graphInputNodeFeatures: "the model's input {{input}} ({{role}}) expects {{expected}} but the dataset gives {{width}} node features ({{names}}) — set its shape to [{{width}}]",
  graphInputValues: "the model's input {{input}} ({{role}}) expects {{expected}} but the dataset gives {{width}} values — set its shape to [{{width}}]",
  graphOutputShape: 'graph training needs an output [nodes or graphs, classes]; this model outputs {{shape}}',
  graphNodeClasses: 'the model outputs {{units}} values per node but the dataset has {{classes}} classes — give the last layer {{classes}} units (softmax)',
  graphGraphClasses: 'the model outputs {{units}} values per graph but the dataset has {{classes}} classes — give the last layer {{classes}} units (softmax)',
  graphBinaryUnits: 'binary crossentropy needs one sigmoid output unit; this model has {{units}}',
  graphLoss: 'graph datasets are classified: choose a crossentropy loss rather than {{loss}}',
  noDataset: 'the project "{{name}}" has no dataset — choose a generated set or a CSV file before training',
  relativeDataset:
    'the dataset path "{{path}}" is relative to the project\'s folder, but this project has not been saved yet — save the project first, or choose the CSV file by its full path',
  busy: 'a training run is already in progress — stop it first',
  runNotTraining: 'run {{run}} is not training (it has ended or never started) — there is nothing to {{verb}}',
  verbPause: 'pause',
  verbResume: 'resume',
  verbStop: 'stop',
  verbStep: 'step',
  stepNeedsGan: 'run {{run}} is not a GAN: only a GAN steps its discriminator or its generator alone — step the whole batch instead',
  stepNotOnPytorch: 'the PyTorch engine does not run single steps — resume the run, or train with TensorFlow.js (training settings → engine) to step through it',
  runNotFound: 'there is no run "{{run}}" — list the project\'s runs and pick one from there',
  runNotFoundBeside: 'there is no run "{{run}}" beside {{project}} — list the project\'s runs and pick one from there',
  runStillTraining: 'run {{run}} is still training — wait for it to finish or stop it first',
  runFailedWithoutWeights: 'run {{run}} kept no trained weights (it failed before the first epoch finished) — train again',
  runEndedWithoutWeights: 'run {{run}} kept no trained weights (it ended before the first epoch finished) — train again',
  runWeightsUnreadable: 'cannot load the trained weights of run {{run}}: {{detail}}',
  runNoInputInfo: "run {{run}} kept no description of its inputs, and the model's input shape is not fixed — train again to try it",
  runNoNormalization: 'run {{run}} did not keep how its features were normalized (it was stopped before evaluating) — train it to the end to try it',
  inputRowWidth: {
    one: 'input row {{row}} has {{values}} value but the model takes {{width}}{{features}} — give one value per feature',
    other: 'input row {{row}} has {{values}} values but the model takes {{width}}{{features}} — give one value per feature',
  },
  shuttingDown: 'the host is shutting down — start NN Designer again to train',
} as const;

export type TrainingMessageId = keyof typeof TRAINING_MESSAGE_TEXT;
export type TrainingText = MessageText<TrainingMessageId>;

/** Its ids, the maker of its messages (each with exactly the values its template names), the English sentence and the schema: see messageTable. */
export const { ids: TRAINING_MESSAGE_IDS, make: trainingText, english: trainingMessage, schema: TrainingTextSchema } = messageTable(TRAINING_MESSAGE_TEXT);
