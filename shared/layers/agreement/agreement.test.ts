import { describe, expect, it } from 'vitest';
import { kindAgreementCases } from '../kinds-agreement.generated';
import { tfjsCatalog as catalog } from '../tfjs-catalog';
import { runAgreementCase, type AgreementCase } from './harness';

/**
 * Our pure shape inference and parameter counts must say what tfjs computes, for every
 * kind in the catalog: the editor shows our numbers, the trainer runs tfjs's. Each kind
 * keeps its cases in `agreement.cases.ts` in its folder; the registry collects them.
 */
const cases: AgreementCase[] = [...kindAgreementCases];

describe('inferShape and countParams agree with tfjs', () => {
  it('covers every kind in the catalog that becomes a tfjs layer', () => {
    const covered = new Set(cases.map((c) => c.type));
    const missing = catalog.all().filter((k) => !k.inputSpec && !covered.has(k.type)).map((k) => k.type);
    expect(missing).toEqual([]);
  });

  for (const c of cases) {
    it(`${c.type} ${JSON.stringify(c.params)} on ${JSON.stringify(c.inputs)}`, () => {
      const { ours, tfjs } = runAgreementCase(catalog, c);
      expect(ours).toEqual(tfjs);
    });
  }
});
