import { afterAll, describe, expect, it } from 'vitest';
import {
  DATASET_MESSAGE_IDS,
  DATASET_MESSAGE_TEXT,
  DatasetTextSchema,
  datasetMessage,
  type DatasetMessageId,
  type DatasetText,
  type DatasetValue,
} from '../../../shared/data/dataset-messages';
import { HostError, HOST_ERROR_CODES } from '../../../shared/host-api';
import { RpcError } from '../../../shared/rpc';
import en from './en.json';
import zhCN from './zh-CN.json';
import { formatNumber, i18n } from '.';
import { datasetMessageText, hostErrorText } from './dataset-message-text';

/** Phrases that stand inside other messages, by the placeholder that takes them. */
const PHRASES: Record<string, DatasetText[]> = {
  what: [
    { id: 'labelColumnOf', values: { label: 'species', source: 'penguins.csv' } },
    { id: 'labelsIn', values: { file: 'y.npy' } },
    { id: 'classFoldersOf', values: { folder: '/data/photos' } },
    { id: 'mnistLabels', values: {} },
  ],
  more: [{ id: 'raggedMore', values: { count: 1, lines: 1 } }, { id: 'raggedMore', values: { count: 4, lines: 4 } }, ''] as never,
  others: [{ id: 'notANumberOthers', values: { count: 1, values: 1 } }, { id: 'notANumberOthers', values: { count: 3, values: 3 } }, ''] as never,
};

function placeholdersOf(id: DatasetMessageId): string[] {
  const entry = DATASET_MESSAGE_TEXT[id] as string | { one: string; other: string };
  const text = typeof entry === 'string' ? entry : entry.one + entry.other;
  return [...new Set([...text.matchAll(/{{(\w+)}}/g)].map((m) => m[1]!))];
}

/**
 * Every message with values of each kind its placeholders take: names and paths as short
 * made-up tokens (no English words, so none can be mistaken for an untranslated sentence),
 * counts and sizes as numbers, phrases as the messages that fill them, plural forms both ways.
 */
function samples(id: DatasetMessageId): DatasetText[] {
  const plural = typeof DATASET_MESSAGE_TEXT[id] !== 'string';
  const names = placeholdersOf(id);
  const variants = Math.max(1, ...names.map((name) => PHRASES[name]?.length ?? 1));
  const out: DatasetText[] = [];
  for (const count of plural ? [1, 2] : [undefined]) {
    for (let v = 0; v < variants; v++) {
      const values: Record<string, DatasetValue> = count === undefined ? {} : { count };
      names.forEach((name, i) => {
        const phrases = PHRASES[name];
        if (phrases) values[name] = phrases[v % phrases.length]!;
        else if (name === 'at') values[name] = 'data.csv:17:3';
        else if (/^(values|lines|columns|line|row|column|samples|labels|tokens|length|steps|window|horizon|images|max|needed|actual|bytes)$/.test(name))
          values[name] = count !== undefined && (name === 'values' || name === 'lines') ? count : 3 + i;
        else values[name] = `V${i}x`;
      });
      out.push({ id, values });
    }
  }
  return out;
}

/** The values a reader sees in the sentence: strings as given, numbers as the language writes them, phrases' own values. */
function leafValues(text: DatasetText): string[] {
  return Object.entries(text.values).flatMap(([name, value]) =>
    name === 'count' ? [] : typeof value === 'object' ? leafValues(value) : [typeof value === 'number' ? formatNumber(value) : value],
  );
}

const all = DATASET_MESSAGE_IDS.flatMap(samples);

describe('dataset messages', () => {
  afterAll(() => i18n.changeLanguage('en'));

  it('have the English locale hold exactly the templates the host builds its messages from', () => {
    const english: Record<string, string> = {};
    for (const [id, entry] of Object.entries(DATASET_MESSAGE_TEXT)) {
      if (typeof entry === 'string') english[id] = entry;
      else Object.assign(english, { [`${id}_one`]: entry.one, [`${id}_other`]: entry.other });
    }
    expect(en.datasetMessages).toEqual(english);
    expect(Object.keys(zhCN.datasetMessages).sort()).toEqual(Object.keys(english).sort());
  });

  it('read in English exactly as the message the CLI prints', async () => {
    await i18n.changeLanguage('en');
    for (const text of all) expect(datasetMessageText(i18n.t, text), text.id).toBe(datasetMessage(text));
  });

  it('read in Chinese fully translated, with every value filled in', async () => {
    await i18n.changeLanguage('zh-CN');
    for (const text of all) {
      const said = datasetMessageText(i18n.t, text);
      expect(said, text.id).toMatch(/\p{Script=Han}/u);
      expect(said, text.id).not.toMatch(/{{|}}|undefined/);
      for (const value of leafValues(text)) expect(said, text.id).toContain(value);
      // No English sentence left over: with the values taken out, none of the English message's small words remain.
      let rest = said;
      for (const value of leafValues(text)) rest = rest.split(value).join('');
      expect(rest, text.id).not.toMatch(/\b(the|is|are|not|has|have|choose|with|of|and|or|it|to|but|in|no|file|column|row|line|values?)\b/i);
    }
  });

  it('write numbers as the interface language writes them', async () => {
    const text: DatasetText = { id: 'tooManyImages', values: { folder: '/p', images: 123456, max: 100000 } };
    await i18n.changeLanguage('zh-CN');
    expect(datasetMessageText(i18n.t, text)).toBe('/p 有 123,456 张图像，超过了 NN Designer 训练时加载的上限 100,000 张——请使用其中一部分样本');
  });

  it('cross the host boundary as data: a HostError keeps the id and values, checked by the schema', async () => {
    const text: DatasetText = { id: 'fileMissing', values: { file: '/data/gone.csv' } };
    const error = new HostError(datasetMessage(text), HOST_ERROR_CODES.notFound, undefined, undefined, text);
    // As the page receives it: a plain RpcError rebuilt from the wire's JSON.
    const received = new RpcError(error.message, error.code, JSON.parse(JSON.stringify(error.data)));
    expect(DatasetTextSchema.parse((received.data as { text: unknown }).text)).toEqual(text);
    await i18n.changeLanguage('zh-CN');
    expect(hostErrorText(i18n.t, received)).toBe('/data/gone.csv 不存在——它可能已被移动或重命名；请重新定位');
    expect(hostErrorText(i18n.t, new RpcError('plain', 'x'))).toBe('plain');
    expect(DatasetTextSchema.safeParse({ id: 'noSuchMessage', values: {} }).success).toBe(false);
  });
});
