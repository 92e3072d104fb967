import type { TFunction } from 'i18next';
import type { DatasetMessageId, DatasetText } from '../../../shared/data/dataset-messages';
import { HostErrorTextSchema } from '../../../shared/host-api';
import { RpcError } from '../../../shared/rpc';
import { formatNumber } from '.';

// Spelled out (not built from the id) so the locale test sees each key used; the Record
// type makes a new message id without a key a compile error.
const MESSAGE_KEYS: Record<DatasetMessageId, string> = {
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
  graphNotTable: 'datasetMessages.graphNotTable',
  graphNoPreview: 'datasetMessages.graphNoPreview',
  textNoPreview: 'datasetMessages.textNoPreview',
  seriesNoPreview: 'datasetMessages.seriesNoPreview',
};

/**
 * A dataset problem in the interface language, from its message id and values: phrases
 * (`what`) said in the same language, numbers written as the language writes them, names,
 * paths and locations (`data.csv:17:3`) as they are.
 */
export function datasetMessageText(t: TFunction, text: DatasetText): string {
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(text.values))
    values[name] = typeof value === 'object' ? datasetMessageText(t, value) : typeof value === 'number' && name !== 'count' ? formatNumber(value) : value;
  return t(MESSAGE_KEYS[text.id], values);
}

/** A host failure in the interface language where the host sent its message as data; its own sentence otherwise. */
export function hostErrorText(t: TFunction, err: unknown): string {
  if (err instanceof RpcError) {
    const said = HostErrorTextSchema.safeParse(err.data);
    if (said.success) return datasetMessageText(t, said.data.text);
  }
  return err instanceof Error ? err.message : String(err);
}
