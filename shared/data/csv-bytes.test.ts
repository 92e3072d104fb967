import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { CsvRowSink, guessCsvDialect, parseCsvTable } from './csv';
import { CsvByteReader } from './csv-bytes';
import { createRandom } from './dataset';
import type { ColumnTable } from './table';

/**
 * The byte reader must build the very table papaparse's rows build (parseCsvTable, the
 * reference): same types, categories, gaps, first bad values and line numbers, and numbers
 * equal to the bit, -0 included, however the bytes are cut into chunks.
 */

const encoder = new TextEncoder();

/** Feeds `bytes` as the host does: chunks of the given sizes, the unread rest carried over to the next chunk. */
function readInChunks(text: string, chunkSizes: (index: number) => number): ColumnTable {
  const bytes = encoder.encode(text);
  const sink = new CsvRowSink('data.csv');
  const reader = new CsvByteReader(sink, guessCsvDialect(text));
  let pending = new Uint8Array(0);
  for (let at = 0, index = 0; at < bytes.length; index++) {
    const chunk = bytes.subarray(at, Math.min(bytes.length, at + chunkSizes(index)));
    at += chunk.length;
    const joined = new Uint8Array(pending.length + chunk.length);
    joined.set(pending);
    joined.set(chunk, pending.length);
    pending = joined.subarray(reader.read(joined, false));
  }
  if (pending.length > 0) expect(reader.read(pending, true)).toBe(pending.length);
  return sink.finish();
}

/**
 * Papaparse reads a whole text with an empty last row after a final line end, where streaming
 * a file (what the byte reader replaces) it never did; the row only shows in a one-column table.
 */
function reference(text: string): ColumnTable {
  const table = parseCsvTable(text, 'data.csv');
  const { newline } = guessCsvDialect(text);
  return table.names.length === 1 && text.endsWith(newline) ? parseCsvTable(text.slice(0, -newline.length), 'data.csv') : table;
}

function expectSameTable(actual: ColumnTable, expected: ColumnTable): void {
  expect({ ...actual, columns: [], lines: Array.from(actual.lines) }).toEqual({ ...expected, columns: [], lines: Array.from(expected.lines) });
  actual.columns.forEach((column, c) => {
    const reference = expected.columns[c]!;
    const { numbers, codes, ...rest } = column;
    const { numbers: referenceNumbers, codes: referenceCodes, ...referenceRest } = reference;
    expect(rest, `column ${column.name}`).toEqual(referenceRest);
    // Bit for bit: NaN where NaN, -0 where -0.
    expect(Array.from(new Uint32Array(numbers.buffer, numbers.byteOffset, numbers.length)), `numbers of ${column.name}`).toEqual(
      Array.from(new Uint32Array(referenceNumbers.buffer, referenceNumbers.byteOffset, referenceNumbers.length)),
    );
    expect(codes && Array.from(codes), `codes of ${column.name}`).toEqual(referenceCodes && Array.from(referenceCodes));
  });
}

const NUMBERS = ['0', '-0', '-0.0', '7', '-12', '+5', '.5', '5.', '3.14159', '-100.125', '1e5', '2E+3', '1.5e-3', '6.02e23', '1e-30', '1e300', '1e400', '-1e400', '12345678901234567890.5', '0.1000000000000000055511151231257827', '9007199254740993', '0x1F', ' 1.5', '1.5 ', '1_000', '00012', '1e', '1e+', '.', '+-1', '0.000000000000000000000123', '891.48458862304687500'];
const GAPS = ['', 'NA', 'NaN', '?', '-', 'null', 'N/A'];
const WORDS = ['alpha', 'beta', 'gamma', 'Zürich', '東京', 'a b', '🙂 ok', 'x"y', 'Infinity'];
/** Quoted fields, the simple ones the byte path reads and the ones it hands to papaparse. */
const QUOTED = ['"1.5"', '"alpha"', '""', '"a,b"', '"a;b"', '"a\tb"', '"line\nbreak"', '"say ""hi"""', '"x" ', '"crlf\r\ninside"', '"unclosed'];

function randomCsv(seed: number): string {
  const random = createRandom(seed);
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const delimiter = pick([',', ',', '\t', ';', '|']);
  const newline = pick(['\n', '\n', '\r\n', '\r']);
  const width = 2 + Math.floor(random() * 5);
  const kinds = Array.from({ length: width }, () => pick(['numeric', 'numeric', 'categorical', 'mixed', 'quoted']));
  const cell = (kind: string): string => {
    const roll = random();
    if (kind === 'numeric') return roll < 0.85 ? (random() * 2000 - 1000).toFixed(Math.floor(random() * 5)) : roll < 0.93 ? pick(NUMBERS) : pick(GAPS);
    if (kind === 'categorical') return roll < 0.9 ? pick(WORDS.slice(0, 4)) : pick(GAPS);
    if (kind === 'quoted') return roll < 0.5 ? `"${(random() * 10).toFixed(2)}"` : roll < 0.8 ? `"${pick(WORDS.slice(0, 3))}"` : pick(QUOTED);
    return pick([...NUMBERS, ...GAPS, ...WORDS, ...(delimiter === ';' ? ['1,5', '-2,25'] : [])]);
  };
  const lines: string[] = [];
  lines.push(Array.from({ length: width }, (_, c) => (c === 1 && random() < 0.3 ? `"c${c}"` : `c${c}`)).join(delimiter));
  const rows = 1 + Math.floor(random() * 120);
  for (let r = 0; r < rows; r++) {
    const roll = random();
    if (roll < 0.03) lines.push('');
    else if (roll < 0.04) lines.push('   ');
    else if (roll < 0.05) lines.push(Array.from({ length: width + 1 }, () => cell('numeric')).join(delimiter));
    else if (roll < 0.06) lines.push(`1${delimiter}2\r`);
    else lines.push(kinds.map(cell).join(delimiter));
  }
  const bom = random() < 0.2 ? '\uFEFF' : '';
  return bom + lines.join(newline) + (random() < 0.5 ? newline : '');
}

describe('CsvByteReader', () => {
  it('reads a plain numeric file and its categories like papaparse', () => {
    // 891.484588623046875 is halfway between two float32s: read with rounding errors, it rounds the wrong way.
    const text = 'a,b,label\n1.5,-0,alpha\n2,3e2,beta\n891.48458862304687500,NA,alpha\n7,x,gamma\n';
    expectSameTable(readInChunks(text, () => 1 << 20), reference(text));
  });

  it('reads quoted fields, CRLF, a BOM and a last line without a line end like papaparse', () => {
    const text = '\uFEFFa,b,label\r\n"1.5","x, y",alpha\r\n2,"say ""hi""",beta\r\n3,"two\r\nlines",alpha\r\n4,"",beta';
    const table = readInChunks(text, () => 5);
    expectSameTable(table, reference(text));
    expect(table.columns[1]!.categories).toEqual(['x, y', 'say "hi"', 'two\r\nlines']);
  });

  it('gives papaparse’s table for 200 random files, cut into chunks of every size', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const text = randomCsv(seed);
      const expected = reference(text);
      const sizes = [1, 2, 3, 7, 64, 1 << 20];
      const random = createRandom(seed * 31);
      for (const size of sizes) expectSameTable(readInChunks(text, () => size), expected);
      expectSameTable(
        readInChunks(text, () => 1 + Math.floor(random() * 200)),
        expected,
      );
    }
  });

  it('reads a line longer than any chunk, and more rows than one storage block', () => {
    const long = Array.from({ length: 3000 }, (_, i) => `${i * 1.25}`).join(',');
    const header = Array.from({ length: 3000 }, (_, i) => `c${i}`).join(',');
    const text = `${header}\n${long}\n${long.replace('0,', 'seven,')}\n`;
    expectSameTable(readInChunks(text, () => 1000), reference(text));
    // 70,000 rows: past the first 65,536-row block, with the first text value in the second block.
    const rows = Array.from({ length: 70_000 }, (_, i) => `${i % 97}.5,${i === 69_000 ? 'word' : i % 3}`);
    const many = `x,y\n${rows.join('\n')}\n`;
    const table = readInChunks(many, () => 64 * 1024);
    expectSameTable(table, reference(many));
    expect(table.rowCount).toBe(70_000);
    expect(table.columns[1]!.firstNonNumber).toEqual({ line: 69_002, value: 'word' });
  });

  it('guesses the dialect from the first megabyte only when that decides what the whole chunk would', () => {
    const papaparseGuess = (text: string) => {
      const { meta } = Papa.parse<string[]>(text, { delimitersToGuess: [',', '\t', ';', '|'], preview: 1 });
      return { delimiter: meta.delimiter, newline: meta.linebreak };
    };
    const rows = (count: number, width: number, delimiter: string) =>
      Array.from({ length: count }, (_, r) => Array.from({ length: width }, (_, c) => `${r * c}.25`).join(delimiter));
    // Short rows: a dozen line ends in the first megabyte.
    const short = rows(80_000, 5, ';').join('\r\n');
    // Rows of ~150 KB: fewer than ten whole rows in the first megabyte, so the whole chunk decides.
    const long = ['a|b', ...rows(12, 20_000, '|')].join('\n');
    // Quotes in the first megabyte could join lines: the whole chunk decides.
    const quoted = `"x","y"\n${rows(100_000, 2, ',').join('\n')}`;
    for (const text of [short, long, quoted]) {
      expect(text.length).toBeGreaterThan(1024 * 1024);
      expect(guessCsvDialect(text)).toEqual(papaparseGuess(text));
    }
  });
});
