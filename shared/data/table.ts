import { DatasetError } from './errors';

/**
 * A table read row by row into typed columns, so a large file never needs all its text in
 * memory at once: each value is turned into a number (or a category code) as it arrives.
 * The readers (CSV chunks from papaparse, JSON rows) feed a TableBuilder; the mapping
 * (tabular.ts) and the preview (preview.ts) read the ColumnTable it builds.
 */

/** Spellings of "no value" in the files people export from spreadsheets, R, pandas and SAS (a lone dot). */
const MISSING_TOKENS = new Set(['', 'NA', 'N/A', 'n/a', 'NaN', 'nan', 'null', 'NULL', 'None', '?', '-', '.']);
/** A text column with more distinct values than this is an identifier or free text, not categories. */
export const MAX_CATEGORIES = 1000;
/**
 * A column whose values are at least this share numbers is numeric with a few bad values (a
 * typo, a unit left in), not categorical: reporting the bad value beats one-hot encoding it.
 */
const NUMERIC_MAJORITY = 0.5;

const DECIMAL_COMMA = /^[-+]?\d*,\d+$/;

export type ColumnType = 'numeric' | 'categorical' | 'text' | 'empty';

export interface TableColumn {
  name: string;
  type: ColumnType;
  /** One entry per row; NaN where the value is missing or not a number. */
  numbers: Float32Array;
  /** For categorical columns: the category index per row, -1 where missing. */
  codes: Int32Array | null;
  /** Category names in first-seen order. */
  categories: string[];
  missing: number;
  /** Where the first missing value is (file line), for a message that points at it. */
  firstMissingLine: number | null;
  /** For a numeric column with a few non-numbers: the first of them. */
  firstNonNumber: { line: number; value: string } | null;
  nonNumbers: number;
}

export interface ColumnTable {
  source: string;
  names: string[];
  rowCount: number;
  columns: TableColumn[];
  /** The file line of each row (blank lines are skipped, so rows and lines can differ). */
  lines: Int32Array;
  /** Rows whose field count differs from the header's; they are left out of the table. */
  ragged: { count: number; firstLine: number; firstCount: number } | null;
}

interface ColumnState {
  name: string;
  numbers: Float32Array;
  /** Lazily allocated at the first text value: most columns never need it. */
  codes: Int32Array | null;
  categoryIndex: Map<string, number>;
  categories: string[];
  tooManyCategories: boolean;
  missing: number;
  firstMissingLine: number | null;
  numeric: number;
  text: number;
  firstText: { line: number; value: string } | null;
}

export class TableBuilder {
  private readonly columns: ColumnState[];
  private capacity = 1024;
  private rows = 0;
  private lines = new Int32Array(this.capacity);
  private ragged: ColumnTable['ragged'] = null;

  constructor(
    private readonly source: string,
    readonly names: string[],
    /** Semicolon-separated files from European spreadsheets write 1,5 for 1.5. */
    private readonly decimalComma = false,
  ) {
    const seen = new Set<string>();
    names.forEach((name, i) => {
      if (name === '') throw new DatasetError(`${source}:1:${i + 1}: column ${i + 1} of the header has no name — give every column a name`, 'format', { source, line: 1, column: i + 1 });
      if (seen.has(name)) throw new DatasetError(`${source}:1:${i + 1}: the header names "${name}" twice — give every column its own name`, 'format', { source, line: 1, column: i + 1 });
      seen.add(name);
    });
    this.columns = names.map((name) => ({
      name,
      numbers: new Float32Array(this.capacity),
      codes: null,
      categoryIndex: new Map(),
      categories: [],
      tooManyCategories: false,
      missing: 0,
      firstMissingLine: null,
      numeric: 0,
      text: 0,
      firstText: null,
    }));
  }

  get rowCount(): number {
    return this.rows;
  }

  /** A row of text fields (CSV). A blank line is skipped; a row of the wrong width is counted as ragged and left out. */
  addTextRow(fields: readonly string[], line: number): void {
    const width = this.columns.length;
    if (fields.length !== width) {
      if (fields.length === 1 && fields[0]!.trim() === '') return;
      this.noteRagged(line, fields.length);
      return;
    }
    const row = this.startRow(line);
    const columns = this.columns;
    for (let c = 0; c < width; c++) {
      // The common case inline: a plain number. `+' '` is 0, so a zero is checked for blanks.
      const raw = fields[c]!;
      const value = +raw;
      if (value === value && value !== Infinity && value !== -Infinity && raw !== '' && (value !== 0 || raw.trim() !== '')) {
        const column = columns[c]!;
        column.numbers[row] = value;
        column.numeric++;
      } else this.putText(columns[c]!, row, raw, line);
    }
  }

  /** A row of JSON values: numbers are numbers, strings are read like CSV text, null is missing. */
  addValueRow(values: readonly unknown[], line: number): void {
    const width = this.columns.length;
    if (values.length !== width) {
      this.noteRagged(line, values.length);
      return;
    }
    const row = this.startRow(line);
    for (let c = 0; c < width; c++) {
      const value = values[c];
      const column = this.columns[c]!;
      if (typeof value === 'number') {
        if (Number.isFinite(value)) {
          column.numbers[row] = value;
          column.numeric++;
        } else this.putMissing(column, row, line);
      } else if (typeof value === 'string') this.putText(column, row, value, line);
      else if (typeof value === 'boolean') this.putText(column, row, String(value), line);
      else if (value === null || value === undefined) this.putMissing(column, row, line);
      else this.putText(column, row, JSON.stringify(value), line);
    }
  }

  finish(): ColumnTable {
    const n = this.rows;
    const columns = this.columns.map((state): TableColumn => {
      const numbers = state.numbers.slice(0, n);
      const base = {
        name: state.name,
        numbers,
        missing: state.missing,
        firstMissingLine: state.firstMissingLine,
        nonNumbers: state.text,
      };
      if (state.text === 0)
        return { ...base, type: state.numeric > 0 ? 'numeric' : 'empty', codes: null, categories: [], firstNonNumber: null };
      if (state.numeric / (state.numeric + state.text) >= NUMERIC_MAJORITY)
        return { ...base, type: 'numeric', codes: null, categories: [], firstNonNumber: state.firstText };
      if (state.tooManyCategories) return { ...base, type: 'text', codes: null, categories: [], firstNonNumber: null };
      // A categorical column may hold numbers too ("1", "2", "three"): they become categories by their text.
      const codes = state.codes!.slice(0, n);
      const categories = state.categories.slice();
      const index = new Map(state.categoryIndex);
      for (let r = 0; r < n; r++) {
        if (codes[r] !== -1 || Number.isNaN(numbers[r]!)) continue;
        const name = String(numbers[r]);
        let code = index.get(name);
        if (code === undefined) {
          code = categories.length;
          categories.push(name);
          index.set(name, code);
        }
        codes[r] = code;
      }
      if (categories.length > MAX_CATEGORIES) return { ...base, type: 'text', codes: null, categories: [], firstNonNumber: null };
      return { ...base, type: 'categorical', codes, categories, firstNonNumber: null };
    });
    return { source: this.source, names: this.names, rowCount: n, columns, lines: this.lines.slice(0, n), ragged: this.ragged };
  }

  private noteRagged(line: number, count: number): void {
    if (this.ragged) this.ragged.count++;
    else this.ragged = { count: 1, firstLine: line, firstCount: count };
  }

  private startRow(line: number): number {
    if (this.rows === this.capacity) this.grow();
    this.lines[this.rows] = line;
    return this.rows++;
  }

  private grow(): void {
    this.capacity *= 2;
    const lines = new Int32Array(this.capacity);
    lines.set(this.lines);
    this.lines = lines;
    for (const column of this.columns) {
      const numbers = new Float32Array(this.capacity);
      numbers.set(column.numbers);
      column.numbers = numbers;
      if (column.codes) {
        const codes = new Int32Array(this.capacity).fill(-1);
        codes.set(column.codes);
        column.codes = codes;
      }
    }
  }

  private putText(column: ColumnState, row: number, raw: string, line: number): void {
    // The common case first and cheaply: a plain number. `+' '` is 0, so a zero is checked for blanks.
    const value = +raw;
    if (value === value && raw !== '' && (value !== 0 || raw.trim() !== '') && value !== Infinity && value !== -Infinity) {
      column.numbers[row] = value;
      column.numeric++;
      return;
    }
    const text = raw.trim();
    if (this.decimalComma && DECIMAL_COMMA.test(text)) {
      column.numbers[row] = Number(text.replace(',', '.'));
      column.numeric++;
      return;
    }
    if (MISSING_TOKENS.has(text)) {
      this.putMissing(column, row, line);
      return;
    }
    column.numbers[row] = NaN;
    column.text++;
    column.firstText ??= { line, value: text };
    if (column.tooManyCategories) return;
    if (!column.codes) column.codes = new Int32Array(this.capacity).fill(-1);
    let code = column.categoryIndex.get(text);
    if (code === undefined) {
      if (column.categories.length >= MAX_CATEGORIES) {
        column.tooManyCategories = true;
        return;
      }
      code = column.categories.length;
      column.categories.push(text);
      column.categoryIndex.set(text, code);
    }
    column.codes[row] = code;
  }

  private putMissing(column: ColumnState, row: number, line: number): void {
    column.numbers[row] = NaN;
    column.missing++;
    column.firstMissingLine ??= line;
  }
}

/** NUL bytes in the first kilobytes: an image, a spreadsheet or an archive, not a text table. */
export function looksBinary(head: Uint8Array): boolean {
  const end = Math.min(head.length, 8192);
  for (let i = 0; i < end; i++) if (head[i] === 0) return true;
  return false;
}
