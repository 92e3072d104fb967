import type { TFunction } from 'i18next';
import { UNKNOWN_SIZE, type ShapeError, type ShapeErrorCode, type ShapeHintCode } from '../../../shared/layers/shape-errors';
import { zodIssueText } from './zod-locale';

// Spelled out (not built from the code) so the locale test sees each key used; the Record
// types make a new code without a key a compile error.
const ERROR_KEYS: Record<ShapeErrorCode, string> = {
  oneInput: 'shapeErrors.oneInput',
  rank: 'shapeErrors.rank',
  unknownChannels: 'shapeErrors.unknownChannels',
  kernelDoesNotFit: 'shapeErrors.kernelDoesNotFit',
  dilatedKernelDoesNotFit: 'shapeErrors.dilatedKernelDoesNotFit',
  poolDoesNotFit: 'shapeErrors.poolDoesNotFit',
  unknownStepFeatures: 'shapeErrors.unknownStepFeatures',
  keyValueSteps: 'shapeErrors.keyValueSteps',
  nodeFeaturesMissing: 'shapeErrors.nodeFeaturesMissing',
  nodeFeaturesShape: 'shapeErrors.nodeFeaturesShape',
  edgeIndexMissing: 'shapeErrors.edgeIndexMissing',
  edgeIndexShape: 'shapeErrors.edgeIndexShape',
  innerParam: 'shapeErrors.innerParam',
  normFeatureAxis: 'shapeErrors.normFeatureAxis',
  normAxisRange: 'shapeErrors.normAxisRange',
  normBatchAxis: 'shapeErrors.normBatchAxis',
  normUnknownSize: 'shapeErrors.normUnknownSize',
  inferCrashed: 'shapeErrors.inferCrashed',
};

const HINT_KEYS: Record<ShapeHintCode, string> = {
  addFlatten: 'shapeHints.addFlatten',
  addFlattenOrPooling: 'shapeHints.addFlattenOrPooling',
  removeFlatten: 'shapeHints.removeFlatten',
  fixSizeOrPool: 'shapeHints.fixSizeOrPool',
  sizesDividing: 'shapeHints.sizesDividing',
  sizesMultiplying: 'shapeHints.sizesMultiplying',
  listEachAxis: 'shapeHints.listEachAxis',
  reshapeTo: 'shapeHints.reshapeTo',
  reshapeToImage: 'shapeHints.reshapeToImage',
  reshapeAddChannel: 'shapeHints.reshapeAddChannel',
  imagesOnly: 'shapeHints.imagesOnly',
  reshapeToSteps: 'shapeHints.reshapeToSteps',
  use2DVersion: 'shapeHints.use2DVersion',
  sequencesOnly: 'shapeHints.sequencesOnly',
  fixChannels: 'shapeHints.fixChannels',
  smallerKernel: 'shapeHints.smallerKernel',
  smallerPool: 'shapeHints.smallerPool',
  reshapeOrEmbedding: 'shapeHints.reshapeOrEmbedding',
  reshapeToStepsFeatures: 'shapeHints.reshapeToStepsFeatures',
  attentionNeedsSteps: 'shapeHints.attentionNeedsSteps',
  imageToPatches: 'shapeHints.imageToPatches',
  addStepsAxis: 'shapeHints.addStepsAxis',
  idsNotVectors: 'shapeHints.idsNotVectors',
  giveStepsAxis: 'shapeHints.giveStepsAxis',
};

/** A layer kind's shape error in the interface language, from its code and values. */
export function shapeErrorText(t: TFunction, error: ShapeError): string {
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(error.params)) values[name] = value === UNKNOWN_SIZE ? t('shapeText.unknownSize') : value;
  const detail = error.cause ? shapeErrorText(t, error.cause) : error.issue ? zodIssueText(error.issue) : error.detail;
  if (detail !== undefined) values.detail = detail;
  // A kind's own codes are loaded into the translations from the catalog (see ./index.ts).
  const text = t(ERROR_KEYS[error.code as ShapeErrorCode] ?? `shapeErrors.${error.code}`, values);
  if (!error.hint) return text;
  return t('shapeText.withHint', { error: text, hint: t(HINT_KEYS[error.hint.code], error.hint.params) });
}
