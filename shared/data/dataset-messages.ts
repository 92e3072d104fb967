import { messageTable, type MessageText, type MessageValue } from '../message-text';

/**
 * What a dataset reader says when it cannot use a file: a message id and the values the
 * sentence names, so an interface can say it in its own language (the renderer's
 * `datasetMessages.*` keys), and the English sentence the CLI, the logs and the worker print.
 *
 * Templates use i18next's `{{name}}` placeholders so the English locale can hold the very same
 * strings (a test keeps the two equal). An entry with `one`/`other` forms is picked by the
 * `count` value, as i18next picks plural keys; `count` itself is never printed. A value may be
 * another message (a phrase such as "the labels in y.npy"), said in the same language.
 * Locations (`data.csv:17:3`) are passed already written out as `at`: that form reads the
 * same in every language and terminals turn it into a link.
 */
export const DATASET_MESSAGE_TEXT = {
  csvEmpty: '{{source}} is empty — choose a file with a header row and data rows',
  idxNotGzip: '{{source}} looks gzipped but does not decompress ({{detail}}) — download it again',
  idxNotIdx: '{{source}} is not an IDX file (the MNIST format starts with two zero bytes and a type byte)',
  idxCutShort: '{{source}} is cut short: dimensions {{dims}} need {{needed}} bytes but it has {{actual}}',
  idxNoLabels: '{{file}} is an IDX images file, but no labels file was found beside it — put the "…labels-idx1-ubyte" file in the same folder',
  npyNotNpy: '{{source}} is not a NumPy .npy file (it does not start with \\x93NUMPY) — save the array with numpy.save',
  npyHeaderCutShort: '{{source}} is cut short: its header says {{bytes}} bytes but the file ends first',
  npyBadHeader: '{{source}} has an unreadable .npy header ({{header}})',
  npyFortran: '{{source}} is stored in Fortran order — save it with numpy.save(np.ascontiguousarray(a))',
  npyDtype: '{{source}} holds dtype {{dtype}}, which is not a number type NN Designer reads — convert it with a.astype("float32")',
  npyDataCutShort: '{{source}} is cut short: shape ({{shape}}) needs {{needed}} bytes of data but the file has {{actual}}',
  npzUnreadable: '{{source}} is not a readable .npz archive ({{detail}}) — save the arrays with numpy.savez',
  npzNoArrays: '{{source}} holds no .npy arrays',
  npzNoArray: '{{file}} has no array "{{key}}" — its arrays are {{arrays}}',
  npzNoLabels: '{{file}} has no labels array — its arrays are {{arrays}}; name the labels array',
  npzNoLabelsNamed: '{{file}} has no labels array "{{key}}" — its arrays are {{arrays}}; name the labels array',
  npyFeaturesOnly: '{{file}} holds the features only — choose the .npy file with the labels too',
  featuresShape: '{{file}} has shape [{{shape}}] — features need a first axis of samples and at least one more',
  labelsShape: '{{source}} has labels of shape [{{shape}}] — give one label per sample (or one-hot rows)',
  headerNoName: '{{at}}: column {{column}} of the header has no name — give every column a name',
  headerTwice: '{{at}}: the header names "{{name}}" twice — give every column its own name',
  mappedColumnMissing: 'column "{{column}}" named in the dataset mapping is not in {{source}} — its columns are {{columns}}',
  labelColumnMissing: 'column "{{column}}" chosen as the label is not in {{source}} — its columns are {{columns}}',
  tooFewColumns: '{{source}} needs at least two columns (features and a label) — it has {{columns}}',
  noFeatureColumns: '{{source}} has no feature columns: every column but the label "{{label}}" is ignored',
  ragged: {
    one: '{{at}}: the line has {{values}} value but the header has {{columns}} columns{{more}} — every row needs one value per column; fix or remove the line',
    other: '{{at}}: the line has {{values}} values but the header has {{columns}} columns{{more}} — every row needs one value per column; fix or remove the line',
  },
  raggedMore: { one: ' (and {{lines}} more such line)', other: ' (and {{lines}} more such lines)' },
  noDataRows: '{{source}} has a header but no data rows — add rows below the header',
  labelTooManyTexts: 'the label column "{{label}}" of {{source}} has more than {{max}} distinct text values — it cannot be a class label; choose another label column',
  missingValue:
    '{{at}}: missing value in column "{{column}}" (missing per column: {{perColumn}}) — choose "drop rows with missing values" or "impute" in the mapping, or fill the gaps in the file',
  noCompleteRow: 'no row of {{source}} is complete — every row misses a feature or its label; impute instead of dropping, or ignore the emptiest columns',
  notANumber: '{{at}}: "{{value}}" in column "{{column}}" is not a number{{others}} — fix the value, or set the column to ignore',
  notANumberOthers: { one: ' ({{values}} more value in this column is not either)', other: ' ({{values}} more values in this column are not either)' },
  featureTooManyTexts: 'column "{{column}}" of {{source}} has more than {{max}} distinct text values — it looks like an identifier or free text, not a feature; set it to ignore',
  columnNoValues: 'column "{{column}}" of {{source}} has no values — set it to ignore',
  labelColumnOf: 'the label column "{{label}}" of {{source}}',
  labelsIn: 'the labels in {{file}}',
  classFoldersOf: 'the class folders of {{folder}}',
  mnistLabels: 'the MNIST labels',
  fractionalClasses: '{{what}} holds fractional numbers — it is a regression target: choose raw label encoding (linear output, mean squared error)',
  tooManyNumericClasses: '{{what}} has more than {{max}} distinct values — too many to be classes; choose raw encoding for a numeric target',
  tooManyClasses: '{{what}} has more than {{max}} distinct values — too many to be classes',
  rawLabelText: '{{at}}: the label column "{{column}}" holds text ("{{value}}") — a raw label must be a number; choose one-hot or index encoding for class names',
  rawLabelTextOf: '{{what}} holds text ("{{value}}") — a raw label must be a number; choose one-hot or index encoding for class names',
  noLabelValues: '{{what}} has no values — choose other labels',
  singleClassColumn: '{{what}} has a single class ("{{name}}") — a classifier needs at least two; choose another label column, or add samples of the other classes',
  singleClassSamples: '{{what}} has a single class ("{{name}}") — a classifier needs at least two; add samples of the other classes',
  noSamples: '{{source}} holds no samples',
  labelCountMismatch: '{{source}} has {{samples}} samples but there are {{labels}} labels ({{what}}) — they must match one to one',
  textColumnMissing: '{{source}} has no column "{{column}}" (chosen as the text) — its columns are {{columns}}',
  textLabelMissing: '{{source}} has no column "{{column}}" (chosen as the label) — its columns are {{columns}}',
  textLabelEmpty: '{{source}} line {{line}}: the label "{{label}}" is empty — every text needs its class',
  textNoRows: '{{source}} has a header but no rows of text',
  textSingleClass: 'the label "{{label}}" of {{source}} has only one class ({{name}}) — a classifier needs at least two',
  textTooFewTokens: '{{source}} holds {{tokens}} tokens, too few for windows of {{length}} plus the next one — use a shorter maxLength or more text',
  seriesColumnMissing: '{{source}} has no column "{{column}}" — its columns are {{columns}}',
  seriesNoNumeric: '{{source}} has no numeric columns to use as features',
  seriesEmptyValue: '{{source}} line {{line}}, column "{{column}}": the value is empty — a time series needs a number at every step',
  seriesNotANumber: '{{source}} line {{line}}, column "{{column}}": "{{value}}" is not a number — a time series needs a number at every step',
  seriesTooShort: '{{source}} has {{steps}} steps, too few for windows of {{window}} and a target {{horizon}} ahead — use a shorter window',
  fileMissing: '{{file}} does not exist — it may have been moved or renamed; locate it again',
  fileDenied: '{{file}} cannot be read: permission denied',
  fileUnreadable: '{{file}} cannot be read: {{detail}}',
  fileIsFolder: '{{file}} is a folder — choose a file (or import the folder as images, one subfolder per class)',
  fileEmpty: '{{file}} is empty (0 bytes) — choose a file with data in it',
  tooLargeToStream:
    '{{file}} is {{size}}, larger than the {{limit}} NN Designer streams for a table (its values must fit in memory to train) — use a sample of it, or split it into smaller files',
  tooLargeToRead: '{{file}} is {{size}}, larger than the {{limit}} NN Designer reads at once for this format — use a sample of it, or split it into smaller files',
  utf16: '{{file}} is UTF-16 text — save it as UTF-8 (in Excel: "CSV UTF-8") and import it again',
  binary: '{{file}} is a binary file, not {{format}} text (it holds zero bytes) — it may be a spreadsheet, an archive or an image; export it as {{format}}',
  notUtf8Latin:
    '{{at}}: the file is not UTF-8 text (line {{line}} holds a byte that is not valid UTF-8; it may be Latin-1 or Windows-1252) — save it as UTF-8 (in Excel: "CSV UTF-8") and import it again',
  notUtf8: '{{at}}: the file is not UTF-8 text (line {{line}} holds a byte that is not valid UTF-8) — save it as UTF-8 and import it again',
  jsonEmpty: '{{source}} is empty — choose a file with data in it',
  jsonInvalid: '{{at}}: not valid JSON ({{detail}}) — fix the file or export it again',
  jsonNotArray: '{{source}} holds a JSON {{type}}, not an array of rows — a table is [{"a": 1, "label": "x"}, …] or [[1, 2, "x"], …]',
  jsonEmptyArray: '{{source}} is an empty array — it has no rows',
  jsonRowNotArray: '{{source}}: row {{row}} is not an array like the first one',
  jsonArrayOfValues: '{{source}} is an array of {{type}}s, not of rows — a table is [{"a": 1, "label": "x"}, …]',
  jsonRowNotObject: '{{source}}: row {{row}} is {{value}}, not an object like the first row',
  imageFolderIsFile: '{{folder}} is a file — an image dataset is a folder with one subfolder of images per class',
  imageNoSubfolders: '{{folder}} has no subfolders — put the images in one subfolder per class, named after the class',
  imageNoSubfoldersLoose: '{{folder}} has no subfolders (it holds {{images}} images directly) — put the images in one subfolder per class, named after the class',
  imageNoImages: '{{folder}} has class folders ({{classes}}) but no .png or .jpg images in them',
  tooManyImages: '{{folder}} holds {{images}} images, more than the {{max}} NN Designer loads for training — use a sample of them',
  notAnImage: '{{file}} is not a PNG or JPEG image (its first bytes are neither) — remove it from the folder or convert it',
  imageTooLarge: '{{file}} is {{megapixels}} megapixels, more than the {{max}} NN Designer decodes — shrink it first',
  imageUndecodable: '{{file}} cannot be decoded as {{format}} ({{detail}}) — the file is damaged; remove or replace it',
  graphNoNodes: '{{source}}: the graph has no nodes',
  graphNoLabelField: '{{source}}: the nodes have no "{{field}}" field for the labels (fields: {{fields}}) — choose the label field',
  graphEdgeNoNodeId: '{{source}}: edge {{edge}} has {{which}} "{{value}}", which is no node id (field "{{field}}")',
  graphEdgeNoNodeRow: '{{source}}: edge {{edge}} has {{which}} "{{value}}", which is no node row (0 to {{last}})',
  graphJsonInvalid: '{{source}}: not valid JSON ({{detail}})',
  graphJsonShape: '{{source}}: a graph JSON needs "nodes" (a list of objects) and "links" (a list of { source, target }) — {{place}}: {{detail}}',
  graphCsvLine: '{{source}}: line {{line}}: {{detail}}',
  graphEdgeColumns: '{{edgesSource}}: the edges need "{{sourceField}}" and "{{targetField}}" columns (columns: {{columns}})',
  graphNotTable: 'a graph dataset trains through the graph loop, not as a table of samples',
  graphNoPreview: 'a graph dataset has no table preview: its nodes and edges are read when training starts',
  textNoPreview: 'a text dataset has no table preview: it is tokenized or windowed when training starts',
  seriesNoPreview: 'a timeseries dataset has no table preview: it is tokenized or windowed when training starts',
  maskMissing: '{{images}}/{{image}} has no mask in {{masks}} — every image needs a mask file of the same name',
  maskSizeMismatch: '{{mask}} is {{maskSize}} but its image {{image}} is {{imageSize}} — a mask must be the size of its image',
  maskLevelUnlisted: '{{file}}: pixel ({{x}}, {{y}}) has grey level {{level}}, which is not among the listed classes ({{levels}}) — list every grey level the masks use',
  maskLevelsSparse: '{{file}}: the masks use only the grey levels {{levels}} — read as class indices that makes {{classes}} classes, most of them empty; if each level stands for a class (masks saved as 0 / 255), list the levels: "classes": [{{levels}}]',
  maskFolderNoImages: '{{folder}} holds no .png or .jpg images',
  labelFieldReserved: 'the label column "{{label}}" of {{source}} cannot be a field of its own: "x" and "y" name the features and the first label — rename the column or list it first',
  shapesNoPreview: 'generated scenes and sequence tasks have no table preview: they are generated when training starts',
  masksNoPreview: 'an image and mask dataset has no preview yet: its images and masks are read when training starts',
} as const;

export type DatasetMessageId = keyof typeof DATASET_MESSAGE_TEXT;
export type DatasetText = MessageText<DatasetMessageId>;
export type DatasetValue = MessageValue<DatasetMessageId>;

/** Its ids, the maker of its messages (each with exactly the values its template names), the English sentence and the schema: see messageTable. */
export const { ids: DATASET_MESSAGE_IDS, make: datasetText, english: datasetMessage, schema: DatasetTextSchema } = messageTable(DATASET_MESSAGE_TEXT);
