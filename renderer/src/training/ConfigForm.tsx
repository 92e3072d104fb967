import { memo, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { stepsTaken, TrainingConfigSchema, type TrainingConfig } from '../../../shared/graph/training-config';
import { CsvDatasetSchema, GeneratedDatasetSchema, isUnlabelledSet, type DatasetReference } from '../../../shared/data/reference';
import { useDatasetImport } from '../dataset/dataset-import-store';
import { datasetChipText } from '../dataset/labels';
import { setDataset, setTraining } from '../../../shared/graph/actions';
import { selectDocument, useEditor } from '../store/editor-store';
import { useFileDialog } from '../project/file-dialog-store';
import { getHostInfo } from '../project/project-commands';
import { dirName } from '../project/paths';
import { formatNumber } from '../i18n';
import { checkNumber, configFields, type ConfigField } from './config-fields';
import { plannedSteps } from './chart-data';
import { BUILTIN_DATASET_INFO } from '../../../shared/data/builtin';
import { analysisOf } from '../store/catalog';
import { settingsObjectiveUsed } from './bindings-view';

/** Field labels and option names; literal keys, so the locale test sees each one used. */
export function fieldLabel(t: TFunction, name: string): string {
  const keys: Record<string, string> = {
    engine: t('training.field.engine'),
    device: t('training.field.device'),
    optimizer: t('training.field.optimizer'),
    learningRate: t('training.field.learningRate'),
    momentum: t('training.field.momentum'),
    schedule: t('training.field.schedule'),
    factor: t('training.field.factor'),
    everyEpochs: t('training.field.everyEpochs'),
    rate: t('training.field.rate'),
    decaySteps: t('training.field.decaySteps'),
    minFactor: t('training.field.minFactor'),
    loss: t('training.field.loss'),
    metrics: t('training.field.metrics'),
    epochs: t('training.field.epochs'),
    batchSize: t('training.field.batchSize'),
    validationSplit: t('training.field.validationSplit'),
    shuffle: t('training.field.shuffle'),
    seed: t('training.field.seed'),
    earlyStopping: t('training.field.earlyStopping'),
    enabled: t('training.field.enabled'),
    monitor: t('training.field.monitor'),
    patience: t('training.field.patience'),
    minDelta: t('training.field.minDelta'),
    restoreBest: t('training.field.restoreBest'),
    name: t('training.field.dataset'),
    samples: t('training.field.samples'),
    noise: t('training.field.noise'),
    classes: t('training.field.classes'),
    labels: t('training.field.labels'),
    path: t('training.field.path'),
    label: t('training.field.label'),
    labelEncoding: t('training.field.labelEncoding'),
    labelNormalize: t('training.field.labelNormalize'),
    normalize: t('training.field.normalize'),
  };
  return keys[name] ?? name;
}

export function optionLabel(t: TFunction, value: string): string {
  const options: Record<string, string> = {
    tfjs: t('training.option.tfjs'),
    pytorch: t('training.option.pytorch'),
    cpu: t('training.option.cpu'),
    gpu: t('training.option.gpu'),
    sgd: t('training.option.sgd'),
    momentum: t('training.option.momentum'),
    adam: t('training.option.adam'),
    adamax: t('training.option.adamax'),
    rmsprop: t('training.option.rmsprop'),
    adagrad: t('training.option.adagrad'),
    adadelta: t('training.option.adadelta'),
    mse: t('training.option.mse'),
    mae: t('training.option.mae'),
    huber: t('training.option.huber'),
    binaryCrossentropy: t('training.option.binaryCrossentropy'),
    categoricalCrossentropy: t('training.option.categoricalCrossentropy'),
    sparseCategoricalCrossentropy: t('training.option.sparseCategoricalCrossentropy'),
    accuracy: t('training.option.accuracy'),
    iou: t('training.option.iou'),
    dice: t('training.option.dice'),
    psnr: t('training.option.psnr'),
    perplexity: t('training.option.perplexity'),
    constant: t('training.option.constant'),
    step: t('training.option.step'),
    exponential: t('training.option.exponential'),
    cosine: t('training.option.cosine'),
    xor: t('training.option.xor'),
    spirals: t('training.option.spirals'),
    circles: t('training.option.circles'),
    blobs: t('training.option.blobs'),
    ring: t('training.option.ring'),
    grid: t('training.option.grid'),
    'two-gaussians': t('training.option.two-gaussians'),
    line: t('training.option.line'),
    onehot: t('training.option.onehot'),
    index: t('training.option.index'),
    auto: t('training.option.auto'),
    raw: t('training.option.raw'),
    none: t('training.option.none'),
    standardize: t('training.option.standardize'),
    minmax: t('training.option.minmax'),
  };
  return options[value] ?? value;
}

type Obj = Record<string, unknown>;

export function NumberField({ field, value, onCommit, disabled, testId }: { field: Extract<ConfigField, { kind: 'number' }>; value: number; onCommit(v: number): void; disabled: boolean; testId?: string }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(String(value));
  useEffect(() => setDraft(String(value)), [value]);
  const checked = checkNumber(draft, field);
  const commit = () => {
    if (checked.ok && checked.value !== value) onCommit(checked.value);
  };
  return (
    <>
      <input
        className={`input${checked.ok ? '' : ' invalid'}`}
        inputMode="decimal"
        value={draft}
        disabled={disabled}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
        data-testid={testId ?? `train-field-${field.name}`}
      />
      {!checked.ok && <span className="field-error">{t(checked.key, { limit: checked.limit === undefined ? '' : String(checked.limit) })}</span>}
    </>
  );
}

function TextField({ name, value, onCommit, disabled }: { name: string; value: string; onCommit(v: string): void; disabled: boolean }) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const commit = () => draft !== value && onCommit(draft);
  return <input className="input" value={draft} disabled={disabled} onChange={(e) => setDraft(e.target.value)} onBlur={commit} onKeyDown={(e) => e.key === 'Enter' && commit()} data-testid={`train-field-${name}`} />;
}

/** One generated field; nested objects and unions recurse. */
function Field({ field, value, onChange, disabled, hidden }: { field: ConfigField; value: unknown; onChange(v: unknown): void; disabled: boolean; hidden?: (name: string, parent: Obj) => boolean }) {
  const { t } = useTranslation();
  const label = fieldLabel(t, field.name);
  switch (field.kind) {
    case 'number':
      return (
        <label className="field">
          <span className="field-label">{label}</span>
          <NumberField field={field} value={typeof value === 'number' ? value : (field.default ?? 0)} onCommit={onChange} disabled={disabled} />
        </label>
      );
    case 'text':
      return (
        <label className="field">
          <span className="field-label">{label}</span>
          <TextField name={field.name} value={typeof value === 'string' ? value : (field.default ?? '')} onCommit={onChange} disabled={disabled} />
        </label>
      );
    case 'enum':
      return (
        <label className="field">
          <span className="field-label">{label}</span>
          <select className="input" value={String(value ?? field.default ?? '')} disabled={disabled} onChange={(e) => onChange(e.target.value)} data-testid={`train-field-${field.name}`}>
            {field.options.map((o) => (
              <option key={o} value={o}>
                {optionLabel(t, o)}
              </option>
            ))}
          </select>
        </label>
      );
    case 'boolean':
      return (
        <label className="checkbox">
          <input type="checkbox" checked={Boolean(value ?? field.default)} disabled={disabled} onChange={(e) => onChange(e.target.checked)} data-testid={`train-field-${field.name}`} />
          {label}
        </label>
      );
    case 'enumList': {
      const list = Array.isArray(value) ? (value as string[]) : (field.default ?? []);
      return (
        <div className="field">
          <span className="field-label">{label}</span>
          <div className="chip-row">
            {field.options.map((o) => (
              <label key={o} className="checkbox">
                <input type="checkbox" checked={list.includes(o)} disabled={disabled} onChange={(e) => onChange(e.target.checked ? field.options.filter((x) => x === o || list.includes(x)) : list.filter((x) => x !== o))} data-testid={`train-metric-${o}`} />
                {optionLabel(t, o)}
              </label>
            ))}
          </div>
        </div>
      );
    }
    case 'object': {
      const obj = (value ?? {}) as Obj;
      return (
        <fieldset className="field-group">
          <legend>{label}</legend>
          {field.fields
            .filter((f) => !hidden?.(f.name, obj))
            .map((f) => (
              <Field key={f.name} field={f} value={obj[f.name]} disabled={disabled} hidden={hidden} onChange={(v) => onChange({ ...obj, [f.name]: v })} />
            ))}
        </fieldset>
      );
    }
    case 'union': {
      const obj = (value ?? { kind: field.options[0]!.value }) as Obj;
      const option = field.options.find((o) => o.value === obj.kind) ?? field.options[0]!;
      return (
        <div className="field-group plain">
          <label className="field">
            <span className="field-label">{label}</span>
            <select className="input" value={option.value} disabled={disabled} onChange={(e) => onChange({ kind: e.target.value })} data-testid={`train-field-${field.name}`}>
              {field.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {optionLabel(t, o.value)}
                </option>
              ))}
            </select>
          </label>
          {option.fields.length > 0 && (
            <div className="field-pair">
              {option.fields.map((f) => (
                <Field key={f.name} field={f} value={obj[f.name]} disabled={disabled} onChange={(v) => onChange({ ...obj, [f.name]: v })} />
              ))}
            </div>
          )}
        </div>
      );
    }
  }
}

// A GAN's settings have their own section (GanForm.tsx).
const trainingFields = configFields(TrainingConfigSchema, ['gan']);
/** What still applies to a GAN document's run (the rest of training: its loss, optimizer, validation split… is the single model's). */
const GAN_RUN_FIELDS: readonly string[] = ['engine', 'device', 'epochs', 'batchSize', 'shuffle', 'seed'];
const generatedFields = configFields(GeneratedDatasetSchema, ['kind']);
// How the file is read and split (delimiter, gaps, test set, stratification) is set where its preview is shown: the import dialog.
const csvFields = configFields(CsvDatasetSchema, ['kind', 'path', 'delimiter', 'missing', 'testSplit', 'stratify']);

/** Edits are pure document actions, so undo takes back a training change like any other. */
function commitTraining(training: TrainingConfig) {
  useEditor.getState().edit((doc) => setTraining(doc, TrainingConfigSchema.parse(training)));
}

export const DatasetForm = memo(function DatasetForm({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation();
  const dataset = useEditor((s) => selectDocument(s).dataset);
  const filePath = useEditor((s) => s.filePath);
  const commit = (next: DatasetReference | null) => useEditor.getState().edit((doc) => setDataset(doc, next));
  const kind = dataset?.kind ?? 'none';

  const chooseKind = (k: string) => {
    if (k === 'generated') commit(GeneratedDatasetSchema.parse({ kind: 'generated', name: 'spirals' }));
    else if (k === 'csv') void browseCsv();
    else commit(null);
  };
  const browseCsv = async () => {
    const info = await getHostInfo().catch(() => null);
    const current = dataset?.kind === 'csv' ? dataset.path : null;
    const folder = current && /^([a-zA-Z]:)?[\\/]/.test(current) ? dirName(current, info?.pathSeparator ?? '/') : filePath ? dirName(filePath, info?.pathSeparator ?? '/') : (info?.homeDir ?? '/');
    const path = await useFileDialog.getState().pick('open', folder, '', ['.csv']);
    if (path) commit(CsvDatasetSchema.parse({ ...(dataset?.kind === 'csv' ? dataset : { kind: 'csv' }), path }));
  };

  return (
    <div className="train-form">
      <label className="field">
        <span className="field-label">{t('training.source')}</span>
        <select className="input" value={kind} disabled={disabled} onChange={(e) => chooseKind(e.target.value)} data-testid="dataset-kind">
          <option value="none">{t('training.noDataset')}</option>
          <option value="generated">{t('training.generated')}</option>
          <option value="csv">{t('training.csvFile')}</option>
          {kind !== 'none' && kind !== 'generated' && kind !== 'csv' && <option value={kind}>{t('dataset.imported')}</option>}
        </select>
      </label>
      <div className="field-row">
        {dataset && dataset.kind !== 'generated' && dataset.kind !== 'csv' && (
          <span className="path-chip" title={datasetChipText(t, dataset)} data-testid="dataset-current">
            {datasetChipText(t, dataset)}
          </span>
        )}
        <button className="btn" disabled={disabled} onClick={() => useDatasetImport.getState().show(dataset)} data-testid="dataset-import-open">
          {t('dataset.openImport')}
        </button>
      </div>
      {dataset?.kind === 'generated' && (
        <div className="field-pair">
          {generatedFields
            .filter((f) => f.name !== 'classes' || dataset.name === 'blobs' || dataset.name === 'spirals')
            .filter((f) => f.name !== 'labels' || !isUnlabelledSet(dataset.name))
            .map((f) => (
              <Field key={f.name} field={f} value={(dataset as Obj)[f.name]} disabled={disabled} onChange={(v) => commit(GeneratedDatasetSchema.parse({ ...dataset, [f.name]: v }))} />
            ))}
        </div>
      )}
      {dataset?.kind === 'csv' && (
        <>
          <div className="field">
            <span className="field-label">{t('training.field.path')}</span>
            <div className="field-row">
              <span className="path-chip" title={dataset.path} data-testid="dataset-path">
                {dataset.path}
              </span>
              <button className="btn" disabled={disabled} onClick={() => void browseCsv()}>
                {t('training.browse')}
              </button>
            </div>
          </div>
          <div className="field-pair">
            {csvFields.map((f) => (
              <Field key={f.name} field={f} value={(dataset as Obj)[f.name]} disabled={disabled} onChange={(v) => commit(CsvDatasetSchema.parse({ ...dataset, [f.name]: v === '' ? undefined : v }))} />
            ))}
          </div>
        </>
      )}
      {!dataset && <p className="field-hint">{t('training.noDatasetHint')}</p>}
    </div>
  );
});

export const TrainingForm = memo(function TrainingForm({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation();
  const training = useEditor((s) => selectDocument(s).training);
  // The single loss and metrics train the one output without an objective of its own; else each output's block sets them.
  const settingsObjective = useEditor((s) => {
    const doc = selectDocument(s);
    return settingsObjectiveUsed(doc, analysisOf(doc));
  });
  const isGan = training.gan !== undefined;
  // Momentum belongs to the momentum optimizer; early stopping's details only matter when it is on.
  const hidden = useMemo(() => (name: string, parent: Obj) => parent.enabled === false && name !== 'enabled', []);
  return (
    <div className="train-form field-pair">
      {!settingsObjective && !isGan && (
        <p className="field-hint span-2" data-testid="loss-per-output">
          {t('training.bindings.lossPerOutput')}
        </p>
      )}
      {trainingFields
        // A GAN keeps only the run's own settings here: its players have their optimizers, and all real samples train.
        .filter((f) => !isGan || GAN_RUN_FIELDS.includes(f.name))
        .filter((f) => isGan || settingsObjective || (f.name !== 'loss' && f.name !== 'metrics'))
        .filter((f) => f.name !== 'momentum' || training.optimizer === 'momentum')
        // The PyTorch engine runs where its Python puts it; the device is the tfjs engine's choice.
        .filter((f) => f.name !== 'device' || training.engine === 'tfjs')
        .map((f) => (
          <div key={f.name} className={f.kind === 'object' || f.kind === 'union' || f.kind === 'enumList' || f.kind === 'enum' || f.kind === 'boolean' ? 'span-2' : undefined}>
            <Field field={f} value={(training as Obj)[f.name]} disabled={disabled} hidden={hidden} onChange={(v) => commitTraining({ ...training, [f.name]: v })} />
            {f.name === 'device' && (
              <p className="field-hint" data-testid="device-hint">
                {t('training.deviceHint')}
              </p>
            )}
            {f.name === 'engine' && training.engine === 'pytorch' && (
              <p className="field-hint" data-testid="pytorch-engine-hint">
                {t('training.pytorchHint')}
              </p>
            )}
          </div>
        ))}
    </div>
  );
});

/** The seed's arithmetic, for the data and settings in the document. */
export function DerivedFigures({ plan }: { plan: { trainSamples: number; batchesPerEpoch: number; epochs: number } | null }) {
  const { t } = useTranslation();
  const doc = useEditor(selectDocument);
  const { training, dataset } = doc;
  let figures: { trainSamples: number; stepsPerEpoch: number; totalSteps: number } | null = null;
  // A GAN trains on every real sample: one iteration per batch of them.
  const validationSplit = training.gan ? 0 : training.validationSplit;
  if (dataset?.kind === 'generated' || dataset?.kind === 'shapes' || dataset?.kind === 'sequence-task') figures = plannedSteps(dataset.samples, validationSplit, training.batchSize, training.epochs);
  // A built-in set's size is known without reading it (MNIST: 10,000 digits).
  else if (dataset?.kind === 'builtin' && !plan) figures = plannedSteps(BUILTIN_DATASET_INFO[dataset.name].samples, validationSplit, training.batchSize, training.epochs);
  else if (plan) figures = { trainSamples: plan.trainSamples, stepsPerEpoch: plan.batchesPerEpoch, totalSteps: stepsTaken(plan.epochs, plan.batchesPerEpoch, plan.batchesPerEpoch) };
  if (!figures) return <p className="field-hint">{t('training.figuresLater')}</p>;
  return (
    <dl className="stat-grid derived" data-testid="derived-figures">
      <dt>{t('training.trainSamples')}</dt>
      <dd>{formatNumber(figures.trainSamples)}</dd>
      <dt>{t('training.stepsPerEpoch')}</dt>
      <dd data-testid="steps-per-epoch">
        ⌈{formatNumber(figures.trainSamples)} / {formatNumber(training.batchSize)}⌉ = {formatNumber(figures.stepsPerEpoch)}
      </dd>
      <dt>{t('training.totalSteps')}</dt>
      <dd data-testid="total-steps">
        {formatNumber(figures.stepsPerEpoch)} × {formatNumber(training.epochs)} = {formatNumber(figures.totalSteps)}
      </dd>
    </dl>
  );
}
