import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsvTable } from '../../shared/data/csv';
import { DatasetError } from '../../shared/data/errors';
import { streamCsvTable } from './datasets';

/**
 * The streamed CSV reader on real files, in chunks as small as one byte: records, quoted
 * fields and multi-byte characters cut by chunk ends, and the UTF-8 check's line numbers
 * counted over the whole file. papaparse reading the whole text is the reference.
 */
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'nnd-csv-stream-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function write(name: string, content: string | Uint8Array): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, content);
  return file;
}

const FILES: Record<string, string> = {
  'numbers and categories': 'size,weight,city\n1.5,-0,Zürich\n2.25,1e3,東京\n,NA,Zürich\n-7,x,🙂\n3,4,東京\n',
  'CRLF, a BOM, no final line end': '\uFEFFa;b;label\r\n1,5;2;ja\r\n-2,25;3;nein\r\n3;4;ja',
  'quoted fields and a line break inside one': 'a,note,y\n1,"plain",0\n2,"with, comma",1\n3,"two\nlines",0\n4,"say ""hi""",1\n5,"",0\n',
  'tabs, blank and ragged lines': 'a\tb\ty\n1\t2\t0\n\n3\t4\n5\t6\t1\n   \n7\t8\t0\n',
  'a long line': `${Array.from({ length: 500 }, (_, i) => `c${i}`).join(',')}\n${Array.from({ length: 500 }, (_, i) => `${i}.5`).join(',')}\n${Array.from({ length: 500 }, (_, i) => (i === 250 ? 'Ünïcødé' : `${-i}e-2`)).join(',')}\n`,
};

describe('streamCsvTable', () => {
  for (const [name, text] of Object.entries(FILES))
    it(`${name}: the same table as papaparse on the whole text, in chunks of any size`, async () => {
      const file = await write('table.csv', text);
      const expected = parseCsvTable(text, file);
      for (const chunkBytes of [1, 2, 3, 5, 64, 4 * 1024 * 1024]) {
        const table = await streamCsvTable(file, file, undefined, chunkBytes);
        expect(table, `chunks of ${chunkBytes} bytes`).toEqual(expected);
      }
    });

  it('names the line of the first byte that is not UTF-8, far past the first chunk', async () => {
    const rows = Array.from({ length: 600 }, (_, i) => (i === 499 ? 'Jos\u00e9,1,0' : `name${i},${i},${i % 2}`));
    const latin1 = Uint8Array.from(`name,size,y\n${rows.join('\n')}\n`, (c) => c.charCodeAt(0));
    const file = await write('latin1.csv', latin1);
    for (const chunkBytes of [7, 64, 4 * 1024 * 1024]) {
      const error = await streamCsvTable(file, 'latin1.csv', undefined, chunkBytes).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(DatasetError);
      expect((error as DatasetError).message).toMatch(/^latin1\.csv:501: the file is not UTF-8 text \(line 501 holds a byte/);
    }
  });

  it('refuses a character cut off by the end of the file, and a U+FFFD left by an earlier bad conversion', async () => {
    const cut = await write('cut.csv', Buffer.concat([Buffer.from('a,y\n1,0\n2,'), Buffer.from('é').subarray(0, 1)]));
    await expect(streamCsvTable(cut, 'cut.csv', undefined, 3)).rejects.toThrow(/^cut\.csv:3: the file is not UTF-8 text/);
    const replaced = await write('replaced.csv', 'a,y\n1,0\nJos\uFFFD,1\n');
    await expect(streamCsvTable(replaced, 'replaced.csv')).rejects.toThrow(/^replaced\.csv:3: the file is not UTF-8 text/);
  });
});
