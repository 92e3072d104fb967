import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { setInputBinding, setOutputObjective } from '../../../shared/graph/actions';
import { INPUT_FIELD, TARGET_FIELD } from '../../../shared/data/fields';
import { formatShape } from '../../../shared/layers/shape-utils';
import { InputBindingSchema, LOSSES, METRICS, OutputObjectiveSchema, type InputNoise, type LossName, type MetricName, type OutputObjective } from '../../../shared/graph/training-config';
import type { Problem } from '../../../shared/graph/analyze';
import { analysisOf } from '../store/catalog';
import { selectDocument, useEditor } from '../store/editor-store';
import { problemText } from '../i18n/problem-text';
import { bindingsView, DEFAULT_NOISE, editedBinding, editedObjective, targetHintOf, type InputRow, type OutputRow } from './bindings-view';
import { configFields, type ConfigField } from './config-fields';
import { NumberField, optionLabel } from './ConfigForm';
import { referenceFieldChoices } from './dataset-fields';

type NumberSpec = Extract<ConfigField, { kind: 'number' }>;

function numberSpec(fields: ConfigField[], name: string): NumberSpec {
  const field = fields.find((f) => f.name === name);
  if (field?.kind !== 'number') throw new Error(`no number field "${name}"`);
  return field;
}

// Bounds from the schemas, so the fields refuse what the document would.
const WEIGHT = numberSpec(configFields(OutputObjectiveSchema), 'weight');
const noiseUnion = configFields(InputBindingSchema).find((f) => f.name === 'noise');
const NOISE_VALUE: Record<InputNoise['kind'], NumberSpec> = {
  gaussian: numberSpec(noiseUnion?.kind === 'union' ? (noiseUnion.options.find((o) => o.value === 'gaussian')?.fields ?? []) : [], 'std'),
  mask: numberSpec(noiseUnion?.kind === 'union' ? (noiseUnion.options.find((o) => o.value === 'mask')?.fields ?? []) : [], 'rate'),
};

function fieldChoiceLabel(t: TFunction, name: string): string {
  if (name === INPUT_FIELD) return t('training.bindings.fieldX');
  if (name === TARGET_FIELD) return t('training.bindings.fieldY');
  return name;
}

function noiseLabel(t: TFunction, kind: InputNoise['kind'] | 'none'): string {
  const labels = { none: t('training.bindings.noiseNone'), gaussian: t('training.bindings.noiseGaussian'), mask: t('training.bindings.noiseMask') };
  return labels[kind];
}

function noiseValueLabel(t: TFunction, kind: InputNoise['kind']): string {
  return kind === 'gaussian' ? t('training.bindings.noiseStd') : t('training.bindings.noiseRate');
}

/** Edits are pure document actions, so undo takes a binding back like any other change. */
const edit = (change: Parameters<ReturnType<typeof useEditor.getState>['edit']>[0]) => useEditor.getState().edit(change);

function FieldSelect({ value, choices, onChange, disabled, testId }: { value: string | null; choices: string[]; onChange(field: string): void; disabled: boolean; testId: string }) {
  const { t } = useTranslation();
  return (
    // A long column name is clipped by the narrow select: the tooltip gives it whole.
    <select className="input" value={value ?? ''} title={value === null ? undefined : fieldChoiceLabel(t, value)} disabled={disabled} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
      {value === null && (
        <option value="" disabled>
          {t('training.bindings.chooseField')}
        </option>
      )}
      {choices.map((name) => (
        <option key={name} value={name}>
          {fieldChoiceLabel(t, name)}
        </option>
      ))}
    </select>
  );
}

function RowHead({ kind, nodeId, name, shape, automatic, onReset, disabled }: { kind: 'input' | 'output'; nodeId: string; name: string; shape: string; automatic: boolean; onReset(): void; disabled: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="binding-head">
      <span className="binding-name" title={name}>
        {name}
      </span>
      <code className="binding-shape" title={shape}>
        {shape}
      </code>
      <span className="spacer" />
      {automatic ? (
        <span className="auto-chip" title={t('training.bindings.automaticHint')} data-testid={`${kind}-automatic-${nodeId}`}>
          {t('training.bindings.automatic')}
        </span>
      ) : (
        <button className="btn small" disabled={disabled} onClick={onReset} title={t('training.bindings.resetHint')} data-testid={`${kind}-reset-${nodeId}`}>
          {t('training.bindings.reset')}
        </button>
      )}
    </div>
  );
}

function Problems({ problems, testId }: { problems: Problem[]; testId: string }) {
  const { t } = useTranslation();
  if (!problems.length) return null;
  return (
    <div className="binding-problems" data-testid={testId}>
      {problems.map((p, i) => (
        <p key={i} className="field-error">
          {problemText(t, p)}
        </p>
      ))}
    </div>
  );
}

function InputBlock({ row, disabled }: { row: InputRow; disabled: boolean }) {
  const { t } = useTranslation();
  const write = (change: Parameters<typeof editedBinding>[1]) => {
    const binding = editedBinding(row, change);
    if (binding) edit((doc) => setInputBinding(doc, row.nodeId, binding));
  };
  const noiseKind = row.noise?.kind ?? 'none';
  return (
    <div className="binding" data-testid="input-binding" data-node-id={row.nodeId}>
      <RowHead kind="input" nodeId={row.nodeId} name={row.name} shape={formatShape(row.shape)} automatic={row.automatic} disabled={disabled} onReset={() => edit((doc) => setInputBinding(doc, row.nodeId, null))} />
      <div className="field-pair">
        <label className="field">
          <span className="field-label">{t('training.bindings.reads')}</span>
          <FieldSelect value={row.field} choices={row.choices} disabled={disabled} onChange={(field) => write({ field })} testId={`input-field-${row.nodeId}`} />
        </label>
        <label className="field">
          <span className="field-label">{t('training.bindings.noise')}</span>
          <select
            className="input"
            value={noiseKind}
            disabled={disabled || row.field === null}
            onChange={(e) => write({ noise: e.target.value === 'none' ? null : DEFAULT_NOISE[e.target.value as InputNoise['kind']] })}
            data-testid={`input-noise-${row.nodeId}`}
          >
            {(['none', 'gaussian', 'mask'] as const).map((kind) => (
              <option key={kind} value={kind}>
                {noiseLabel(t, kind)}
              </option>
            ))}
          </select>
        </label>
        {row.noise && (
          <label className="field span-2">
            <span className="field-label">{noiseValueLabel(t, row.noise.kind)}</span>
            <NumberField
              field={NOISE_VALUE[row.noise.kind]}
              value={row.noise.kind === 'gaussian' ? row.noise.std : row.noise.rate}
              disabled={disabled}
              onCommit={(value) => write({ noise: row.noise!.kind === 'gaussian' ? { kind: 'gaussian', std: value } : { kind: 'mask', rate: value } })}
              testId={`input-noise-value-${row.nodeId}`}
            />
          </label>
        )}
      </div>
      <Problems problems={row.problems} testId={`input-problems-${row.nodeId}`} />
    </div>
  );
}

function OutputBlock({ row, disabled, descriptions }: { row: OutputRow; disabled: boolean; descriptions: Parameters<typeof editedObjective>[2] }) {
  const { t } = useTranslation();
  const write = (change: Partial<OutputObjective>) => {
    const objective = editedObjective(row, change, descriptions);
    if (objective) edit((doc) => setOutputObjective(doc, row.nodeId, objective));
  };
  const noTarget = row.target === null;
  return (
    <div className="binding" data-testid="output-binding" data-node-id={row.nodeId}>
      <RowHead kind="output" nodeId={row.nodeId} name={row.name} shape={formatShape(row.shape)} automatic={row.automatic} disabled={disabled} onReset={() => edit((doc) => setOutputObjective(doc, row.nodeId, null))} />
      <div className="field-pair">
        <label className="field">
          <span className="field-label">{t('training.bindings.target')}</span>
          <FieldSelect value={row.target} choices={row.choices} disabled={disabled} onChange={(target) => write({ target })} testId={`output-target-${row.nodeId}`} />
        </label>
        <label className="field">
          <span className="field-label">{t('training.bindings.weight')}</span>
          <NumberField field={WEIGHT} value={row.weight} disabled={disabled || noTarget} onCommit={(weight) => write({ weight })} testId={`output-weight-${row.nodeId}`} />
        </label>
        {row.fromSettings ? (
          <p className="field-hint span-2" data-testid={`output-from-settings-${row.nodeId}`}>
            {t('training.bindings.fromSettings', {
              loss: row.loss ? optionLabel(t, row.loss) : '—',
              metrics: row.metrics.length ? row.metrics.map((m) => optionLabel(t, m)).join(', ') : t('training.bindings.noMetrics'),
            })}
          </p>
        ) : (
          <>
            <label className="field span-2">
              <span className="field-label">{t('training.field.loss')}</span>
              <select className="input" value={row.loss ?? ''} disabled={disabled || noTarget} onChange={(e) => write({ loss: e.target.value as LossName })} data-testid={`output-loss-${row.nodeId}`}>
                {row.loss === null && (
                  <option value="" disabled>
                    {t('training.bindings.chooseField')}
                  </option>
                )}
                {LOSSES.map((loss) => (
                  <option key={loss} value={loss}>
                    {optionLabel(t, loss)}
                  </option>
                ))}
              </select>
            </label>
            <div className="field span-2">
              <span className="field-label">{t('training.field.metrics')}</span>
              <div className="chip-row">
                {METRICS.map((metric) => (
                  <label key={metric} className="checkbox">
                    <input
                      type="checkbox"
                      checked={row.metrics.includes(metric)}
                      disabled={disabled || noTarget}
                      onChange={(e) => write({ metrics: e.target.checked ? METRICS.filter((m) => m === metric || row.metrics.includes(m)) : row.metrics.filter((m): m is MetricName => m !== metric) })}
                      data-testid={`output-metric-${row.nodeId}-${metric}`}
                    />
                    {optionLabel(t, metric)}
                  </label>
                ))}
              </div>
            </div>
          </>
        )}
      </div>
      <Problems problems={row.problems} testId={`output-problems-${row.nodeId}`} />
    </div>
  );
}

/**
 * Which dataset field each Input reads and what each output learns, with what loss, weight
 * and metrics: what the model trains with, the automatic choices marked as such.
 */
export const BindingsForm = memo(function BindingsForm({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation();
  const doc = useEditor(selectDocument);
  const analysis = analysisOf(doc);
  const { units, loss } = targetHintOf(analysis, doc.training);
  const fields = useMemo(() => referenceFieldChoices(doc.dataset, { units, loss }), [doc.dataset, units, loss]);
  const view = useMemo(() => bindingsView(doc, analysis, fields), [doc, analysis, fields]);
  if (view.fedByGraph)
    return (
      <p className="field-hint" data-testid="bindings-graph">
        {t('training.bindings.graph')}
      </p>
    );
  if (!view.inputs.length && !view.outputs.length) return <p className="field-hint">{t('training.bindings.empty')}</p>;
  return (
    <div className="train-form bindings" data-testid="bindings">
      {view.inputs.map((row) => (
        <InputBlock key={row.nodeId} row={row} disabled={disabled} />
      ))}
      {view.outputs.map((row) => (
        <OutputBlock key={row.nodeId} row={row} disabled={disabled} descriptions={fields.descriptions} />
      ))}
    </div>
  );
});
