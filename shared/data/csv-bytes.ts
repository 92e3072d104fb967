import Papa from 'papaparse';
import type { CsvDialect, CsvRowSink } from './csv';

/**
 * CSV bytes → table rows without a string per value. Papaparse turns every line into an array
 * of strings, and the table then turns each string back into a number; on a large numeric
 * file that is most of the time and nearly all the garbage. This reader walks the bytes
 * instead: a plain number goes straight from its digits into the column, and only text
 * values (categories) become strings, interned per column. Whatever is not plain — a quoted
 * field with quotes or line breaks inside, a `\r` line ending, the header — is handed to
 * papaparse's own parser a stretch at a time, so papaparse stays the reference for what a
 * CSV file means; the tests hold this reader to giving the very same table.
 */

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const PLUS = 0x2b;
const MINUS = 0x2d;
const DOT = 0x2e;
const ZERO = 0x30;
const LOWER_E = 0x65;
const UPPER_E = 0x45;

/**
 * Digits and a power of ten within these bounds are both exact doubles, so one multiplication
 * or division rounds correctly, giving exactly the double Number() gives (Clinger's fast path).
 * Anything outside is read by Number() itself, from the field's text.
 */
const EXACT_MANTISSA_LIMIT = 2 ** 53;
const EXACT_POWERS_OF_TEN = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/** Papaparse reads at least this much at a time when a stretch is handed to it, then the byte path resumes. */
const PAPAPARSE_STRETCH = 64 * 1024;
/** Text values this long or shorter are interned (category names); longer ones are decoded each time. */
const MAX_INTERNED_LENGTH = 64;
/** Per column; past this the column is free text, and interning would only cost memory. */
const MAX_INTERNED_PER_COLUMN = 2048;

/** readRecord's answers besides the position after the record. */
const INCOMPLETE = -1;
const NEEDS_PAPAPARSE = -2;

interface InternedText {
  bytes: Uint8Array;
  text: string;
}

export class CsvByteReader {
  private readonly delimiter: number;
  private readonly crlf: boolean;
  /** The byte path reads single-byte delimiters and `\n` or `\r\n` lines; anything else is papaparse's. */
  private readonly bytePathFits: boolean;
  // One record's fields: where each value's bytes are, and its number (NaN: read it as text).
  private starts = new Int32Array(16);
  private ends = new Int32Array(16);
  private values = new Float64Array(16);
  /** Where scanNumber stopped. */
  private numberEnd = 0;
  private readonly interned: Map<number, InternedText>[] = [];
  // Keeps a byte order mark as text, as the streamed papaparse did (the header's trim removes it).
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });

  constructor(
    private readonly sink: CsvRowSink,
    private readonly dialect: CsvDialect,
  ) {
    this.delimiter = dialect.delimiter.length === 1 ? dialect.delimiter.charCodeAt(0) : -1;
    this.crlf = dialect.newline === '\r\n';
    this.bytePathFits = this.delimiter >= 0 && this.delimiter < 0x80 && this.delimiter !== QUOTE && dialect.newline !== '\r';
  }

  /**
   * Reads the whole records at the start of `bytes` and returns how many bytes they took: the
   * rest (a record cut by the chunk's end) comes back with the next chunk. With `final`, the
   * end of `bytes` is the end of the file and everything is read.
   */
  read(bytes: Uint8Array, final: boolean): number {
    let position = 0;
    while (position < bytes.length) {
      const next = this.bytePathFits && this.sink.table ? this.readRecord(bytes, position, final) : NEEDS_PAPAPARSE;
      if (next === INCOMPLETE) break;
      if (next === NEEDS_PAPAPARSE) {
        // Before the header is in, papaparse reads up to the first line end: the rows after it are the byte path's.
        const after = this.readWithPapaparse(bytes, position, final, this.sink.table ? PAPAPARSE_STRETCH : 1);
        if (after === position) break;
        position = after;
      } else position = next;
    }
    return position;
  }

  /** One record from `start`: its values into the table, and the position after its line end. */
  private readRecord(bytes: Uint8Array, start: number, final: boolean): number {
    const end = bytes.length;
    const delimiter = this.delimiter;
    const crlf = this.crlf;
    let fields = 0;
    let position = start;
    let recordEnd: number;
    for (;;) {
      let valueStart = position;
      let valueEnd: number;
      let value: number;
      let atLineEnd: boolean;
      let next: number;
      if (position < end && bytes[position] === QUOTE) {
        // "…": only the simple case — the next quote closes the field right before a delimiter or the line end.
        let close = position + 1;
        while (close < end && bytes[close] !== QUOTE) {
          if (bytes[close] === LF) return NEEDS_PAPAPARSE;
          close++;
        }
        if (close === end) return final ? NEEDS_PAPAPARSE : INCOMPLETE;
        valueStart = position + 1;
        valueEnd = close;
        const after = close + 1;
        if (after === end) {
          if (!final) return INCOMPLETE;
          atLineEnd = true;
          next = end;
        } else if (bytes[after] === delimiter) {
          atLineEnd = false;
          next = after + 1;
        } else if (!crlf && bytes[after] === LF) {
          atLineEnd = true;
          next = after + 1;
        } else if (crlf && bytes[after] === CR && after + 1 < end && bytes[after + 1] === LF) {
          atLineEnd = true;
          next = after + 2;
        } else if (crlf && bytes[after] === CR && after + 1 === end && !final) return INCOMPLETE;
        else return NEEDS_PAPAPARSE;
        value = this.scanNumber(bytes, valueStart, valueEnd);
        if (this.numberEnd !== valueEnd) value = NaN;
      } else {
        value = this.scanNumber(bytes, position, end);
        // The field runs to the next delimiter or line end, wherever the number stopped.
        let scan = this.numberEnd;
        for (;;) {
          if (scan === end) {
            if (!final) return INCOMPLETE;
            valueEnd = end;
            atLineEnd = true;
            next = end;
            break;
          }
          const byte = bytes[scan]!;
          if (byte === delimiter) {
            valueEnd = scan;
            atLineEnd = false;
            next = scan + 1;
            break;
          }
          if (byte === LF) {
            if (!crlf) {
              valueEnd = scan;
              atLineEnd = true;
              next = scan + 1;
              break;
            }
            // With \r\n lines, a lone \n is part of the value, as papaparse reads it.
            if (scan > position && bytes[scan - 1] === CR) {
              valueEnd = scan - 1;
              atLineEnd = true;
              next = scan + 1;
              break;
            }
          }
          scan++;
        }
        if (this.numberEnd !== valueEnd) value = NaN;
      }
      if (fields === this.starts.length) this.growFields();
      this.starts[fields] = valueStart;
      this.ends[fields] = valueEnd;
      this.values[fields] = value;
      fields++;
      position = next;
      if (atLineEnd) {
        recordEnd = next;
        break;
      }
    }
    this.addRecord(bytes, fields);
    return recordEnd;
  }

  private addRecord(bytes: Uint8Array, fields: number): void {
    const builder = this.sink.table!;
    const line = this.sink.nextLine();
    if (fields !== builder.names.length) {
      // A blank line or a ragged row: rare, so read it as papaparse would have handed it over.
      builder.addTextRow(Array.from({ length: fields }, (_, f) => this.decode(bytes, this.starts[f]!, this.ends[f]!)), line);
      return;
    }
    builder.beginRow(line);
    const values = this.values;
    for (let f = 0; f < fields; f++) {
      const value = values[f]!;
      if (value === value) builder.putNumber(f, value);
      else builder.putField(f, this.text(bytes, this.starts[f]!, this.ends[f]!, f));
    }
  }

  /**
   * The number spelled by the bytes from `start`: sign, digits, a point, an exponent. Sets
   * numberEnd where the spelling stops; NaN when there are no digits or the value is beyond
   * the exact fast path (the field is then read as text, by Number()).
   */
  private scanNumber(bytes: Uint8Array, start: number, end: number): number {
    let position = start;
    let negative = false;
    if (position < end) {
      const sign = bytes[position];
      if (sign === MINUS) {
        negative = true;
        position++;
      } else if (sign === PLUS) position++;
    }
    let mantissa = 0;
    let digits = 0;
    let exponent = 0;
    while (position < end) {
      const digit = bytes[position]! - ZERO;
      if (digit < 0 || digit > 9) break;
      mantissa = mantissa * 10 + digit;
      digits++;
      position++;
    }
    if (position < end && bytes[position] === DOT) {
      position++;
      while (position < end) {
        const digit = bytes[position]! - ZERO;
        if (digit < 0 || digit > 9) break;
        mantissa = mantissa * 10 + digit;
        digits++;
        exponent--;
        position++;
      }
    }
    if (digits === 0) {
      this.numberEnd = position;
      return NaN;
    }
    if (position < end && (bytes[position] === LOWER_E || bytes[position] === UPPER_E)) {
      let at = position + 1;
      let exponentNegative = false;
      if (at < end && (bytes[at] === PLUS || bytes[at] === MINUS)) exponentNegative = bytes[at++] === MINUS;
      let written = 0;
      let exponentDigits = 0;
      while (at < end) {
        const digit = bytes[at]! - ZERO;
        if (digit < 0 || digit > 9) break;
        if (written < 100_000) written = written * 10 + digit;
        exponentDigits++;
        at++;
      }
      this.numberEnd = at;
      // "1e" is not a number.
      if (exponentDigits === 0) return NaN;
      exponent += exponentNegative ? -written : written;
    } else this.numberEnd = position;
    if (mantissa === 0) return negative ? -0 : 0;
    if (mantissa >= EXACT_MANTISSA_LIMIT || exponent < -22 || exponent > 22) return NaN;
    const magnitude = exponent < 0 ? mantissa / EXACT_POWERS_OF_TEN[-exponent]! : mantissa * EXACT_POWERS_OF_TEN[exponent]!;
    return negative ? -magnitude : magnitude;
  }

  /** A text value of column `column`, the same string object each time its bytes repeat (a category's name). */
  private text(bytes: Uint8Array, start: number, end: number, column: number): string {
    const length = end - start;
    if (length > MAX_INTERNED_LENGTH) return this.decode(bytes, start, end);
    let hash = 0x811c9dc5 ^ length;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
    const known = (this.interned[column] ??= new Map()).get(hash);
    if (known && known.bytes.length === length) {
      let same = true;
      for (let i = 0; i < length; i++)
        if (known.bytes[i] !== bytes[start + i]) {
          same = false;
          break;
        }
      if (same) return known.text;
    }
    const text = this.decode(bytes, start, end);
    const interned = this.interned[column]!;
    if (!known && interned.size < MAX_INTERNED_PER_COLUMN) interned.set(hash, { bytes: bytes.slice(start, end), text });
    return text;
  }

  private decode(bytes: Uint8Array, start: number, end: number): string {
    return this.decoder.decode(bytes.subarray(start, end));
  }

  /**
   * Papaparse reads from `start` (a record's start) through at least `stretch` bytes, to a line
   * end: its whole records go to the table, as in its own streaming, where the last record of
   * a chunk waits for the next chunk. Returns the position after them.
   */
  private readWithPapaparse(bytes: Uint8Array, start: number, final: boolean, minimumStretch: number): number {
    for (let stretch = minimumStretch; ; stretch *= 2) {
      const lineEnd = start + stretch - 1 < bytes.length ? bytes.indexOf(LF, start + stretch - 1) : -1;
      const end = lineEnd === -1 ? bytes.length : lineEnd + 1;
      const toTheEnd = end === bytes.length;
      const text = this.decoder.decode(bytes.subarray(start, end));
      const parsed = new Papa.Parser({ delimiter: this.dialect.delimiter, newline: this.dialect.newline, quoteChar: '"' }).parse(text, 0, !(final && toTheEnd)) as Papa.ParseResult<
        string[]
      >;
      if (parsed.data.length === 0 && !toTheEnd) continue;
      this.sink.addRows(parsed.data, this.dialect.delimiter);
      return start + utf8Length(text, parsed.meta.cursor);
    }
  }

  private growFields(): void {
    const size = this.starts.length * 2;
    const grow = <T extends Int32Array | Float64Array>(from: T, to: T): T => (to.set(from), to);
    this.starts = grow(this.starts, new Int32Array(size));
    this.ends = grow(this.ends, new Int32Array(size));
    this.values = grow(this.values, new Float64Array(size));
  }
}

/** How many UTF-8 bytes the first `count` characters of `text` were. */
function utf8Length(text: string, count: number): number {
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < count) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
