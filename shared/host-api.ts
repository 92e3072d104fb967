import { z } from 'zod';
import type { PortableIssue } from './zod-issue';
import { GraphDocumentSchema } from './graph/document';
import { defineService, RpcError, type Client, type ServiceImplementation } from './rpc';
import { GAN_PLAYERS, TrainingEventSchema } from './training/protocol';
import { RunRecordSchema, RunSummarySchema } from './training/run-record';
import { BuiltinDatasetEntrySchema, DatasetPreviewRequestSchema, DatasetPreviewSchema } from './data/preview';
import { DatasetReferenceSchema } from './data/reference';
import { SaidSchema, type Said } from './said';
import { NodeEmbeddingsSchema } from './data/graph-embeddings';
import { AttentionMapsSchema, GeneratedTextSchema } from './training/sequence-inspection-schema';
import { MenuCommandEventSchema } from './desktop-menu';
import { ExportFormatSchema } from './export/formats';
import { ProblemSchema } from './graph/problem-schema';

/**
 * The one contract between the UI and the host. The Electron preload, the browser-mode
 * WebSocket client (renderer/src/host) and the tests all derive from `hostService`: add a
 * method here with its schemas, implement it in electron/host/host-service.ts, and every
 * transport carries it. Files are opened and saved through these methods, never by the
 * page directly.
 */

/** Absolute paths on the host's file system, as the host spells them. */
const HostPath = z.string().min(1, 'a path cannot be empty');

export const HostInfoSchema = z.object({
  /** `browser`: `nnd serve` behind a local web page; `desktop`: the Electron window. */
  mode: z.enum(['browser', 'desktop']),
  /** The NN Designer version (package.json). */
  version: z.string(),
  /** Node's `process.platform`: `linux`, `darwin`, `win32`. */
  platform: z.string(),
  homeDir: z.string(),
  /** Where the host was started; the natural first folder of a file picker. */
  cwd: z.string(),
  /** `/` or `\`, so the page can show and join paths the host's way. */
  pathSeparator: z.enum(['/', '\\']),
  /** The project to open at start (`nnd serve --project file`), absolute; null when none was asked for. */
  initialProject: z.string().nullable(),
  /** The host machine's memory, in bytes: validation says when a model cannot train in it. */
  memoryBytes: z.number().positive().optional(),
});
export type HostInfo = z.infer<typeof HostInfoSchema>;

export const ExampleProjectSchema = z.object({
  /** File name inside examples/, e.g. `mlp-xor.nnd.json`. */
  file: z.string(),
  /** Absolute path, to open it as a project. */
  path: z.string(),
  name: z.string(),
  description: z.string(),
  document: GraphDocumentSchema,
});
export type ExampleProject = z.infer<typeof ExampleProjectSchema>;

export const OpenedProjectSchema = z.object({
  /** Absolute path of the file read. */
  path: z.string(),
  document: GraphDocumentSchema,
});
export type OpenedProject = z.infer<typeof OpenedProjectSchema>;

export const RecentProjectSchema = z.object({
  path: z.string(),
  /** The document's name when it was last opened or saved. */
  name: z.string(),
  /** ISO 8601 time of the last open or save. */
  lastOpened: z.string(),
  /** Whether the file is still there (checked when the list is asked for). */
  exists: z.boolean(),
});
export type RecentProject = z.infer<typeof RecentProjectSchema>;

export const DirectoryEntrySchema = z.object({
  name: z.string(),
  path: z.string(),
  kind: z.enum(['directory', 'file']),
  /** Ends in `.nnd.json`. */
  isProject: z.boolean(),
  /** Bytes; files only. */
  size: z.number().optional(),
  /** ISO 8601 time of the last change. */
  modified: z.string().optional(),
});
export type DirectoryEntry = z.infer<typeof DirectoryEntrySchema>;

export const DirectoryListingSchema = z.object({
  /** The folder listed, absolute and normalised. */
  path: z.string(),
  /** The folder above; null at a root. */
  parent: z.string().nullable(),
  /** Folders first, then files, each sorted by name. */
  entries: z.array(DirectoryEntrySchema),
});
export type DirectoryListing = z.infer<typeof DirectoryListingSchema>;

/**
 * Error codes a host method can fail with, beyond the RPC layer's own
 * (`invalid-params`, `disconnected`, …). The message always says what happened and what to do.
 */
export const HOST_ERROR_CODES = {
  /** No such file or folder. */
  notFound: 'not-found',
  /** The file is not valid JSON, or not a valid project document. */
  malformedProject: 'malformed-project',
  /** The project was saved by a newer NN Designer. */
  newerVersion: 'newer-version',
  permissionDenied: 'permission-denied',
  /** Any other file-system failure (disk full, a folder where a file was expected, …). */
  fileSystem: 'file-system',
  /** A training run is already active; stop it before starting another. */
  trainingBusy: 'training-busy',
  /** No run with that id (or not one this call can use: still running, no weights kept). */
  runNotFound: 'run-not-found',
  /** The run exists but cannot do what was asked (it kept no weights, it is still running, …). */
  runUnavailable: 'run-unavailable',
  /** The project cannot be trained as it is (no dataset, a relative CSV path in an unsaved project, …). */
  trainingRefused: 'training-refused',
  /** The inputs given to predict do not fit the model. */
  badInput: 'bad-input',
  /** A dataset file that cannot be used as it is (empty, binary, not UTF-8, ragged, too large, …); the message says where and what to do. */
  badDataset: 'bad-dataset',
  /** This host cannot do that (a native dialog in browser mode, say); the page uses its own way. */
  unsupported: 'unsupported',
  /** No recovery file with that id (already recovered or discarded). */
  recoveryNotFound: 'recovery-not-found',
  /** The model cannot be written in the format asked for (a graph with problems, a layer kind the format lacks); the message names the layers. */
  exportRefused: 'export-refused',
} as const;
export type HostErrorCode = (typeof HOST_ERROR_CODES)[keyof typeof HOST_ERROR_CODES];

/** A host failure a person can act on; it crosses every transport with its code. */
export class HostError extends RpcError {
  constructor(
    message: string,
    override readonly code: HostErrorCode,
    /** For a malformed project, the JSON path of the bad value (`nodes.3.type`). */
    readonly documentPath?: string,
    /** For a project the schema refuses: the schema's complaint, which the page says in its own language. */
    readonly issue?: PortableIssue,
    /** The message as an id and values (a dataset's problem, a refused start), which the page says in its own language. */
    readonly said?: Said,
  ) {
    super(
      message,
      code,
      documentPath === undefined && issue === undefined && said === undefined ? undefined : { documentPath, ...(issue ? { issue } : {}), ...(said ? { said } : {}) },
    );
    this.name = 'HostError';
  }
}

/** What a HostError's data may say again in the page's language: see HostError. */
export const HostErrorSaidSchema = z.object({ said: SaidSchema });

const NoParams = z.undefined();
const RunId = z.object({ runId: z.string().min(1) });

/** What `predict` returns for each input row. */
export const PredictionSchema = z.object({
  /** The model's raw outputs, one row per input row (a model with several outputs: its first). */
  outputs: z.array(z.array(z.number())),
  /** One row's output shape without the batch axis: [h, w, c] makes each row a picture or a mask's class scores. */
  outputShape: z.array(z.number().int().min(1)).optional(),
  /** For a classifier: the most likely class of each row, with its probability. */
  classes: z
    .array(z.object({ index: z.number().int().min(0), name: z.string(), probability: z.number() }))
    .optional(),
});
export type Prediction = z.infer<typeof PredictionSchema>;

/**
 * What the window shows, reported by the page whenever it changes: the desktop host asks
 * before closing a window with unsaved changes, titles the window and names the menus in the
 * page's language with these labels (the page owns the translations).
 */
export const WindowStateSchema = z.object({
  dirty: z.boolean(),
  /** The open project's file; null for a project not saved yet. */
  projectPath: HostPath.nullable(),
  documentName: z.string(),
  language: z.string().min(2),
  /** Menu labels in the page's language, keyed by DESKTOP_MENU_LABELS (shared/desktop-menu.ts). */
  menuLabels: z.record(z.string(), z.string()).optional(),
  /** A project is open in the editor (false on the start page): the Save and Edit items need one. */
  editing: z.boolean().default(true),
  /** Whether a training run is active, so the Train menu enables the right items. */
  training: z.enum(['idle', 'running', 'paused']).default('idle'),
});
export type WindowState = z.infer<typeof WindowStateSchema>;

/** A project autosaved by a session that ended without saving it (a crash, a power cut). */
export const RecoverySummarySchema = z.object({
  /** Opaque; pass it back to recoverProject / discardRecovery. */
  id: z.string().regex(/^[A-Za-z0-9_-]+$/),
  documentName: z.string(),
  /** The project's file when it had been saved before; null for a new project. */
  projectPath: z.string().nullable(),
  /** ISO 8601 time of the autosave. */
  savedAt: z.string(),
});
export type RecoverySummary = z.infer<typeof RecoverySummarySchema>;

/** What the page asks a native file dialog for (desktop); browser mode answers `unsupported`. */
export const FileChoiceSchema = z.object({
  /** `open` a file, `save` to a new or existing file, pick a `folder`. */
  mode: z.enum(['open', 'save', 'folder']),
  /** Folder to start in. */
  folder: HostPath.optional(),
  /** Proposed file name (save). */
  fileName: z.string().optional(),
  /** File endings offered (`.csv`, `.nnd.json`); projects when absent. */
  extensions: z.array(z.string().regex(/^\.[A-Za-z0-9.]+$/)).optional(),
  /** The dialog's title, in the page's language. */
  title: z.string().optional(),
});
export type FileChoice = z.infer<typeof FileChoiceSchema>;

/** Why a PyTorch export has no train.py. */
export const TRAIN_SCRIPT_MISSING = ['training-problems', 'no-dataset', 'graph-dataset'] as const;
export type TrainScriptMissing = (typeof TRAIN_SCRIPT_MISSING)[number];

/** What an export wrote. */
export const ModelExportResultSchema = z.object({
  directory: z.string(),
  /** Every file written (absolute paths). */
  files: z.array(z.string()),
  format: ExportFormatSchema,
  /** model.json, or model.py for code. */
  mainFile: z.string(),
  weights: z.enum(['trained', 'initial']),
  params: z.number().int().min(0),
  /** PyTorch: train.py was written with the project's data (every document that can train on a table of samples). */
  trainScript: z.boolean(),
  /**
   * PyTorch without train.py, why: the document cannot train as drawn (`trainingProblems` say
   * how), it has no dataset, or its dataset is a graph (whose arrays train.py does not read).
   */
  trainScriptMissing: z.enum(TRAIN_SCRIPT_MISSING).nullable(),
  /** Code formats: what keeps the document from training as drawn; empty when nothing does. */
  trainingProblems: z.array(ProblemSchema),
});
export type ModelExportResult = z.infer<typeof ModelExportResultSchema>;

/** The most an export may weigh to travel to the page as a download (its files, before zipping). */
export const EXPORT_DOWNLOAD_LIMIT_BYTES = 100 * 1024 * 1024;

/** Which model an export writes: a trained run's, or a project as it stands (its saved weights, else the seed's initial ones). */
export const ExportSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('run'), runId: z.string().min(1) }),
  z.object({ kind: z.literal('project'), document: GraphDocumentSchema, projectPath: HostPath.optional() }),
]);
export type ExportSource = z.infer<typeof ExportSourceSchema>;

/** An export as one file for the page to download (browser mode): a zip of the export's folder, or its only file. */
export const ExportDownloadSchema = ModelExportResultSchema.omit({ directory: true, files: true, mainFile: true }).extend({
  fileName: z.string().min(1),
  mimeType: z.string().min(1),
  /** The file's bytes, base64. */
  base64: z.string(),
  /** The export's files as paths inside the archive (`/`-separated), or the one file's name. */
  entries: z.array(z.string()).min(1),
  /** model.json, or model.py for code, as an entry. */
  mainFile: z.string(),
});
export type ExportDownload = z.infer<typeof ExportDownloadSchema>;

/** A training event of one run, as every connected page receives it. */
export const TrainingEventPayloadSchema = z.object({ runId: z.string(), event: TrainingEventSchema });
export type TrainingEventPayload = z.infer<typeof TrainingEventPayloadSchema>;

export const hostService = defineService({
  name: 'host',
  methods: {
    hostInfo: { params: NoParams, result: HostInfoSchema },
    /** Every project in examples/, sorted by file name. */
    listExamples: { params: NoParams, result: z.array(ExampleProjectSchema) },
    /** A blank document (not yet saved anywhere). */
    newProject: {
      params: z.object({ name: z.string().min(1).optional() }).optional(),
      result: z.object({ document: GraphDocumentSchema }),
    },
    /** Reads and validates a project (older versions come back migrated) and notes it as recent. */
    openProject: { params: z.object({ path: HostPath }), result: OpenedProjectSchema },
    /**
     * Saves atomically (temp file + rename) in the stable, diff-friendly form and notes it as
     * recent. A path without `.nnd.json` gets it; the path written comes back.
     */
    saveProject: {
      params: z.object({ path: HostPath, document: GraphDocumentSchema }),
      result: z.object({ path: z.string() }),
    },
    /** Most recent first. */
    recentProjects: { params: NoParams, result: z.array(RecentProjectSchema) },
    /** Removes one entry (a file that has gone away, or one the person wants out of the list). */
    forgetRecentProject: { params: z.object({ path: HostPath }), result: z.array(RecentProjectSchema) },
    /** A folder's contents, for the page's own file picker in browser mode. */
    listDirectory: {
      params: z.object({ path: HostPath, showHidden: z.boolean().default(false) }),
      result: DirectoryListingSchema,
    },

    /**
     * Trains `document` in a worker process; its events arrive as `trainingEvent`. With
     * `projectPath` (the saved project file) a relative CSV path resolves against its folder
     * and the run is kept beside it; without, only generated sets and absolute CSV paths work
     * and the run is kept until the host exits. Refused (`training-busy`) while a run is active.
     */
    startTraining: {
      params: z.object({ document: GraphDocumentSchema, projectPath: HostPath.optional() }),
      result: z.object({ runId: z.string() }),
    },
    pauseTraining: { params: RunId, result: z.object({ runId: z.string(), status: z.enum(['paused', 'running']) }) },
    resumeTraining: { params: RunId, result: z.object({ runId: z.string(), status: z.enum(['paused', 'running']) }) },
    /**
     * A paused run trains one batch (a GAN: one iteration, or with `player` one step of that
     * network alone) and halts again; answers once it has (its `batch` event, marked `stepped`,
     * and `paused` were sent). A running run is left as it is (`running`). Refused for a player
     * step of a run that is no GAN, and on the PyTorch engine.
     */
    stepTraining: {
      params: RunId.extend({ player: z.enum(GAN_PLAYERS).optional() }),
      result: z.object({ runId: z.string(), status: z.enum(['paused', 'running']) }),
    },
    /** Resolves once the run has ended (its `done` event was sent), within about a second. */
    stopTraining: { params: RunId, result: RunSummarySchema },
    /** The run training right now (running or paused), or null: a page that reloads mid-run finds it here. */
    activeTraining: { params: NoParams, result: RunSummarySchema.nullable() },
    /** Runs of a saved project (newest first), or without `projectPath` those of unsaved projects. */
    listRuns: { params: z.object({ projectPath: HostPath.optional() }).optional(), result: z.array(RunSummarySchema) },
    /** One run with all its points; `projectPath` finds a run of a saved project not listed yet in this session. */
    getRun: { params: RunId.extend({ projectPath: HostPath.optional() }), result: RunRecordSchema },
    /** Points the project's `weights` at the run's trained weights, saves the project and returns it. */
    restoreRunWeights: {
      params: RunId.extend({ projectPath: HostPath }),
      result: z.object({ path: z.string(), document: GraphDocumentSchema }),
    },
    /** Runs the run's trained model on rows of raw feature values (normalized as the dataset was). */
    predict: {
      params: RunId.extend({ inputs: z.array(z.array(z.number())).min(1, 'give at least one input row') }),
      result: PredictionSchema,
    },
    /** Runs a text classifier's trained model on `text`, tokenized and padded as its training texts were. */
    predictText: {
      params: RunId.extend({ text: z.string().max(10_000) }),
      result: PredictionSchema,
    },
    /**
     * Writes the run's trained model into `directory` (created when missing): model.json +
     * weights.bin (tfjs, the default), or PyTorch / Keras code with the same weights.
     */
    exportRunModel: {
      params: RunId.extend({ directory: HostPath, format: ExportFormatSchema.default('tfjs') }),
      result: ModelExportResultSchema,
    },
    /**
     * Writes a project's model without a run: with the trained weights its `weights` points at,
     * else the initial weights drawn from its seed (the same numbers in every format).
     */
    exportProject: {
      params: z.object({ document: GraphDocumentSchema, projectPath: HostPath.optional(), directory: HostPath, format: ExportFormatSchema.default('tfjs') }),
      result: ModelExportResultSchema,
    },
    /**
     * The same export written to a temporary folder on the host and returned as one file for
     * the page to download (browser mode, where the person's disk is not the server's): a zip,
     * or the single file when there is only one. Refused (`export-refused`) above
     * EXPORT_DOWNLOAD_LIMIT_BYTES.
     */
    downloadExport: {
      params: z.object({ source: ExportSourceSchema, format: ExportFormatSchema.default('tfjs') }),
      result: ExportDownloadSchema,
    },
    /**
     * A graph run's learned embeddings: the output of `layer` (default: the last layer before
     * the output) for every node, or every graph after a readout, projected to 2-D by PCA.
     */
    nodeEmbeddings: {
      params: RunId.extend({ layer: z.string().min(1).optional() }),
      result: NodeEmbeddingsSchema,
    },
    /** A text run's attention weights, per multi-head attention layer and head, for one input text tokenized as its data was. */
    attentionMaps: {
      params: RunId.extend({ text: z.string().max(10_000) }),
      result: AttentionMapsSchema,
    },
    /** Text written after `prompt` by a run trained to predict the next token (a causal decoder). */
    generateText: {
      params: RunId.extend({
        prompt: z.string().max(10_000),
        length: z.number().int().min(1).max(2000).default(80),
        temperature: z.number().min(0).max(5).default(0.8),
        seed: z.number().int().default(1),
      }),
      result: GeneratedTextSchema,
    },

    /**
     * A file or folder someone picked (File → Import Dataset…): a first reference for it (the
     * kind from its extension, every column a feature, the last one the label) and its preview.
     */
    importDataset: {
      params: z.object({ path: HostPath, validationSplit: z.number().min(0).lt(1).default(0.2), seed: z.number().int().default(42) }),
      result: z.object({ dataset: DatasetReferenceSchema, preview: DatasetPreviewSchema }),
    },
    /** What the dataset holds (column statistics, thumbnails) and what its mapping makes of it, or why it cannot be used yet. */
    previewDataset: { params: DatasetPreviewRequestSchema, result: DatasetPreviewSchema },
    /** The generated sets and the datasets shipped with NN Designer (offline). */
    listBuiltinDatasets: { params: NoParams, result: z.array(BuiltinDatasetEntrySchema) },
    /** The reference's files that are not there (moved, renamed, deleted), so the page can ask to locate them. */
    checkDatasetFiles: {
      params: z.object({ dataset: DatasetReferenceSchema, projectPath: HostPath.optional() }),
      result: z.object({ missing: z.array(z.string()) }),
    },

    /** The page's document state, language and menu labels (see WindowStateSchema). */
    reportWindowState: { params: WindowStateSchema, result: z.null() },
    /** Autosaves the open project to this host's recovery file (every few seconds while there are unsaved changes). */
    saveRecovery: { params: z.object({ document: GraphDocumentSchema, projectPath: HostPath.nullable() }), result: z.null() },
    /** The project was saved or discarded: nothing to recover any more. */
    clearRecovery: { params: NoParams, result: z.null() },
    /** Projects autosaved by earlier sessions that ended without saving them, newest first. */
    listRecoveries: { params: NoParams, result: z.array(RecoverySummarySchema) },
    /** Reads one recovered project (and removes its recovery file). */
    recoverProject: {
      params: z.object({ id: RecoverySummarySchema.shape.id }),
      result: z.object({ document: GraphDocumentSchema, projectPath: z.string().nullable() }),
    },
    discardRecovery: { params: z.object({ id: RecoverySummarySchema.shape.id }), result: z.null() },
    /** Reads a TensorFlow.js `model.json` or a Keras `model.to_json()` file as a new, unsaved project (topology only). */
    importModel: {
      params: z.object({ path: HostPath }),
      result: z.object({ document: GraphDocumentSchema, warnings: z.array(z.string()) }),
    },
    /** A native open / save / folder dialog; `path` is null when the person cancelled. Browser mode: `unsupported`. */
    chooseFile: { params: FileChoiceSchema, result: z.object({ path: z.string().nullable() }) },
  },
  events: {
    /** A native menu item was chosen (desktop); the page runs the same action as its own button or shortcut. */
    menuCommand: MenuCommandEventSchema,
    /** The recent list changed (a project was opened or saved, in this or another window). */
    recentProjectsChanged: z.array(RecentProjectSchema),
    /** Every event of the active run (ready, batch, epoch, log, evaluation, done, error), sent to every page. */
    trainingEvent: TrainingEventPayloadSchema,
  },
});

export type HostServiceTable = typeof hostService;
/** What the UI holds: `await host.openProject({ path })`, `host.on('recentProjectsChanged', …)`. */
export type HostApi = Client<HostServiceTable>;
/** What a host implements. */
export type HostImplementation = ServiceImplementation<HostServiceTable['methods']>;

/** The WebSocket path of the HostApi in browser mode, beside the page on the same port. */
export const HOST_API_PATH = '/api';
