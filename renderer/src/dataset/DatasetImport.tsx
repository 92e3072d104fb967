import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { DatasetErrorCode } from '../../../shared/data/errors';
import { datasetMessageText, hostErrorText } from '../i18n/said-text';
import type { ColumnSummary, DatasetPreview, Thumbnail } from '../../../shared/data/preview';
import type { ColumnRole, DatasetReference } from '../../../shared/data/reference';
import { setDataset } from '../../../shared/graph/actions';
import { formatNumber } from '../i18n';
import { getHost } from '../host/client';
import { useFileDialog } from '../project/file-dialog-store';
import { getHostInfo } from '../project/project-commands';
import { useEditor } from '../store/editor-store';
import { applyDataset, suggestOutput } from './apply-dataset';
import { DATASET_EXTENSIONS, isReadAtTraining, useDatasetImport } from './dataset-import-store';
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

  const direct = dataset !== null && isReadAtTraining(dataset);
  const useIt = () => {
    if (dataset && direct) {
      useEditor.getState().edit((doc) => setDataset(doc, dataset));
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
            <span className="dataset-or">{t('dataset.orBuiltin')}</span>
            {builtins.map((b) => (
              <button key={b.id} className="btn ghost chip" onClick={() => show(b.dataset)} title={b.id in BUILTIN_ORIGIN_KEYS ? t(BUILTIN_ORIGIN_KEYS[b.id]!) : b.origin} data-testid={`dataset-builtin-${b.id}`}>
                {t(builtinLabelKey(b.id))}
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
          {direct && <p className="field-hint">{t('dataset.readAtTraining')}</p>}
        </div>
        <div className="modal-footer">
          {preview?.result && <span className="dataset-suggestion" data-testid="dataset-suggestion">{suggestionText(t, preview.result)}</span>}
          <button className="btn" onClick={close}>
            {t('dataset.cancel')}
          </button>
          <button className="btn primary" disabled={!(preview?.result || direct) || loading} onClick={useIt} data-testid="dataset-use">
            {t('dataset.use')}
          </button>
        </div>
      </div>
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
  const setRole = (name: string, role: ColumnRole) => {
    const roles: Record<string, ColumnRole> = {};
    for (const c of columns) if (c.role !== 'label') roles[c.name] = c.role;
    let label = columns.find((c) => c.role === 'label')?.name;
    if (role === 'label') {
      if (label) roles[label] = 'feature';
      label = name;
      delete roles[name];
    } else {
      if (label === name) label = undefined;
      roles[name] = role;
    }
    onChange({ ...dataset, columns: roles, ...(label ? { label } : {}) } as DatasetReference);
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
              <select className="input compact" value={c.role} onChange={(e) => setRole(c.name, e.target.value as ColumnRole)} data-testid={`dataset-role-${c.name}`} aria-label={t('dataset.role')}>
                <option value="feature">{t('dataset.roles.feature')}</option>
                <option value="label">{t('dataset.roles.label')}</option>
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
