import { afterAll, describe, expect, it } from 'vitest';
import { DATASET_MESSAGE_TEXT, DatasetTextSchema, datasetMessage, type DatasetText } from '../../../shared/data/dataset-messages';
import { HostError, HOST_ERROR_CODES } from '../../../shared/host-api';
import type { MessageText, MessageValue, TemplateTable } from '../../../shared/message-text';
import { RpcError } from '../../../shared/rpc';
import { SaidSchema } from '../../../shared/said';
import { HOST_MESSAGE_TEXT, hostMessage } from '../../../shared/host-messages';
import { TRAINING_MESSAGE_TEXT, trainingMessage } from '../../../shared/training/messages';
import { TrainingEventSchema } from '../../../shared/training/protocol';
import en from './en.json';
import zhCN from './zh-CN.json';
import { formatNumber, i18n } from '.';
import { datasetMessageText, hostErrorText, hostMessageText, trainingMessageText } from './said-text';

interface Table {
  name: string;
  templates: TemplateTable;
  english: (text: MessageText) => string;
  say: (text: MessageText) => string;
  enSection: Record<string, string>;
  zhSection: Record<string, string>;
  /** Phrases that stand inside other messages of the table, by the placeholder that takes them ('' where it may be left out). */
  phrases: Record<string, (MessageText | '')[]>;
}

const TABLES: Table[] = [
  {
    name: 'dataset',
    templates: DATASET_MESSAGE_TEXT,
    english: (text) => datasetMessage(text as DatasetText),
    say: (text) => datasetMessageText(i18n.t, text as DatasetText),
    enSection: en.datasetMessages,
    zhSection: zhCN.datasetMessages,
    phrases: {
      what: [
        { id: 'labelColumnOf', values: { label: 'species', source: 'penguins.csv' } },
        { id: 'labelsIn', values: { file: 'y.npy' } },
        { id: 'classFoldersOf', values: { folder: '/data/photos' } },
        { id: 'mnistLabels', values: {} },
      ],
      more: [{ id: 'raggedMore', values: { count: 1, lines: 1 } }, { id: 'raggedMore', values: { count: 4, lines: 4 } }, ''],
      others: [{ id: 'notANumberOthers', values: { count: 1, values: 1 } }, { id: 'notANumberOthers', values: { count: 3, values: 3 } }, ''],
    },
  },
  {
    name: 'training',
    templates: TRAINING_MESSAGE_TEXT,
    english: (text) => trainingMessage(text as never),
    say: (text) => trainingMessageText(i18n.t, text as never),
    enSection: en.trainingMessages,
    zhSection: zhCN.trainingMessages,
    phrases: {
      output: [{ id: 'processOutput', values: { line: 'Segmentation fault' } }, ''],
      features: [{ id: 'featureList', values: { names: 'x1, x2' } }, ''],
      verb: ['verbPause', 'verbResume', 'verbStop'].map((id) => ({ id, values: {} })),
      hint: [{ id: 'hintIndexLabels', values: {} }, { id: 'hintOneHotLabels', values: { classes: 3 } }, { id: 'hintUnits', values: { width: 2 } }],
    },
  },
  {
    name: 'host',
    templates: HOST_MESSAGE_TEXT,
    english: (text) => hostMessage(text as never),
    say: (text) => hostMessageText(i18n.t, text as never),
    enSection: en.hostMessages,
    zhSection: zhCN.hostMessages,
    phrases: { verb: ['verbOpen', 'verbSave', 'verbList', 'verbListExamples'].map((id) => ({ id, values: {} })) },
  },
];

/** Placeholders that take a whole number; the rest take text. */
const NUMERIC = /^(values|lines|columns|line|row|column|samples|labels|tokens|length|steps|window|horizon|images|max|needed|actual|bytes|epoch|batch|batches|inputs|outputs|targets|units|width|classes)$/;

function placeholdersOf(table: Table, id: string): string[] {
  const entry = table.templates[id]!;
  const text = typeof entry === 'string' ? entry : entry.one + entry.other;
  return [...new Set([...text.matchAll(/{{(\w+)}}/g)].map((m) => m[1]!))];
}

/**
 * Every message with values of each kind its placeholders take: names and paths as short
 * made-up tokens (no English words, so none can be mistaken for an untranslated sentence),
 * counts and sizes as numbers, phrases as the messages that fill them, plural forms both ways.
 */
function samples(table: Table, id: string): MessageText[] {
  const plural = typeof table.templates[id] !== 'string';
  const names = placeholdersOf(table, id);
  const variants = Math.max(1, ...names.map((name) => table.phrases[name]?.length ?? 1));
  const out: MessageText[] = [];
  for (const count of plural ? [1, 2] : [undefined]) {
    for (let v = 0; v < variants; v++) {
      const values: Record<string, MessageValue> = count === undefined ? {} : { count };
      names.forEach((name, i) => {
        const phrases = table.phrases[name];
        if (phrases) values[name] = phrases[v % phrases.length]!;
        else if (name === 'at') values[name] = 'data.csv:17:3';
        else if (NUMERIC.test(name)) values[name] = count !== undefined && (name === 'values' || name === 'lines' || name === 'units') ? count : 3 + i;
        else values[name] = `V${i}x`;
      });
      out.push({ id, values });
    }
  }
  return out;
}

/** The values a reader sees in the sentence: text as given, numbers as the language writes them, phrases' own values. */
function leafValues(text: MessageText): string[] {
  return Object.entries(text.values).flatMap(([name, value]) =>
    name === 'count' ? [] : typeof value === 'object' ? leafValues(value) : [typeof value === 'number' ? formatNumber(value) : value],
  );
}

describe.each(TABLES)('$name messages', (table) => {
  const all = Object.keys(table.templates).flatMap((id) => samples(table, id));
  afterAll(() => i18n.changeLanguage('en'));

  it('have the English locale hold exactly the templates the host builds its messages from, and Chinese every one', () => {
    const english: Record<string, string> = {};
    for (const [id, entry] of Object.entries(table.templates)) {
      if (typeof entry === 'string') english[id] = entry;
      else Object.assign(english, { [`${id}_one`]: entry.one, [`${id}_other`]: entry.other });
    }
    expect(table.enSection).toEqual(english);
    expect(Object.keys(table.zhSection).sort()).toEqual(Object.keys(english).sort());
  });

  it('read in English exactly as the message the CLI prints', async () => {
    await i18n.changeLanguage('en');
    for (const text of all) expect(table.say(text), text.id).toBe(table.english(text));
  });

  it('read in Chinese fully translated, with every value filled in', async () => {
    await i18n.changeLanguage('zh-CN');
    // A phrase such as "：{{line}}" may be punctuation around its value; the sentences it stands in have words.
    const phraseIds = new Set(Object.values(table.phrases).flatMap((list) => list.flatMap((p) => (p ? [p.id] : []))));
    for (const text of all) {
      const said = table.say(text);
      if (!phraseIds.has(text.id)) expect(said, text.id).toMatch(/\p{Script=Han}/u);
      expect(said, text.id).not.toMatch(/{{|}}|undefined/);
      for (const value of leafValues(text)) expect(said, text.id).toContain(value);
      // No English sentence left over: with the values taken out, none of the English message's small words remain.
      let rest = said;
      for (const value of leafValues(text)) rest = rest.split(value).join('');
      expect(rest, `${text.id}: ${said}`).not.toMatch(/\b(the|is|are|not|has|have|choose|with|of|and|or|it|to|but|in|no|file|column|row|line|values?|needs?|training|loss)\b/i);
    }
  });
});

describe('messages said across a boundary', () => {
  afterAll(() => i18n.changeLanguage('en'));

  it('write whole numbers as the interface language writes them, other numbers as given', async () => {
    await i18n.changeLanguage('zh-CN');
    expect(datasetMessageText(i18n.t, { id: 'tooManyImages', values: { folder: '/p', images: 123456, max: 100000 } })).toBe(
      '/p 有 123,456 张图像，超过了 NN Designer 训练时加载的上限 100,000 张——请使用其中一部分样本',
    );
    expect(trainingMessageText(i18n.t, { id: 'divergedNonFinite', values: { loss: 'NaN', epoch: 2, batch: 1200, rate: '0.0001' } })).toBe(
      '第 2 轮第 1,200 批时损失变成了 NaN——训练发散了；请降低学习率（当前为 0.0001）或对特征做归一化',
    );
  });

  it('keep the id and values in a HostError, checked by the schema, and fall back to the message without them', async () => {
    const text: DatasetText = { id: 'fileMissing', values: { file: '/data/gone.csv' } };
    const error = new HostError(datasetMessage(text), HOST_ERROR_CODES.notFound, undefined, undefined, { dataset: text });
    // As the page receives it: a plain RpcError rebuilt from the wire's JSON.
    const received = new RpcError(error.message, error.code, JSON.parse(JSON.stringify(error.data)));
    expect(DatasetTextSchema.parse((received.data as { said: { dataset: unknown } }).said.dataset)).toEqual(text);
    await i18n.changeLanguage('zh-CN');
    expect(hostErrorText(i18n.t, received)).toBe('/data/gone.csv 不存在——它可能已被移动或重命名；请重新定位');
    expect(hostErrorText(i18n.t, new RpcError('plain', 'x'))).toBe('plain');
    expect(SaidSchema.safeParse({ dataset: { id: 'noSuchMessage', values: {} } }).success).toBe(false);
    expect(SaidSchema.safeParse({ training: { id: 'fileMissing', values: { file: 'a' } } }).success).toBe(false);
  });

  it('carry a graph the worker would not compile as its problems, said like the page’s own', async () => {
    const { compileGraph, CompileError } = await import('../../../shared/compile/compile');
    const { tfjsCatalog } = await import('../../../shared/layers/tfjs-catalog');
    const { addNode, connect } = await import('../../../shared/graph/actions');
    const { emptyDocument } = await import('../../../shared/graph/document');
    const { problemText } = await import('./problem-text');
    let doc = addNode(emptyDocument(), { type: 'Input', params: { shape: [28, 28, 1] } });
    doc = addNode(doc, { type: 'Dense', params: { units: 10 } });
    doc = connect(doc, { source: 'input_1', target: 'dense_1' });
    let problems: unknown;
    try {
      compileGraph(doc, tfjsCatalog);
    } catch (err) {
      expect(err).toBeInstanceOf(CompileError);
      problems = (err as InstanceType<typeof CompileError>).problems;
    }
    // Through the wire as JSON, then checked as the host and the page check every event.
    const event = TrainingEventSchema.parse(JSON.parse(JSON.stringify({ type: 'error', backend: 'wasm', message: 'x', problems })));
    const problem = event.type === 'error' ? event.problems?.[0] : undefined;
    expect(problem).toMatchObject({ nodeId: 'dense_1', code: 'shape-mismatch', shapeError: { code: 'rank' } });
    await i18n.changeLanguage('zh-CN');
    expect(problemText(i18n.t, problem!)).toBe(
      '形状不匹配：Dense 需要 2 维输入 [batch, features]，但得到的是 [batch, 28, 28, 1]——在它之前加一个 Flatten',
    );
  });

  it('keep them in a training error event', async () => {
    const said = { training: { id: 'processKilled' as const, values: { signal: 'SIGKILL', output: '' } } };
    const event = TrainingEventSchema.parse({ type: 'error', backend: 'wasm', message: trainingMessage(said.training), said });
    expect(event).toMatchObject({ said });
    expect(event.type === 'error' && event.message).toBe('the training process was killed (SIGKILL) — your project is unchanged; try training again');
    await i18n.changeLanguage('zh-CN');
    expect(trainingMessageText(i18n.t, said.training)).toBe('训练进程被终止（SIGKILL）——你的项目没有改变；请重新训练');
  });
});
