import { datasetText } from './dataset-messages';
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

/**
 * Rows per storage block. A column grows by whole blocks instead of doubling one array, so
 * a million-row table never holds a half-empty copy of itself while it is read; finish()
 * joins the blocks into one array per column, a column at a time.
 */
const BLOCK_ROWS = 1 << 16;
/** The first block starts small and doubles up to BLOCK_ROWS: a ten-row file stays small. */
const FIRST_BLOCK_ROWS = 1024;

interface ColumnState {
  name: string;
  /** Filled blocks, then the block being filled (the last, also kept as `numbers`). */
  numberBlocks: Float32Array[];
  numbers: Float32Array;
  /** Lazily allocated at the first text value: most columns never need it. */
  codeBlocks: Int32Array[] | null;
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
  /** Rows the current block holds, and where the open row sits in it. */
  private blockCapacity = FIRST_BLOCK_ROWS;
  private offset = -1;
  private rows = 0;
  private lineBlocks: Int32Array[] = [new Int32Array(FIRST_BLOCK_ROWS)];
  private lines = this.lineBlocks[0]!;
  /** The file line of the open row, for the messages about its values. */
  private line = 0;
  private ragged: ColumnTable['ragged'] = null;

  constructor(
    private readonly source: string,
    readonly names: string[],
    /** Semicolon-separated files from European spreadsheets write 1,5 for 1.5. */
    private readonly decimalComma = false,
  ) {
    const seen = new Set<string>();
    names.forEach((name, i) => {
      if (name === '') throw new DatasetError(datasetText('headerNoName', { at: `${source}:1:${i + 1}`, column: i + 1 }), 'format', { source, line: 1, column: i + 1 });
      if (seen.has(name)) throw new DatasetError(datasetText('headerTwice', { at: `${source}:1:${i + 1}`, name }), 'format', { source, line: 1, column: i + 1 });
      seen.add(name);
    });
    this.columns = names.map((name) => {
      const numbers = new Float32Array(FIRST_BLOCK_ROWS);
      return {
        name,
        numberBlocks: [numbers],
        numbers,
        codeBlocks: null,
        codes: null,
        categoryIndex: new Map(),
        categories: [],
        tooManyCategories: false,
        missing: 0,
        firstMissingLine: null,
        numeric: 0,
        text: 0,
        firstText: null,
      };
    });
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
    this.beginRow(line);
    for (let c = 0; c < width; c++) this.putField(c, fields[c]!);
  }

  /** A row of JSON values: numbers are numbers, strings are read like CSV text, null is missing. */
  addValueRow(values: readonly unknown[], line: number): void {
    const width = this.columns.length;
    if (values.length !== width) {
      this.noteRagged(line, values.length);
      return;
    }
    this.beginRow(line);
    for (let c = 0; c < width; c++) {
      const value = values[c];
      if (typeof value === 'number') {
        if (Number.isFinite(value)) this.putNumber(c, value);
        else this.putMissing(this.columns[c]!);
      } else if (typeof value === 'string') this.putField(c, value);
      else if (typeof value === 'boolean') this.putField(c, String(value));
      else if (value === null || value === undefined) this.putMissing(this.columns[c]!);
      else this.putField(c, JSON.stringify(value));
    }
  }

  /**
   * Opens the next row, from file line `line`; putNumber / putField then fill its columns,
   * every one of them. The CSV byte reader writes rows this way, without a string per value.
   */
  beginRow(line: number): void {
    if (++this.offset === this.blockCapacity) this.nextBlock();
    this.lines[this.offset] = line;
    this.line = line;
    this.rows++;
  }

  /** A finite number for column `c` of the open row. */
  putNumber(c: number, value: number): void {
    const column = this.columns[c]!;
    column.numbers[this.offset] = value;
    column.numeric++;
  }

  /** A field's text for column `c` of the open row: a number, a gap ("", NA, …) or a category. */
  putField(c: number, raw: string): void {
    const column = this.columns[c]!;
    // The common case first and cheaply: a plain number. `+' '` is 0, so a zero is checked for blanks.
    const value = +raw;
    if (value === value && raw !== '' && (value !== 0 || raw.trim() !== '') && value !== Infinity && value !== -Infinity) {
      column.numbers[this.offset] = value;
      column.numeric++;
      return;
    }
    const text = raw.trim();
    if (this.decimalComma && DECIMAL_COMMA.test(text)) {
      column.numbers[this.offset] = Number(text.replace(',', '.'));
      column.numeric++;
      return;
    }
    if (MISSING_TOKENS.has(text)) {
      this.putMissing(column);
      return;
    }
    column.numbers[this.offset] = NaN;
    column.text++;
    column.firstText ??= { line: this.line, value: text };
    if (column.tooManyCategories) return;
    if (!column.codes) {
      column.codeBlocks = column.numberBlocks.map((block) => new Int32Array(block.length).fill(-1));
      column.codes = column.codeBlocks[column.codeBlocks.length - 1]!;
    }
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
    column.codes[this.offset] = code;
  }

  /** The table, once every row is in. The builder is spent afterwards: its blocks are handed over. */
  finish(): ColumnTable {
    const n = this.rows;
    const lines = joinBlocks(this.lineBlocks, n, Int32Array);
    this.lineBlocks = [];
    const columns = this.columns.map((state): TableColumn => {
      const numbers = joinBlocks(state.numberBlocks, n, Float32Array);
      const codeBlocks = state.codeBlocks;
      // Let each column's blocks go before the next column is joined: one column's copy at a time.
      state.numberBlocks = [];
      state.codeBlocks = null;
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
      const codes = joinBlocks(codeBlocks!, n, Int32Array);
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
    return { source: this.source, names: this.names, rowCount: n, columns, lines, ragged: this.ragged };
  }

  /** A row whose field count is not the header's: left out, and reported when the table is used. */
  noteRagged(line: number, count: number): void {
    if (this.ragged) this.ragged.count++;
    else this.ragged = { count: 1, firstLine: line, firstCount: count };
  }

  private nextBlock(): void {
    // The first block doubles until it is a full block; after that, whole blocks are added.
    const grow = this.lineBlocks.length === 1 && this.blockCapacity < BLOCK_ROWS;
    const size = grow ? this.blockCapacity * 2 : BLOCK_ROWS;
    const next = <T extends Float32Array | Int32Array>(blocks: T[], make: (size: number) => T): T => {
      const block = make(size);
      if (grow) {
        block.set(blocks[0]!);
        blocks[0] = block;
      } else blocks.push(block);
      return block;
    };
    this.lines = next(this.lineBlocks, (k) => new Int32Array(k));
    for (const column of this.columns) {
      column.numbers = next(column.numberBlocks, (k) => new Float32Array(k));
      if (column.codeBlocks) column.codes = next(column.codeBlocks, (k) => new Int32Array(k).fill(-1));
    }
    this.offset = grow ? this.blockCapacity : 0;
    this.blockCapacity = size;
  }

  private putMissing(column: ColumnState): void {
    column.numbers[this.offset] = NaN;
    column.missing++;
    column.firstMissingLine ??= this.line;
  }
}

/** Blocks of a column → one array of its `count` values (no copy when one block holds them exactly). */
function joinBlocks<T extends Float32Array | Int32Array>(blocks: T[], count: number, make: new (length: number) => T): T {
  if (blocks.length === 1 && blocks[0]!.length === count) return blocks[0]!;
  const joined = new make(count);
  let at = 0;
  for (const block of blocks) {
    if (at >= count) break;
    const take = Math.min(block.length, count - at);
    joined.set(take === block.length ? block : (block.subarray(0, take) as T), at);
    at += take;
  }
  return joined;
}

/** NUL bytes in the first kilobytes: an image, a spreadsheet or an archive, not a text table. */
export function looksBinary(head: Uint8Array): boolean {
  const end = Math.min(head.length, 8192);
  for (let i = 0; i < end; i++) if (head[i] === 0) return true;
  return false;
}
