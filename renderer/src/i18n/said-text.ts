import type { TFunction } from 'i18next';
import type { DatasetMessageId } from '../../../shared/data/dataset-messages';
import type { MessageText } from '../../../shared/message-text';
import { HostErrorSaidSchema } from '../../../shared/host-api';
import { RpcError } from '../../../shared/rpc';
import type { Said } from '../../../shared/said';
import type { TrainingMessageId } from '../../../shared/training/messages';
import type { HostMessageId } from '../../../shared/host-messages';
import { formatNumber, i18n } from '.';

// Spelled out (not built from the id) so the locale test sees each key used; the Record
// types make a new message id without a key a compile error.
const DATASET_KEYS: Record<DatasetMessageId, string> = {
  csvEmpty: 'datasetMessages.csvEmpty',
  idxNotGzip: 'datasetMessages.idxNotGzip',
  idxNotIdx: 'datasetMessages.idxNotIdx',
  idxCutShort: 'datasetMessages.idxCutShort',
  idxNoLabels: 'datasetMessages.idxNoLabels',
  npyNotNpy: 'datasetMessages.npyNotNpy',
  npyHeaderCutShort: 'datasetMessages.npyHeaderCutShort',
  npyBadHeader: 'datasetMessages.npyBadHeader',
  npyFortran: 'datasetMessages.npyFortran',
  npyDtype: 'datasetMessages.npyDtype',
  npyDataCutShort: 'datasetMessages.npyDataCutShort',
  npzUnreadable: 'datasetMessages.npzUnreadable',
  npzNoArrays: 'datasetMessages.npzNoArrays',
  npzNoArray: 'datasetMessages.npzNoArray',
  npzNoLabels: 'datasetMessages.npzNoLabels',
  npzNoLabelsNamed: 'datasetMessages.npzNoLabelsNamed',
  npyFeaturesOnly: 'datasetMessages.npyFeaturesOnly',
  featuresShape: 'datasetMessages.featuresShape',
  labelsShape: 'datasetMessages.labelsShape',
  headerNoName: 'datasetMessages.headerNoName',
  headerTwice: 'datasetMessages.headerTwice',
  mappedColumnMissing: 'datasetMessages.mappedColumnMissing',
  labelColumnMissing: 'datasetMessages.labelColumnMissing',
  tooFewColumns: 'datasetMessages.tooFewColumns',
  noFeatureColumns: 'datasetMessages.noFeatureColumns',
  ragged: 'datasetMessages.ragged',
  raggedMore: 'datasetMessages.raggedMore',
  noDataRows: 'datasetMessages.noDataRows',
  labelTooManyTexts: 'datasetMessages.labelTooManyTexts',
  missingValue: 'datasetMessages.missingValue',
  noCompleteRow: 'datasetMessages.noCompleteRow',
  notANumber: 'datasetMessages.notANumber',
  notANumberOthers: 'datasetMessages.notANumberOthers',
  featureTooManyTexts: 'datasetMessages.featureTooManyTexts',
  columnNoValues: 'datasetMessages.columnNoValues',
  labelColumnOf: 'datasetMessages.labelColumnOf',
  labelsIn: 'datasetMessages.labelsIn',
  classFoldersOf: 'datasetMessages.classFoldersOf',
  mnistLabels: 'datasetMessages.mnistLabels',
  fractionalClasses: 'datasetMessages.fractionalClasses',
  tooManyNumericClasses: 'datasetMessages.tooManyNumericClasses',
  tooManyClasses: 'datasetMessages.tooManyClasses',
  rawLabelText: 'datasetMessages.rawLabelText',
  rawLabelTextOf: 'datasetMessages.rawLabelTextOf',
  noLabelValues: 'datasetMessages.noLabelValues',
  singleClassColumn: 'datasetMessages.singleClassColumn',
  singleClassSamples: 'datasetMessages.singleClassSamples',
  noSamples: 'datasetMessages.noSamples',
  labelCountMismatch: 'datasetMessages.labelCountMismatch',
  textColumnMissing: 'datasetMessages.textColumnMissing',
  textLabelMissing: 'datasetMessages.textLabelMissing',
  textLabelEmpty: 'datasetMessages.textLabelEmpty',
  textNoRows: 'datasetMessages.textNoRows',
  textSingleClass: 'datasetMessages.textSingleClass',
  textTooFewTokens: 'datasetMessages.textTooFewTokens',
  seriesColumnMissing: 'datasetMessages.seriesColumnMissing',
  seriesNoNumeric: 'datasetMessages.seriesNoNumeric',
  seriesEmptyValue: 'datasetMessages.seriesEmptyValue',
  seriesNotANumber: 'datasetMessages.seriesNotANumber',
  seriesTooShort: 'datasetMessages.seriesTooShort',
  fileMissing: 'datasetMessages.fileMissing',
  fileDenied: 'datasetMessages.fileDenied',
  fileUnreadable: 'datasetMessages.fileUnreadable',
  fileIsFolder: 'datasetMessages.fileIsFolder',
  fileEmpty: 'datasetMessages.fileEmpty',
  tooLargeToStream: 'datasetMessages.tooLargeToStream',
  tooLargeToRead: 'datasetMessages.tooLargeToRead',
  utf16: 'datasetMessages.utf16',
  binary: 'datasetMessages.binary',
  notUtf8Latin: 'datasetMessages.notUtf8Latin',
  notUtf8: 'datasetMessages.notUtf8',
  jsonEmpty: 'datasetMessages.jsonEmpty',
  jsonInvalid: 'datasetMessages.jsonInvalid',
  jsonNotArray: 'datasetMessages.jsonNotArray',
  jsonEmptyArray: 'datasetMessages.jsonEmptyArray',
  jsonRowNotArray: 'datasetMessages.jsonRowNotArray',
  jsonArrayOfValues: 'datasetMessages.jsonArrayOfValues',
  jsonRowNotObject: 'datasetMessages.jsonRowNotObject',
  imageFolderIsFile: 'datasetMessages.imageFolderIsFile',
  imageNoSubfolders: 'datasetMessages.imageNoSubfolders',
  imageNoSubfoldersLoose: 'datasetMessages.imageNoSubfoldersLoose',
  imageNoImages: 'datasetMessages.imageNoImages',
  tooManyImages: 'datasetMessages.tooManyImages',
  notAnImage: 'datasetMessages.notAnImage',
  imageTooLarge: 'datasetMessages.imageTooLarge',
  imageUndecodable: 'datasetMessages.imageUndecodable',
  graphNoNodes: 'datasetMessages.graphNoNodes',
  graphNoLabelField: 'datasetMessages.graphNoLabelField',
  graphEdgeNoNodeId: 'datasetMessages.graphEdgeNoNodeId',
  graphEdgeNoNodeRow: 'datasetMessages.graphEdgeNoNodeRow',
  graphJsonInvalid: 'datasetMessages.graphJsonInvalid',
  graphJsonShape: 'datasetMessages.graphJsonShape',
  graphCsvLine: 'datasetMessages.graphCsvLine',
  graphEdgeColumns: 'datasetMessages.graphEdgeColumns',
  graphNotTable: 'datasetMessages.graphNotTable',
  graphNoPreview: 'datasetMessages.graphNoPreview',
  textNoPreview: 'datasetMessages.textNoPreview',
  seriesNoPreview: 'datasetMessages.seriesNoPreview',
  maskMissing: 'datasetMessages.maskMissing',
  maskSizeMismatch: 'datasetMessages.maskSizeMismatch',
  maskLevelUnlisted: 'datasetMessages.maskLevelUnlisted',
  maskLevelsSparse: 'datasetMessages.maskLevelsSparse',
  maskFolderNoImages: 'datasetMessages.maskFolderNoImages',
  labelFieldReserved: 'datasetMessages.labelFieldReserved',
  shapesNoPreview: 'datasetMessages.shapesNoPreview',
  masksNoPreview: 'datasetMessages.masksNoPreview',
};

const TRAINING_KEYS: Record<TrainingMessageId, string> = {
  processKilled: 'trainingMessages.processKilled',
  processCrashed: 'trainingMessages.processCrashed',
  processEnded: 'trainingMessages.processEnded',
  processOutput: 'trainingMessages.processOutput',
  outOfMemory: 'trainingMessages.outOfMemory',
  jobInvalid: 'trainingMessages.jobInvalid',
  jobInvalidAt: 'trainingMessages.jobInvalidAt',
  processNotStarted: 'trainingMessages.processNotStarted',
  processGarbled: 'trainingMessages.processGarbled',
  processFailed: 'trainingMessages.processFailed',
  trainingFailed: 'trainingMessages.trainingFailed',
  pytorchFailed: 'trainingMessages.pytorchFailed',
  divergedNonFinite: 'trainingMessages.divergedNonFinite',
  divergedStuckHigh: 'trainingMessages.divergedStuckHigh',
  datasetMissing: 'trainingMessages.datasetMissing',
  graphFileMissing: 'trainingMessages.graphFileMissing',
  graphFileDenied: 'trainingMessages.graphFileDenied',
  graphFileUnreadable: 'trainingMessages.graphFileUnreadable',
  graphCpuOnly: 'trainingMessages.graphCpuOnly',
  graphNotTable: 'trainingMessages.graphNotTable',
  oneInputOneOutput: 'trainingMessages.oneInputOneOutput',
  noSamples: 'trainingMessages.noSamples',
  nothingToTrain: 'trainingMessages.nothingToTrain',
  inputsTargets: 'trainingMessages.inputsTargets',
  fieldMissing: 'trainingMessages.fieldMissing',
  inputShape: 'trainingMessages.inputShape',
  featureList: 'trainingMessages.featureList',
  outputRank: 'trainingMessages.outputRank',
  sparseOneIndex: 'trainingMessages.sparseOneIndex',
  outputUnits: 'trainingMessages.outputUnits',
  hintIndexLabels: 'trainingMessages.hintIndexLabels',
  hintOneHotLabels: 'trainingMessages.hintOneHotLabels',
  hintUnits: 'trainingMessages.hintUnits',
  graphNeedsNodeInput: 'trainingMessages.graphNeedsNodeInput',
  graphNeedsEdgeInput: 'trainingMessages.graphNeedsEdgeInput',
  graphOneOutput: 'trainingMessages.graphOneOutput',
  graphNoEdgeFeatures: 'trainingMessages.graphNoEdgeFeatures',
  graphIdsOneGraph: 'trainingMessages.graphIdsOneGraph',
  graphInputNodeFeatures: 'trainingMessages.graphInputNodeFeatures',
  graphInputValues: 'trainingMessages.graphInputValues',
  graphOutputShape: 'trainingMessages.graphOutputShape',
  graphNodeClasses: 'trainingMessages.graphNodeClasses',
  graphGraphClasses: 'trainingMessages.graphGraphClasses',
  graphBinaryUnits: 'trainingMessages.graphBinaryUnits',
  graphLoss: 'trainingMessages.graphLoss',
  noDataset: 'trainingMessages.noDataset',
  relativeDataset: 'trainingMessages.relativeDataset',
  busy: 'trainingMessages.busy',
  runNotTraining: 'trainingMessages.runNotTraining',
  verbPause: 'trainingMessages.verbPause',
  verbResume: 'trainingMessages.verbResume',
  verbStop: 'trainingMessages.verbStop',
  verbStep: 'trainingMessages.verbStep',
  stepNeedsGan: 'trainingMessages.stepNeedsGan',
  stepNotOnPytorch: 'trainingMessages.stepNotOnPytorch',
  runNotFound: 'trainingMessages.runNotFound',
  runNotFoundBeside: 'trainingMessages.runNotFoundBeside',
  runStillTraining: 'trainingMessages.runStillTraining',
  runFailedWithoutWeights: 'trainingMessages.runFailedWithoutWeights',
  runEndedWithoutWeights: 'trainingMessages.runEndedWithoutWeights',
  runWeightsUnreadable: 'trainingMessages.runWeightsUnreadable',
  runNoInputInfo: 'trainingMessages.runNoInputInfo',
  runNoNormalization: 'trainingMessages.runNoNormalization',
  inputRowWidth: 'trainingMessages.inputRowWidth',
  shuttingDown: 'trainingMessages.shuttingDown',
};

const HOST_KEYS: Record<HostMessageId, string> = {
  fsMissing: 'hostMessages.fsMissing',
  fsNotFolder: 'hostMessages.fsNotFolder',
  fsIsFolder: 'hostMessages.fsIsFolder',
  fsDenied: 'hostMessages.fsDenied',
  fsOther: 'hostMessages.fsOther',
  exportTooLarge: 'hostMessages.exportTooLarge',
  verbOpen: 'hostMessages.verbOpen',
  verbSave: 'hostMessages.verbSave',
  verbList: 'hostMessages.verbList',
  verbListExamples: 'hostMessages.verbListExamples',
};

/**
 * A message of one table in the interface language, from its id and values: phrases said in
 * the same language, whole numbers written as the language writes them (1,234), other numbers
 * (a learning rate, a loss) and names, paths, shapes and locations (`data.csv:17:3`) as they are.
 */
function say(t: TFunction, keys: Record<string, string>, text: MessageText): string {
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(text.values))
    values[name] =
      typeof value === 'object' ? say(t, keys, value) : typeof value === 'number' && name !== 'count' && Number.isInteger(value) ? formatNumber(value) : value;
  return t(keys[text.id]!, values);
}

export function datasetMessageText(t: TFunction, text: MessageText<DatasetMessageId>): string {
  return say(t, DATASET_KEYS, text);
}

export function trainingMessageText(t: TFunction, text: MessageText<TrainingMessageId>): string {
  return say(t, TRAINING_KEYS, text);
}

export function hostMessageText(t: TFunction, text: MessageText<HostMessageId>): string {
  return say(t, HOST_KEYS, text);
}

export function saidText(t: TFunction, said: Said): string {
  if ('dataset' in said) return datasetMessageText(t, said.dataset);
  return 'training' in said ? trainingMessageText(t, said.training) : hostMessageText(t, said.host);
}

/** What a host failure says as data, when it does. */
export function hostErrorSaid(err: unknown): Said | null {
  if (!(err instanceof RpcError)) return null;
  const said = HostErrorSaidSchema.safeParse(err.data);
  return said.success ? said.data.said : null;
}

/** A host failure in the current interface language, for a handler that keeps the sentence rather than the error. */
export function hostErrorMessage(err: unknown): string {
  return hostErrorText(i18n.t, err);
}

/** A host failure in the interface language where the host sent its message as data; its own sentence otherwise. */
export function hostErrorText(t: TFunction, err: unknown): string {
  const said = hostErrorSaid(err);
  if (said) return saidText(t, said);
  return err instanceof Error ? err.message : String(err);
}
