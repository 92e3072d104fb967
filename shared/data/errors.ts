import { datasetMessage, type DatasetText } from './dataset-messages';

/**
 * A dataset that cannot be used as it is. The message is for a person: where (file, line,
 * column) and what to do next — in English, built from `text`, which an interface says again
 * in its own language. `code` lets the UI offer the matching fix (choose drop or
 * impute for `missing-values`, locate the file for `not-found`, …).
 */
export type DatasetErrorCode =
  | 'empty'
  | 'binary'
  | 'encoding'
  | 'ragged'
  | 'not-a-number'
  | 'missing-values'
  | 'single-class'
  | 'too-large'
  | 'format'
  | 'mapping'
  | 'image'
  | 'not-found'
  | 'unreadable';

export interface DataLocation {
  source: string;
  /** 1-based line of the file (the header is line 1). */
  line?: number;
  /** 1-based field index within the line. */
  column?: number;
}

export class DatasetError extends Error {
  constructor(
    readonly text: DatasetText,
    readonly code: DatasetErrorCode,
    readonly location?: DataLocation,
  ) {
    super(datasetMessage(text));
    this.name = 'DatasetError';
  }
}

/** `data.csv:17:3`, the form editors and terminals turn into a link. */
export function formatLocation(location: DataLocation): string {
  return [location.source, location.line, location.column].filter((part) => part !== undefined).join(':');
}
