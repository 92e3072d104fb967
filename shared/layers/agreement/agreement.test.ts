import { describe, expect, it } from 'vitest';
import { tfjsCatalog as catalog } from '../tfjs-catalog';
import { coreCases } from './core.cases';
import { activationCases, regularizationCases } from './activation.cases';
import { reshapeCases } from './reshape.cases';
import { convolutionCases } from './convolution.cases';
import { paddingCases, poolingCases } from './pooling.cases';
import { normalizationCases } from './normalization.cases';
import { mergeCases } from './merge.cases';
import { sequenceCases } from './sequence.cases';
import { attentionCases, transformerCases } from './attention.cases';
import { graphCases } from './graph.cases';
import { runAgreementCase, type AgreementCase } from './harness';

/**
 * Our pure shape inference and parameter counts must say what tfjs computes, for every
 * kind in the catalog: the editor shows our numbers, the trainer runs tfjs's.
 * Each family keeps its cases in `<family>.cases.ts`; list the file here.
 */
const cases: AgreementCase[] = [...graphCases, ...coreCases, ...activationCases, ...regularizationCases, ...reshapeCases, ...convolutionCases, ...poolingCases, ...paddingCases, ...normalizationCases, ...mergeCases, ...sequenceCases, ...attentionCases, ...transformerCases];

// Kinds that have no tfjs layer of their own (Input becomes tf.input).
const NOT_LAYERS = new Set(['Input']);

describe('inferShape and countParams agree with tfjs', () => {
  it('covers every kind in the catalog', () => {
    const covered = new Set(cases.map((c) => c.type));
    const missing = catalog.all().map((k) => k.type).filter((t) => !NOT_LAYERS.has(t) && !covered.has(t));
    expect(missing).toEqual([]);
  });

  for (const c of cases) {
    it(`${c.type} ${JSON.stringify(c.params)} on ${JSON.stringify(c.inputs)}`, () => {
      const { ours, tfjs } = runAgreementCase(catalog, c);
      expect(ours).toEqual(tfjs);
    });
  }
});
