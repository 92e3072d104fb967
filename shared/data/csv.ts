import Papa from 'papaparse';
import { datasetText } from './dataset-messages';
import { DatasetError } from './errors';
import type { Dataset } from './dataset';
import type { CsvDatasetReference } from './reference';
import { TableBuilder, type ColumnTable } from './table';
import { tableToDataset } from './tabular';
import type { TargetHint } from './targets';

export { applyNormalization, fitNormalization } from './normalize';

export interface CsvParseOptions {
  /** The file the text came from, named in every error. */
  source: string;
  /** The training loop's split: normalization is fitted on its training rows only. */
  validationSplit: number;
  seed: number;
  /**
   * What the model outputs, so `auto` label encoding can fit it: one-hot when the output
   * has one unit per class, a 0/1 column for a single sigmoid unit, indices for a sparse loss.
   */
  target?: TargetHint;
}

/**
 * Feeds CSV rows, as papaparse hands them over in chunks, into a TableBuilder: the first
 * row is the header, and each later row is numbered with its line in the file so errors can
 * point at it. Used for whole texts here and for streamed files by the host.
 */
export class CsvRowSink {
  private builder: TableBuilder | null = null;
  private line = 0;

  constructor(private readonly source: string) {}

  /** `delimiter`: what papaparse found; with `;` a decimal comma (1,5) is read as a number. */
  addRows(rows: readonly string[][], delimiter?: string): void {
    for (const row of rows) {
      this.line++;
      if (!this.builder) {
        if (row.length === 1 && row[0]!.trim() === '') continue;
        this.builder = new TableBuilder(this.source, row.map((h) => h.trim()), delimiter === ';');
        continue;
      }
      this.builder.addTextRow(row, this.line);
    }
  }

  get rowCount(): number {
    return this.builder?.rowCount ?? 0;
  }

  /** The table being built once the header row is in: the byte reader writes data rows straight into it. */
  get table(): TableBuilder | null {
    return this.builder;
  }

  /** Counts a record the byte reader read itself, so every record keeps its line number. */
  nextLine(): number {
    return ++this.line;
  }

  finish(): ColumnTable {
    if (!this.builder) throw new DatasetError(datasetText('csvEmpty', { source: this.source }), 'empty', { source: this.source });
    return this.builder.finish();
  }
}

/** Papaparse settings shared by the whole-text and the streamed reader. */
export function csvParseConfig(delimiter: CsvDatasetReference['delimiter']): Papa.ParseConfig {
  return {
    header: false,
    // Blank lines are skipped by the sink, which keeps counting them so line numbers stay true.
    skipEmptyLines: false,
    ...(delimiter && delimiter !== 'auto' ? { delimiter } : { delimitersToGuess: [',', '\t', ';', '|'] }),
  };
}

/** How a file separates values and lines. */
export interface CsvDialect {
  delimiter: string;
  newline: '\n' | '\r\n' | '\r';
}

/**
 * The delimiter and line ending papaparse settles on for a file, decided (as its streamed
 * parser does) from the first chunk: the line ending from its first megabyte, the delimiter
 * from its first ten rows.
 */
export function guessCsvDialect(firstChunk: string, delimiter?: CsvDatasetReference['delimiter']): CsvDialect {
  const guess = (text: string): CsvDialect => {
    const { meta } = Papa.parse<string[]>(text, { ...csvParseConfig(delimiter), preview: 1 });
    return { delimiter: meta.delimiter, newline: meta.linebreak as CsvDialect['newline'] };
  };
  // Guessing splits the whole text into lines for every candidate delimiter. The first megabyte
  // decides the same when the ten rows the guess looks at lie whole in it, which without quotes
  // (that could join lines) a dozen line ends prove.
  const firstMegabyte = firstChunk.slice(0, 1024 * 1024);
  if (firstMegabyte.length === firstChunk.length || firstMegabyte.includes('"')) return guess(firstChunk);
  const dialect = guess(firstMegabyte);
  let lineEnds = 0;
  for (let at = firstMegabyte.indexOf(dialect.newline); at !== -1 && lineEnds < 12; at = firstMegabyte.indexOf(dialect.newline, at + 1)) lineEnds++;
  return lineEnds >= 12 ? dialect : guess(firstChunk);
}

/** CSV text → a table of typed columns. */
export function parseCsvTable(text: string, source: string, delimiter?: CsvDatasetReference['delimiter']): ColumnTable {
  const sink = new CsvRowSink(source);
  const parsed = Papa.parse<string[]>(text, csvParseConfig(delimiter));
  sink.addRows(parsed.data, parsed.meta.delimiter);
  return sink.finish();
}

/**
 * CSV text (with a header row) → a dataset, following the reference's column roles.
 * Throws a DatasetError that names the file, the column and the line for anything it cannot use.
 */
export function parseCsvDataset(text: string, ref: CsvDatasetReference, options: CsvParseOptions): Dataset {
  return tableToDataset(parseCsvTable(text, options.source, ref.delimiter), ref, options);
}
