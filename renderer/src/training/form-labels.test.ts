import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CsvDatasetSchema, GeneratedDatasetSchema } from '../../../shared/data/reference';
import { OutputObjectiveSchema, TrainingConfigSchema } from '../../../shared/graph/training-config';
import { i18n } from '../i18n';
import { datasetChipText } from '../dataset/labels';
import { configFields, type ConfigField } from './config-fields';
import { fieldLabel, optionLabel } from './ConfigForm';

/** Every field name and option value a generated form shows, nested ones included. */
function shown(fields: ConfigField[], names: Set<string> = new Set(), options: Set<string> = new Set()) {
  for (const f of fields) {
    names.add(f.name);
    if (f.kind === 'enum' || f.kind === 'enumList') f.options.forEach((o) => options.add(o));
    if (f.kind === 'object') shown(f.fields, names, options);
    if (f.kind === 'union')
      for (const o of f.options) {
        options.add(o.value);
        shown(o.fields, names, options);
      }
  }
  return { names, options };
}

const FORMS: [string, z.ZodType, string[]][] = [
  // A GAN's settings have a section of their own (GanForm.tsx), labelled there.
  ['training', TrainingConfigSchema, ['gan']],
  ['generated data', GeneratedDatasetSchema, ['kind']],
  ['CSV data', CsvDatasetSchema, ['kind', 'path', 'delimiter', 'missing', 'testSplit', 'stratify']],
  ['an output’s objective', OutputObjectiveSchema, ['target', 'loss', 'weight', 'metrics']],
];

describe('the generated forms in Chinese', () => {
  const zh = i18n.getFixedT('zh-CN');
  it.each(FORMS)('label every field and option of the %s form', (_, schema, skip) => {
    const { names, options } = shown(configFields(schema, skip));
    const untranslated = [...names].filter((n) => !/\p{Script=Han}/u.test(fieldLabel(zh, n))).map((n) => `field ${n}`);
    untranslated.push(...[...options].filter((o) => !/\p{Script=Han}/u.test(optionLabel(zh, o))).map((o) => `option ${o}`));
    expect(untranslated).toEqual([]);
  });
});

describe('the dataset chip', () => {
  it('names generated scenes and sequence tasks in the interface language, and a file by its path', () => {
    const zh = i18n.getFixedT('zh-CN');
    const en = i18n.getFixedT('en');
    expect(datasetChipText(en, { kind: 'shapes', size: 32, samples: 600, seed: 1, maxShapes: 3 })).toBe('Generated scenes of shapes (32×32, 600 samples)');
    expect(datasetChipText(zh, { kind: 'shapes', size: 64, samples: 600, seed: 1, maxShapes: 3 })).toMatch(/^生成的形状场景（64×64/);
    expect(datasetChipText(zh, { kind: 'sequence-task', task: 'add', length: 3, samples: 2000, seed: 1 })).toMatch(/相加/);
    expect(datasetChipText(en, { kind: 'sequence-task', task: 'reverse', length: 5, samples: 2000, seed: 1 })).toBe('Sequence task: reverse 5 digits (2,000 samples)');
    expect(datasetChipText(zh, { kind: 'builtin', name: 'mnist' })).toMatch(/\p{Script=Han}/u);
  });
});
