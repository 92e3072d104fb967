import { memo, useMemo } from 'react';
import { useReactFlow } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { guessGanPlayers, setGan, trainAsGan, trainAsOneModel } from '../../../shared/graph/gan-actions';
import type { GraphDocument } from '../../../shared/graph/document';
import { GAN_LOSSES, GanConfigSchema, NOISE_DISTRIBUTIONS, OPTIMIZERS, type GanConfig, type GanLoss, type GanOptimizer, type NoiseDistribution } from '../../../shared/graph/training-config';
import { analysisOf } from '../store/catalog';
import { selectDocument, useEditor } from '../store/editor-store';
import { problemText } from '../i18n/problem-text';
import { configFields, type ConfigField } from './config-fields';
import { NumberField, optionLabel } from './ConfigForm';
import { referenceFieldChoices } from './dataset-fields';
import { autoLayout, layoutBoxes } from '../canvas/auto-layout';
import { fitReadable } from '../canvas/fit-view';
import { ganRegionsOverlap } from '../canvas/gan-view';
import { measuredSizes } from '../canvas/measured';

type NumberSpec = Extract<ConfigField, { kind: 'number' }>;

const ganFields = configFields(GanConfigSchema);
function numberSpec(fields: ConfigField[], name: string): NumberSpec {
  const field = fields.find((f) => f.name === name);
  if (field?.kind !== 'number') throw new Error(`no number field "${name}"`);
  return field;
}
const optimizerFields = (() => {
  const field = ganFields.find((f) => f.name === 'discriminatorOptimizer');
  return field?.kind === 'object' ? field.fields : [];
})();
// Bounds from the schema, so the fields refuse what the document would.
const STEPS = { discriminatorSteps: numberSpec(ganFields, 'discriminatorSteps'), generatorSteps: numberSpec(ganFields, 'generatorSteps') };
const LABEL_SMOOTHING = numberSpec(ganFields, 'labelSmoothing');
const LEARNING_RATE = numberSpec(optimizerFields, 'learningRate');
const BETA1 = numberSpec(optimizerFields, 'beta1');
/** The optimizers that have a β1 (the first moment's decay). */
const WITH_BETA1: readonly string[] = ['adam', 'adamax'];

const GAN_PROBLEM_CODES: readonly string[] = ['gan-role', 'gan-shape', 'gan-discriminator-output'];

/** Edits are pure document actions, so undo takes a GAN setting back like any other change. */
const edit = (change: (doc: GraphDocument) => GraphDocument) => useEditor.getState().edit(change);
const change = (patch: Partial<GanConfig>) => edit((doc) => setGan(doc, patch));

function lossLabel(t: TFunction, loss: GanLoss): { name: string; about: string } {
  const labels: Record<GanLoss, { name: string; about: string }> = {
    'non-saturating': { name: t('training.ganSettings.loss.nonSaturating'), about: t('training.ganSettings.loss.nonSaturatingAbout') },
    'least-squares': { name: t('training.ganSettings.loss.leastSquares'), about: t('training.ganSettings.loss.leastSquaresAbout') },
    hinge: { name: t('training.ganSettings.loss.hinge'), about: t('training.ganSettings.loss.hingeAbout') },
  };
  return labels[loss];
}

function noiseLabel(t: TFunction, noise: NoiseDistribution): string {
  return noise === 'uniform' ? t('training.ganSettings.noiseUniform') : t('training.ganSettings.noiseNormal');
}

type Mark = 'generator.input' | 'generator.output' | 'discriminator.input' | 'discriminator.output';

function markLabel(t: TFunction, mark: Mark): string {
  const labels: Record<Mark, string> = {
    'generator.input': t('training.ganSettings.generatorInput'),
    'generator.output': t('training.ganSettings.generatorOutput'),
    'discriminator.input': t('training.ganSettings.discriminatorInput'),
    'discriminator.output': t('training.ganSettings.discriminatorOutput'),
  };
  return labels[mark];
}

/** A select of node ids shown by name; a mark on a node that is gone (or of the wrong kind) stays visible as it is. */
function NodeSelect({ value, choices, names, onChange, disabled, testId }: { value: string; choices: string[]; names: Map<string, string>; onChange(id: string): void; disabled: boolean; testId: string }) {
  const options = choices.includes(value) ? choices : [value, ...choices];
  return (
    <select className="input" value={value} title={names.get(value) ?? value} disabled={disabled} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
      {options.map((id) => (
        <option key={id} value={id}>
          {names.get(id) ?? id}
        </option>
      ))}
    </select>
  );
}

function OptimizerFields({ player, value, disabled }: { player: 'discriminator' | 'generator'; value: GanOptimizer; disabled: boolean }) {
  const { t } = useTranslation();
  const key = player === 'discriminator' ? 'discriminatorOptimizer' : 'generatorOptimizer';
  const write = (patch: Partial<GanOptimizer>) => change({ [key]: { ...value, ...patch } });
  return (
    <fieldset className="field-group" data-testid={`gan-optimizer-${player}`}>
      <legend>{player === 'discriminator' ? t('training.ganSettings.discriminatorOptimizer') : t('training.ganSettings.generatorOptimizer')}</legend>
      <div className="field-pair">
        <label className="field span-2">
          <span className="field-label">{t('training.field.optimizer')}</span>
          <select className="input" value={value.optimizer} disabled={disabled} onChange={(e) => write({ optimizer: e.target.value as GanOptimizer['optimizer'] })} data-testid={`gan-${player}-optimizer`}>
            {OPTIMIZERS.map((o) => (
              <option key={o} value={o}>
                {optionLabel(t, o)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t('training.field.learningRate')}</span>
          <NumberField field={LEARNING_RATE} value={value.learningRate} disabled={disabled} onCommit={(learningRate) => write({ learningRate })} testId={`gan-${player}-learning-rate`} />
        </label>
        {WITH_BETA1.includes(value.optimizer) && (
          <label className="field">
            <span className="field-label" title={t('training.ganSettings.beta1Hint')}>
              {t('training.ganSettings.beta1')}
            </span>
            <NumberField field={BETA1} value={value.beta1} disabled={disabled} onCommit={(beta1) => write({ beta1 })} testId={`gan-${player}-beta1`} />
          </label>
        )}
      </div>
    </fieldset>
  );
}

/** The GAN's settings (training.gan): which nodes play which part, the noise, the real samples, the loss, the steps and each player's optimizer. */
function GanSettings({ doc, gan, disabled }: { doc: GraphDocument; gan: GanConfig; disabled: boolean }) {
  const { t } = useTranslation();
  const analysis = analysisOf(doc);
  const names = useMemo(() => new Map(doc.nodes.map((n) => [n.id, n.name])), [doc.nodes]);
  const inputs = useMemo(() => doc.nodes.filter((n) => n.type === 'Input').map((n) => n.id), [doc.nodes]);
  const fields = useMemo(() => referenceFieldChoices(doc.dataset, { units: 1, loss: 'binaryCrossentropy' }).names, [doc.dataset]);
  const problems = analysis.problems.filter((p) => GAN_PROBLEM_CODES.includes(p.code));
  const marks: [Mark, string[]][] = [
    ['generator.input', inputs],
    ['generator.output', analysis.outputs],
    ['discriminator.input', inputs],
    ['discriminator.output', analysis.outputs],
  ];
  const moveMark = (mark: Mark, id: string) => {
    const [player, end] = mark.split('.') as ['generator' | 'discriminator', 'input' | 'output'];
    change({ [player]: { ...gan[player], [end]: id } });
  };
  return (
    <div className="train-form gan-settings" data-testid="gan-settings">
      <p className="field-hint">{t('training.ganSettings.about')}</p>
      <button className="btn gan-one-model" disabled={disabled} onClick={() => edit(trainAsOneModel)} title={t('training.ganSettings.oneModelHint')} data-testid="gan-one-model">
        {t('training.ganSettings.oneModel')}
      </button>
      <div className="field-pair gan-marks">
        {marks.map(([mark, choices]) => (
          <label className="field" key={mark}>
            <span className="field-label">{markLabel(t, mark)}</span>
            <NodeSelect value={mark.endsWith('input') ? gan[mark.split('.')[0] as 'generator'].input : gan[mark.split('.')[0] as 'generator'].output} choices={choices} names={names} disabled={disabled} onChange={(id) => moveMark(mark, id)} testId={`gan-mark-${mark.replace('.', '-')}`} />
          </label>
        ))}
        <label className="field">
          <span className="field-label">{t('training.ganSettings.noise')}</span>
          <select className="input" value={gan.noise} disabled={disabled} onChange={(e) => change({ noise: e.target.value as NoiseDistribution })} data-testid="gan-noise">
            {NOISE_DISTRIBUTIONS.map((n) => (
              <option key={n} value={n}>
                {noiseLabel(t, n)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t('training.ganSettings.real')}</span>
          <select className="input" value={gan.real} title={gan.real} disabled={disabled} onChange={(e) => change({ real: e.target.value })} data-testid="gan-real">
            {(fields.includes(gan.real) ? fields : [gan.real, ...fields]).map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="field" role="radiogroup" aria-label={t('training.field.loss')}>
        <span className="field-label">{t('training.field.loss')}</span>
        {GAN_LOSSES.map((loss) => {
          const { name, about } = lossLabel(t, loss);
          return (
            <label key={loss} className="gan-loss">
              <input type="radio" name="gan-loss" value={loss} checked={gan.loss === loss} disabled={disabled} onChange={() => change({ loss })} data-testid={`gan-loss-${loss}`} />
              <span>
                <b>{name}</b>
                <span className="gan-loss-about">{about}</span>
              </span>
            </label>
          );
        })}
      </div>
      <div className="field-pair">
        <label className="field">
          <span className="field-label">{t('training.ganSettings.discriminatorSteps')}</span>
          <NumberField field={STEPS.discriminatorSteps} value={gan.discriminatorSteps} disabled={disabled} onCommit={(discriminatorSteps) => change({ discriminatorSteps })} testId="gan-discriminator-steps" />
        </label>
        <label className="field">
          <span className="field-label">{t('training.ganSettings.generatorSteps')}</span>
          <NumberField field={STEPS.generatorSteps} value={gan.generatorSteps} disabled={disabled} onCommit={(generatorSteps) => change({ generatorSteps })} testId="gan-generator-steps" />
        </label>
        <p className="field-hint span-2">{t('training.ganSettings.stepsHint')}</p>
        <label className="field span-2">
          <span className="field-label">{t('training.ganSettings.labelSmoothing')}</span>
          <NumberField field={LABEL_SMOOTHING} value={gan.labelSmoothing} disabled={disabled} onCommit={(labelSmoothing) => change({ labelSmoothing })} testId="gan-label-smoothing" />
        </label>
      </div>
      <OptimizerFields player="discriminator" value={gan.discriminatorOptimizer} disabled={disabled} />
      <OptimizerFields player="generator" value={gan.generatorOptimizer} disabled={disabled} />
      {problems.length > 0 && (
        <div className="binding-problems" data-testid="gan-problems">
          {problems.map((p, i) => (
            <p key={i} className="field-error">
              {problemText(t, p)}
            </p>
          ))}
        </div>
      )}
    </div>
  );
}

/** The GAN section of the training view, or for a graph drawn as two networks, the offer to train them as one. */
export const GanForm = memo(function GanForm({ disabled }: { disabled: boolean }) {
  const doc = useEditor(selectDocument);
  const gan = doc.training.gan;
  return gan ? <GanSettings doc={doc} gan={gan} disabled={disabled} /> : null;
});

/** Shown above the inputs and outputs when the graph is two unconnected networks: they can train against each other. */
export const GanOffer = memo(function GanOffer({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation();
  const doc = useEditor(selectDocument);
  const players = useMemo(() => (doc.training.gan ? null : guessGanPlayers(doc, analysisOf(doc))), [doc]);
  const flow = useReactFlow();
  if (!players) return null;
  const names = new Map(doc.nodes.map((n) => [n.id, n.name]));
  const makeGan = () => {
    const change = (d: GraphDocument) => trainAsGan(d, analysisOf(d));
    const gan = change(doc);
    const sizes = measuredSizes(flow.getNodes());
    const boxOf = layoutBoxes(gan, sizes);
    const byId = new Map(gan.nodes.map((n) => [n.id, n]));
    // Networks drawn close together would give overlapping regions: laid out afresh, in the same undoable edit.
    if (ganRegionsOverlap(gan, analysisOf(gan), (id) => boxOf(byId.get(id)!))) void autoLayout(sizes, change).then(() => setTimeout(() => void fitReadable(flow), 60));
    else edit(change);
  };
  return (
    <div className="gan-offer" data-testid="gan-offer">
      <p className="field-hint">
        {t('training.ganSettings.offer', { generator: names.get(players.generator.input) ?? players.generator.input, discriminator: names.get(players.discriminator.input) ?? players.discriminator.input })}
      </p>
      <button className="btn" disabled={disabled} onClick={makeGan} data-testid="gan-make">
        {t('training.ganSettings.make')}
      </button>
    </div>
  );
});
