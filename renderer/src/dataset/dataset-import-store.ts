import { create } from 'zustand';
import type { BuiltinDatasetEntry, DatasetPreview } from '../../../shared/data/preview';
import type { DatasetReference } from '../../../shared/data/reference';
import { SequenceTaskDatasetSchema } from '../../../shared/data/sequence-tasks';
import { ShapesDatasetSchema } from '../../../shared/data/shapes';
import { getHost } from '../host/client';
import { useEditor } from '../store/editor-store';

/**
 * The import dialog's state, outside React so the training panel, the start page and the
 * desktop menu (File → Import Dataset…) can all open it. Every change of the mapping asks the
 * host for a fresh preview; an answer that arrives after a newer request is dropped.
 */
interface DatasetImportState {
  open: boolean;
  dataset: DatasetReference | null;
  preview: DatasetPreview | null;
  loading: boolean;
  /** A file that could not be read at all: the host's error, said in the interface language by hostErrorText. */
  error: Error | null;
  builtins: BuiltinDatasetEntry[];
  /** Files of the open project's dataset that are not there (moved, renamed, deleted). */
  missingFiles: string[];
  /** Opens the dialog: on a dataset (the project's, a built-in one) or empty to choose a file. */
  show(dataset?: DatasetReference | null): void;
  close(): void;
  /** A file or folder picked: the host suggests the reference and previews it. */
  importPath(path: string): Promise<void>;
  /** The mapping changed: preview again. */
  update(dataset: DatasetReference): Promise<void>;
}

/** File endings the import dialog lists; IDX files from the MNIST site end in `-ubyte` (or `.gz`). */
export const DATASET_EXTENSIONS = ['.csv', '.tsv', '.tab', '.txt', '.json', '.npy', '.npz', '.gz', '-ubyte', '.idx'];

let requestCounter = 0;

function splitOf() {
  const { training } = useEditor.getState().history.present;
  return { validationSplit: training.validationSplit, seed: training.seed };
}

export const useDatasetImport = create<DatasetImportState>()((set, get) => ({
  open: false,
  dataset: null,
  preview: null,
  loading: false,
  error: null,
  builtins: [],
  missingFiles: [],
  show(dataset = null) {
    set({ open: true, dataset, preview: null, error: null });
    if (get().builtins.length === 0)
      getHost()
        .listBuiltinDatasets()
        .then((builtins) => set({ builtins }), () => undefined);
    if (dataset) void get().update(dataset);
  },
  close() {
    requestCounter++;
    set({ open: false, loading: false });
  },
  async importPath(path) {
    const request = ++requestCounter;
    set({ loading: true, error: null });
    try {
      const { dataset, preview } = await getHost().importDataset({ path, ...splitOf() });
      if (request === requestCounter) set({ dataset, preview, loading: false });
    } catch (err) {
      if (request === requestCounter) set({ loading: false, error: err instanceof Error ? err : new Error(String(err)), preview: null });
    }
  },
  async update(dataset) {
    const request = ++requestCounter;
    if (isReadAtTraining(dataset)) {
      set({ dataset, preview: null, loading: false, error: null });
      return;
    }
    set({ dataset, loading: true, error: null });
    const projectPath = useEditor.getState().filePath;
    try {
      const preview = await getHost().previewDataset({ dataset, ...(projectPath ? { projectPath } : {}), ...splitOf() });
      if (request === requestCounter) set({ preview, loading: false });
    } catch (err) {
      if (request === requestCounter) set({ loading: false, error: err instanceof Error ? err : new Error(String(err)), preview: null });
    }
  },
}));

/** Graphs, texts, time series, generated scenes and tasks, image + mask folders: no table preview, used as they are. */
export function isReadAtTraining(dataset: DatasetReference): boolean {
  return ['graph', 'text', 'timeseries', 'shapes', 'sequence-task', 'image-masks'].includes(dataset.kind);
}

/** Sets generated on the spot (nothing to download), offered beside the built-in ones: their settings are edited in the dialog. */
export const GENERATED_DATASETS = [
  { id: 'shapes', dataset: ShapesDatasetSchema.parse({ kind: 'shapes' }) },
  { id: 'sequence', dataset: SequenceTaskDatasetSchema.parse({ kind: 'sequence-task' }) },
] as const satisfies readonly { id: string; dataset: DatasetReference }[];
