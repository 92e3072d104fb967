import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DatasetErrorCode } from '../../../shared/data/errors';
import { datasetMessageText, hostErrorText } from '../i18n/said-text';
import type { ColumnSummary, DatasetPreview, Thumbnail } from '../../../shared/data/preview';
import type { ColumnRole, DatasetReference } from '../../../shared/data/reference';
import { formatNumber } from '../i18n';
import { getHost } from '../host/client';
import { useFileDialog } from '../project/file-dialog-store';
import { getHostInfo } from '../project/project-commands';
import { useEditor } from '../store/editor-store';
import { applyDataset, applyReadAtTrainingDataset, suggestOutput } from './apply-dataset';
import { DATASET_EXTENSIONS, GENERATED_DATASETS, isReadAtTraining, useDatasetImport } from './dataset-import-store';
import { BUILTIN_ORIGIN_KEYS, builtinLabelKey, COLUMN_TYPE_KEYS, FORMAT_KEYS, DATASET_PROBLEM_KEYS, LABEL_ENCODING_KEYS, LOSS_LABEL_KEYS, MISSING_POLICY_KEYS, NORMALIZATION_KEYS, TASK_KEYS } from './labels';
import './dataset.css';

type TableReference = Extract<DatasetReference, { kind: 'csv' | 'json' | 'builtin' }>;

function isTable(ref: DatasetReference): ref is TableReference {
  return ref.kind === 'csv' || ref.kind === 'json' || (ref.kind === 'builtin' && ref.name !== 'mnist' && !ref.forecast);
}

async function startFolder(): Promise<string> {
  const filePath = useEditor.getState().filePath;
  const info = await getHostInfo().catch(() => null);
  const sep = info?.pathSeparator ?? '/';
  return filePath ? filePath.slice(0, Math.max(1, filePath.lastIndexOf(sep))) : (info?.homeDir ?? '/');
}

/** The import dialog (mounted once by the app) and the check for a project's moved dataset file. */
export function DatasetImport() {
  const open = useDatasetImport((s) => s.open);
  useMissingDatasetCheck();
  return open ? <DatasetImportDialog /> : null;
}

/** On opening a project, a dataset file that is not where the reference says is reported with a way to locate it. */
function useMissingDatasetCheck() {
  const session = useEditor((s) => s.documentSession);
  useEffect(() => {
    const { history, filePath } = useEditor.getState();
    const dataset = history.present.dataset;
    if (!dataset || dataset.kind === 'generated' || dataset.kind === 'builtin') return;
    let cancelled = false;
    getHost()
      .checkDatasetFiles({ dataset, ...(filePath ? { projectPath: filePath } : {}) })
      .then(({ missing }) => {
        if (cancelled || missing.length === 0) return;
        // Said at once, in the dialog that can fix it: the preview names the file, Locate… finds it.
        useDatasetImport.getState().show(dataset);
        useDatasetImport.setState({ missingFiles: missing });
      }, () => undefined);
    return () => {
      cancelled = true;
    };
  }, [session]);
}

function DatasetImportDialog() {
  const { t } = useTranslation();
  const { dataset, preview, loading, error, builtins, missingFiles, close, importPath, update, show } = useDatasetImport();

  const chooseFile = async (mode: 'open' | 'folder') => {
    const path = await useFileDialog.getState().pick(mode, await startFolder(), '', mode === 'open' ? DATASET_EXTENSIONS : undefined);
    if (path) await importPath(path);
  };

  const locate = async () => {
    if (!dataset || !('path' in dataset)) return;
    const path = await useFileDialog.getState().pick(dataset.kind === 'images' ? 'folder' : 'open', await startFolder(), '', dataset.kind === 'images' ? undefined : DATASET_EXTENSIONS);
    if (!path) return;
    useDatasetImport.setState({ missingFiles: [] });
    await update({ ...dataset, path });
  };

  const chooseImageMasks = async () => {
    // The images folder first; the masks folder is chosen in the form, beside its label, so neither is mistaken for the other.
    const images = await useFileDialog.getState().pick('folder', await startFolder());
    if (images) await update({ kind: 'image-masks', path: images, maskPath: '', width: 32, height: 32, color: 'rgb' });
  };

  const direct = dataset !== null && isReadAtTraining(dataset);
  const incomplete = dataset?.kind === 'image-masks' && !dataset.maskPath;
  const useIt = () => {
    if (dataset && direct) {
      useEditor.getState().edit((doc) => applyReadAtTrainingDataset(doc, dataset).doc);
      close();
      return;
    }
    if (!dataset || !preview?.result) return;
    const result = preview.result;
    useEditor.getState().edit((doc) => applyDataset(doc, dataset, result).doc);
    close();
  };

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div className="modal dataset-modal" role="dialog" aria-label={t('dataset.title')} data-testid="dataset-import" onKeyDown={(e) => e.key === 'Escape' && close()}>
        <div className="modal-header">{t('dataset.title')}</div>
        <div className="modal-body dataset-body">
          <div className="dataset-sources">
            <button className="btn" onClick={() => void chooseFile('open')} data-testid="dataset-choose-file">
              {t('dataset.chooseFile')}
            </button>
            <button className="btn" onClick={() => void chooseFile('folder')} data-testid="dataset-choose-folder">
              {t('dataset.chooseFolder')}
            </button>
            <button className="btn" onClick={() => void chooseImageMasks()} data-testid="dataset-choose-image-masks">
              {t('dataset.imageMasks')}
            </button>
            <span className="dataset-or">{t('dataset.orBuiltin')}</span>
            {builtins.map((b) => (
              <button key={b.id} className="btn ghost chip" onClick={() => show(b.dataset)} title={b.id in BUILTIN_ORIGIN_KEYS ? t(BUILTIN_ORIGIN_KEYS[b.id]!) : b.origin} data-testid={`dataset-builtin-${b.id}`}>
                {t(builtinLabelKey(b.id))}
              </button>
            ))}
            {GENERATED_DATASETS.map((g) => (
              <button key={g.id} className="btn ghost chip" onClick={() => show(g.dataset)} title={t(g.id === 'shapes' ? 'dataset.generatedShapesMeta' : 'dataset.generatedSequenceMeta')} data-testid={`dataset-generated-${g.id}`}>
                {t(g.id === 'shapes' ? 'dataset.generatedShapes' : 'dataset.generatedSequence')}
              </button>
            ))}
          </div>
          {missingFiles.length > 0 && dataset && 'path' in dataset && (
            <div className="field-error" role="alert" data-testid="dataset-missing">
              {t('dataset.missingFile', { path: missingFiles.join(', ') })}{' '}
              <button className="btn" onClick={() => void locate()}>
                {t('dataset.locate')}
              </button>
            </div>
          )}
          {loading && <p className="field-hint">{t('dataset.reading')}</p>}
          {error && (
            <div className="field-error" role="alert" data-testid="dataset-error">
              {hostErrorText(t, error)}
            </div>
          )}
          {dataset && preview && <PreviewView dataset={dataset} preview={preview} onChange={(next) => void update(next)} />}
          {!dataset && !loading && !error && <p className="field-hint">{t('dataset.intro')}</p>}
          {dataset && direct && <ReadAtTrainingOptions dataset={dataset} onChange={(next) => void update(next)} />}
          {direct && <p className="field-hint">{t('dataset.readAtTraining')}</p>}
        </div>
        <div className="modal-footer">
          {preview?.result && <span className="dataset-suggestion" data-testid="dataset-suggestion">{suggestionText(t, preview.result)}</span>}
          <button className="btn" onClick={close}>
            {t('dataset.cancel')}
          </button>
          <button className="btn primary" disabled={!(preview?.result || direct) || incomplete || loading} onClick={useIt} data-testid="dataset-use">
            {t('dataset.use')}
          </button>
        </div>
      </div>
    </div>
  );
}

const SEQUENCE_TASK_KEYS = { reverse: 'dataset.sequenceTasks.reverse', sort: 'dataset.sequenceTasks.sort', add: 'dataset.sequenceTasks.add' } as const;
const TARGET_AT_KEYS = { end: 'dataset.targetAtOptions.end', 'every-position': 'dataset.targetAtOptions.every-position' } as const;
const LABEL_NORMALIZE_KEYS = { none: 'dataset.labelNormalizeOptions.none', standardize: 'dataset.labelNormalizeOptions.standardize' } as const;

/** The folder a path is in, whichever separator the host writes. */
function parentFolder(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut > 0 ? path.slice(0, cut) : path;
}

/** A list of grey levels as typed ("0, 255") → the levels, or undefined when empty or not two whole levels in 0..255. */
export function parseMaskLevels(text: string): number[] | undefined {
  const parts = text.split(/[\s,，]+/).filter(Boolean);
  const levels = parts.map(Number);
  if (levels.length < 2 || levels.some((v) => !Number.isInteger(v) || v < 0 || v > 255)) return undefined;
  return levels;
}

/** Settings of a set read when training starts: generated scenes and tasks, image + mask folders, a text's next-token target. */
function ReadAtTrainingOptions({ dataset, onChange }: { dataset: DatasetReference; onChange: (next: DatasetReference) => void }) {
  const { t } = useTranslation();
  const set = (patch: Record<string, unknown>) => onChange({ ...dataset, ...patch } as DatasetReference);
  const samples = (value: number, max: number) => (
    <label className="field">
      <span className="field-label">{t('dataset.samples')}</span>
      <input className="input" type="number" min={4} max={max} step={100} value={value} onChange={(e) => Number(e.target.value) >= 4 && set({ samples: Math.min(max, Math.round(Number(e.target.value))) })} data-testid="dataset-samples" />
    </label>
  );
  if (dataset.kind === 'shapes')
    return (
      <div className="dataset-options field-pair" data-testid="dataset-options-shapes">
        <label className="field">
          <span className="field-label">{t('dataset.size')}</span>
          <select className="input" value={dataset.size} onChange={(e) => set({ size: Number(e.target.value) })} data-testid="dataset-shapes-size">
            <option value={32}>32 × 32</option>
            <option value={64}>64 × 64</option>
          </select>
        </label>
        {samples(dataset.samples, 100_000)}
      </div>
    );
  if (dataset.kind === 'sequence-task')
    return (
      <div className="dataset-options field-pair" data-testid="dataset-options-sequence">
        <label className="field">
          <span className="field-label">{t('dataset.sequenceTask')}</span>
          <select className="input" value={dataset.task} onChange={(e) => set({ task: e.target.value })} data-testid="dataset-sequence-task">
            {(['reverse', 'sort', 'add'] as const).map((task) => (
              <option key={task} value={task}>
                {t(SEQUENCE_TASK_KEYS[task])}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t('dataset.digits')}</span>
          <input className="input" type="number" min={1} max={32} value={dataset.length} onChange={(e) => Number(e.target.value) >= 1 && set({ length: Math.min(32, Math.round(Number(e.target.value))) })} data-testid="dataset-sequence-digits" />
        </label>
        {samples(dataset.samples, 1_000_000)}
      </div>
    );
  if (dataset.kind === 'image-masks') return <ImageMasksOptions dataset={dataset} onChange={onChange} />;
  if (dataset.kind === 'text' && dataset.task === 'next-token')
    return (
      <div className="dataset-options field-pair" data-testid="dataset-options-text">
        <label className="field">
          <span className="field-label">{t('dataset.targetAt')}</span>
          <select className="input" value={dataset.targetAt} onChange={(e) => set({ targetAt: e.target.value })} data-testid="dataset-target-at">
            {(['end', 'every-position'] as const).map((at) => (
              <option key={at} value={at}>
                {t(TARGET_AT_KEYS[at])}
              </option>
            ))}
          </select>
        </label>
      </div>
    );
  return null;
}

function ImageMasksOptions({ dataset, onChange }: { dataset: Extract<DatasetReference, { kind: 'image-masks' }>; onChange: (next: DatasetReference) => void }) {
  const { t } = useTranslation();
  const [levels, setLevels] = useState(dataset.classes?.join(', ') ?? '');
  const set = (patch: Partial<typeof dataset>) => onChange({ ...dataset, ...patch });
  const change = async (which: 'path' | 'maskPath') => {
    const folder = await useFileDialog.getState().pick('folder', parentFolder(dataset[which] || dataset.path));
    if (folder) set({ [which]: folder });
  };
  const folderRow = (which: 'path' | 'maskPath', label: string) => (
    <div className="field dataset-folder span-2">
      <span className="field-label">{label}</span>
      <span className="dataset-folder-row">
        <code className="dataset-folder-path" title={dataset[which]} data-testid={`dataset-${which}`}>
          {dataset[which]}
        </code>
        <button className="btn small" onClick={() => void change(which)} data-testid={`dataset-${which}-choose`}>
          {dataset[which] ? t('dataset.change') : t('dataset.choose')}
        </button>
      </span>
    </div>
  );
  return (
    <div className="dataset-options field-pair" data-testid="dataset-options-image-masks">
      {folderRow('path', t('dataset.imagesFolder'))}
      {folderRow('maskPath', t('dataset.masksFolder'))}
      <label className="field">
        <span className="field-label">{t('dataset.size')}</span>
        <input className="input" type="number" min={4} max={1024} value={dataset.width} onChange={(e) => Number(e.target.value) >= 1 && set({ width: Number(e.target.value), height: Number(e.target.value) })} data-testid="dataset-masks-size" />
      </label>
      <label className="field">
        <span className="field-label">{t('dataset.color')}</span>
        <select className="input" value={dataset.color} onChange={(e) => set({ color: e.target.value as 'grayscale' | 'rgb' })}>
          <option value="grayscale">{t('dataset.grayscale')}</option>
          <option value="rgb">{t('dataset.rgb')}</option>
        </select>
      </label>
      <label className="field span-2">
        <span className="field-label">{t('dataset.maskClasses')}</span>
        <input
          className="input"
          value={levels}
          placeholder="0, 255"
          onChange={(e) => setLevels(e.target.value)}
          onBlur={() => {
            const classes = parseMaskLevels(levels);
            const { classes: _old, ...rest } = dataset;
            onChange(classes ? { ...rest, classes } : rest);
          }}
          data-testid="dataset-mask-classes"
        />
        <span className="field-hint">{t('dataset.maskClassesHint')}</span>
      </label>
    </div>
  );
}

function suggestionText(t: (key: string, values?: Record<string, unknown>) => string, result: NonNullable<DatasetPreview['result']>): string {
  const s = suggestOutput(result);
  return t('dataset.suggestion', { shape: `[${result.sampleShape.join(', ')}]`, units: s.units, activation: s.activation, loss: t(LOSS_LABEL_KEYS[s.loss]!) });
}

function PreviewView({ dataset, preview, onChange }: { dataset: DatasetReference; preview: DatasetPreview; onChange: (next: DatasetReference) => void }) {
  const { t } = useTranslation();
  return (
    <div className="dataset-preview" data-testid="dataset-preview">
      <p className="dataset-meta">
        {t('dataset.meta', { source: preview.source, count: formatNumber(preview.sampleCount), format: preview.format in FORMAT_KEYS ? t(FORMAT_KEYS[preview.format]!) : preview.format })}
      </p>
      {preview.columns.length > 0 && isTable(dataset) && <ColumnsTable dataset={dataset} columns={preview.columns} onChange={onChange} />}
      {preview.rows.length > 0 && (
        <details className="dataset-rows">
          <summary>{t('dataset.firstRows', { count: preview.rows.length })}</summary>
          <table className="dataset-table">
            <thead>
              <tr>
                {preview.columns.map((c) => (
                  <th key={c.name}>{c.name}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((row, r) => (
                <tr key={r}>
                  {row.map((v, c) => (
                    <td key={c} className={v === null ? 'missing' : undefined}>
                      {v === null ? '—' : String(v)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
      {preview.thumbnails.length > 0 && (
        <div className="dataset-thumbnails" data-testid="dataset-thumbnails">
          {preview.thumbnails.map((thumb, i) => (
            <ThumbnailView key={i} thumbnail={thumb} />
          ))}
        </div>
      )}
      <MappingOptions dataset={dataset} onChange={onChange} />
      {preview.problem && <ProblemView dataset={dataset} problem={preview.problem} onChange={onChange} />}
      {preview.result && <ResultView result={preview.result} />}
    </div>
  );
}

function ColumnsTable({ dataset, columns, onChange }: { dataset: TableReference; columns: ColumnSummary[]; onChange: (next: DatasetReference) => void }) {
  const { t } = useTranslation();
  const extraLabels = (dataset.labels ?? []).slice(1);
  const setRole = (name: string, role: ColumnRole | 'extra-label') => {
    const primary = dataset.labels?.[0] ?? columns.find((c) => c.role === 'label')?.name;
    if (role === 'extra-label') {
      if (!primary || primary === name) return;
      const { [name]: _role, ...roles } = dataset.columns ?? {};
      onChange({ ...dataset, columns: roles, label: primary, labels: [primary, ...extraLabels.filter((l) => l !== name), name] } as DatasetReference);
      return;
    }
    const { labels: _labels, ...plain } = dataset;
    const remaining = extraLabels.filter((l) => l !== name);
    // A label column among several stays one until another role is chosen; the first one's role moves as `label` does.
    const keepLabels = (first: string | undefined) => (first && remaining.length ? { labels: [first, ...remaining.filter((l) => l !== first)] } : {});
    const roles: Record<string, ColumnRole> = {};
    for (const c of columns) if (c.role !== 'label') roles[c.name] = c.role;
    let label = primary;
    if (role === 'label') {
      if (label) roles[label] = 'feature';
      label = name;
      delete roles[name];
    } else {
      if (label === name) label = undefined;
      roles[name] = role;
    }
    for (const extra of remaining) delete roles[extra];
    onChange({ ...plain, columns: roles, ...(label ? { label } : {}), ...keepLabels(label) } as DatasetReference);
  };
  const setEncoding = (name: string, encoding: 'onehot' | 'integer') => onChange({ ...dataset, categorical: { ...(dataset.categorical ?? {}), [name]: encoding } } as DatasetReference);
  const format = (v: number | null) => (v === null ? '—' : Math.abs(v) >= 1000 || Number.isInteger(v) ? formatNumber(v) : v.toPrecision(4));
  return (
    <table className="dataset-table dataset-columns" data-testid="dataset-columns">
      <thead>
        <tr>
          <th>{t('dataset.column')}</th>
          <th>{t('dataset.type')}</th>
          <th>{t('dataset.role')}</th>
          <th>{t('dataset.min')}</th>
          <th>{t('dataset.max')}</th>
          <th>{t('dataset.mean')}</th>
          <th>{t('dataset.missing')}</th>
          <th>{t('dataset.distribution')}</th>
        </tr>
      </thead>
      <tbody>
        {columns.map((c) => (
          <tr key={c.name} data-testid={`dataset-column-${c.name}`}>
            <td className="name">{c.name}</td>
            <td>
              {t(COLUMN_TYPE_KEYS[c.type]!)}
              {c.type === 'categorical' && c.role === 'feature' && (
                <select className="input compact" value={dataset.categorical?.[c.name] ?? 'onehot'} onChange={(e) => setEncoding(c.name, e.target.value as 'onehot' | 'integer')} aria-label={t('dataset.encoding')}>
                  <option value="onehot">{t('dataset.onehot')}</option>
                  <option value="integer">{t('dataset.integer')}</option>
                </select>
              )}
            </td>
            <td>
              <select
                className="input compact"
                value={extraLabels.includes(c.name) ? 'extra-label' : c.role}
                onChange={(e) => setRole(c.name, e.target.value as ColumnRole | 'extra-label')}
                data-testid={`dataset-role-${c.name}`}
                aria-label={t('dataset.role')}
              >
                <option value="feature">{t('dataset.roles.feature')}</option>
                <option value="label">{t('dataset.roles.label')}</option>
                {(c.role !== 'label' || extraLabels.includes(c.name)) && <option value="extra-label">{t('dataset.roles.extraLabel')}</option>}
                <option value="ignore">{t('dataset.roles.ignore')}</option>
              </select>
            </td>
            <td className="num">{format(c.min)}</td>
            <td className="num">{format(c.max)}</td>
            <td className="num">{format(c.mean)}</td>
            <td className={`num${c.missing > 0 ? ' warn' : ''}`}>{c.missing}</td>
            <td>{c.histogram.length > 0 ? <Bars values={c.histogram} /> : <Categories column={c} />}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Bars({ values }: { values: number[] }) {
  const max = Math.max(1, ...values);
  return (
    <span className="histogram" aria-hidden>
      {values.map((v, i) => (
        <span key={i} style={{ height: `${Math.max(v > 0 ? 8 : 0, (v / max) * 100)}%` }} />
      ))}
    </span>
  );
}

function Categories({ column }: { column: ColumnSummary }) {
  const { t } = useTranslation();
  if (column.categories.length === 0) return null;
  const shown = column.categories.slice(0, 4).map((c) => `${c.name} (${c.count})`);
  return (
    <span className="categories" title={column.categories.map((c) => `${c.name}: ${c.count}`).join('\n')}>
      {shown.join(', ')}
      {column.distinct > 4 ? ` ${t('dataset.more', { count: column.distinct - 4 })}` : ''}
    </span>
  );
}

function ThumbnailView({ thumbnail }: { thumbnail: Thumbnail }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    context.putImageData(new ImageData(Uint8ClampedArray.from(thumbnail.rgba), thumbnail.width, thumbnail.height), 0, 0);
  }, [thumbnail]);
  return (
    <figure className="thumbnail">
      <canvas ref={canvas} width={thumbnail.width} height={thumbnail.height} />
      <figcaption>{thumbnail.label}</figcaption>
    </figure>
  );
}

function MappingOptions({ dataset, onChange }: { dataset: DatasetReference; onChange: (next: DatasetReference) => void }) {
  const { t } = useTranslation();
  // Generated sets have their own form; graphs, texts and time series theirs (issues 7 and 8).
  if (!(isTable(dataset) || dataset.kind === 'numpy' || dataset.kind === 'idx' || dataset.kind === 'images')) return null;
  const set = (patch: Record<string, unknown>) => onChange({ ...dataset, ...patch } as DatasetReference);
  const table = isTable(dataset);
  return (
    <div className="dataset-options field-pair">
      {'labelEncoding' in dataset && (
        <label className="field">
          <span className="field-label">{t('dataset.labelEncoding')}</span>
          <select className="input" value={dataset.labelEncoding ?? 'auto'} onChange={(e) => set({ labelEncoding: e.target.value })} data-testid="dataset-label-encoding">
            {(['auto', 'onehot', 'index', 'raw'] as const).map((v) => (
              <option key={v} value={v}>
                {t(LABEL_ENCODING_KEYS[v])}
              </option>
            ))}
          </select>
        </label>
      )}
      {table && (
        <>
          <label className="field">
            <span className="field-label">{t('dataset.labelNormalize')}</span>
            <select className="input" value={dataset.labelNormalize ?? 'none'} onChange={(e) => set({ labelNormalize: e.target.value })} data-testid="dataset-label-normalize">
              {(['none', 'standardize'] as const).map((v) => (
                <option key={v} value={v}>
                  {t(LABEL_NORMALIZE_KEYS[v])}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">{t('dataset.normalize')}</span>
            <select className="input" value={dataset.normalize ?? 'none'} onChange={(e) => set({ normalize: e.target.value })} data-testid="dataset-normalize">
              {(['none', 'standardize', 'minmax'] as const).map((v) => (
                <option key={v} value={v}>
                  {t(NORMALIZATION_KEYS[v])}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span className="field-label">{t('dataset.missingValues')}</span>
            <select className="input" value={dataset.missing ?? 'error'} onChange={(e) => set({ missing: e.target.value })} data-testid="dataset-missing-policy">
              {(['error', 'drop', 'impute'] as const).map((v) => (
                <option key={v} value={v}>
                  {t(MISSING_POLICY_KEYS[v])}
                </option>
              ))}
            </select>
          </label>
        </>
      )}
      {dataset.kind === 'images' && (
        <>
          <label className="field">
            <span className="field-label">{t('dataset.size')}</span>
            <input className="input" type="number" min={4} max={256} value={dataset.width} onChange={(e) => Number(e.target.value) >= 1 && set({ width: Number(e.target.value), height: Number(e.target.value) })} />
          </label>
          <label className="field">
            <span className="field-label">{t('dataset.color')}</span>
            <select className="input" value={dataset.color} onChange={(e) => set({ color: e.target.value })}>
              <option value="grayscale">{t('dataset.grayscale')}</option>
              <option value="rgb">{t('dataset.rgb')}</option>
            </select>
          </label>
        </>
      )}
      <label className="field">
        <span className="field-label">{t('dataset.testSplit')}</span>
        <input className="input" type="number" min={0} max={0.5} step={0.05} value={dataset.testSplit ?? 0} onChange={(e) => set({ testSplit: Math.min(0.5, Math.max(0, Number(e.target.value) || 0)) })} data-testid="dataset-test-split" />
      </label>
      <label className="field checkbox">
        <input type="checkbox" checked={dataset.stratify ?? true} onChange={(e) => set({ stratify: e.target.checked })} />
        <span>{t('dataset.stratify')}</span>
      </label>
    </div>
  );
}

function ProblemView({ dataset, problem, onChange }: { dataset: DatasetReference; problem: NonNullable<DatasetPreview['problem']>; onChange: (next: DatasetReference) => void }) {
  const { t } = useTranslation();
  return (
    <div className="field-error dataset-problem" role="alert" data-testid="dataset-problem">
      {problem.code in DATASET_PROBLEM_KEYS && <strong data-testid="dataset-problem-kind">{t(DATASET_PROBLEM_KEYS[problem.code as DatasetErrorCode])}</strong>}
      <span data-testid="dataset-problem-detail">{problem.text ? datasetMessageText(t, problem.text) : problem.message}</span>
      {problem.code === 'missing-values' && isTable(dataset) && (
        <span className="dataset-fixes">
          <button className="btn" onClick={() => onChange({ ...dataset, missing: 'drop' } as DatasetReference)} data-testid="dataset-fix-drop">
            {t(MISSING_POLICY_KEYS.drop)}
          </button>
          <button className="btn" onClick={() => onChange({ ...dataset, missing: 'impute' } as DatasetReference)} data-testid="dataset-fix-impute">
            {t(MISSING_POLICY_KEYS.impute)}
          </button>
        </span>
      )}
    </div>
  );
}

function ResultView({ result }: { result: NonNullable<DatasetPreview['result']> }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...result.classBalance.map((c) => c.count));
  return (
    <div className="dataset-result" data-testid="dataset-result">
      <p>
        {t('dataset.resultLine', {
          shape: `[${result.sampleShape.join(', ')}]`,
          task: t(TASK_KEYS[result.task]!),
          train: result.split.train,
          validation: result.split.validation,
          test: result.split.test,
        })}
      </p>
      {result.classBalance.length > 0 && (
        <div className="class-balance" data-testid="dataset-class-balance">
          {result.classBalance.map((c) => (
            <div key={c.name} className="class-row">
              <span className="class-name">{c.name}</span>
              <span className="class-bar" style={{ width: `${(c.count / max) * 100}%` }} />
              <span className="class-count">{c.count}</span>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
